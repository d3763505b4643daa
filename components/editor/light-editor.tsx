"use client";

import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent, type Ref } from "react";
import type { Preferences } from "@/lib/validation/preferences";
import { registerEditorContextReader, selectionForMessage } from "@/lib/client/editor-context";
import { useHydrated } from "@/hooks/use-hydrated";
import { highlightFile } from "./light-highlight";

/** Where the person was in the light view, for Monaco to carry on from (code-editor.tsx). */
export type LightView = {
  path: string;
  text: string;
  /** The text the file showed with, before anything was typed here: where Monaco's undo history starts. */
  opened: string;
  selectionStart: number;
  selectionEnd: number;
  /** The first line scrolled into view, 1-based. */
  topLine: number;
  /** The person moved the cursor or scrolled here; else Monaco restores the file's saved view. */
  moved: boolean;
  focused: boolean;
};

export type LightEditorHandle = {
  /** The view to hand over (null once unmounted). */
  handOver: () => LightView | null;
};

/**
 * The active file as coloured, editable text until the person reaches for the editor (a click, a
 * key, the focus), and while Monaco (about 940 kB gzip of JavaScript, more than the rest of the
 * page) loads after that: a file only read never costs Monaco. It shows, and takes keystrokes, as
 * soon as its text arrives. Every edit goes to the workspace as Monaco's would; Monaco then takes
 * over with the text, the selection, the scroll position and the focus, in one task, so no
 * keystroke falls between the two.
 */
export function LightEditor({
  ref,
  path,
  text,
  preferences,
  readOnly,
  focusToken,
  onChange,
  onEngage,
  onFocusLeaves,
}: {
  ref: Ref<LightEditorHandle>;
  path: string;
  text: string;
  preferences: Pick<Preferences, "fontSize" | "tabSize" | "wordWrap">;
  readOnly: boolean;
  focusToken: number;
  onChange: (path: string, text: string) => void;
  /** The person reached for the editor: Monaco is wanted now. */
  onEngage: () => void;
  /** The view goes while it holds the keyboard focus: whatever replaces it should take the focus. */
  onFocusLeaves: () => void;
}) {
  const hydrated = useHydrated();
  const area = useRef<HTMLTextAreaElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  const [opened] = useState(text);
  const [value, setValue] = useState(text);
  const colored = useHighlight(path, value, value === opened);
  // Monaco's own metrics (its line height is 1.5× the font size on macOS, 1.35× elsewhere), so
  // nothing moves when it takes over.
  const lineHeight = Math.round(preferences.fontSize * (isMac() ? 1.5 : 1.35));

  useImperativeHandle(
    ref,
    () => ({
      handOver() {
        const element = area.current;
        if (!element) return null;
        return {
          path,
          text: element.value,
          opened,
          selectionStart: element.selectionStart,
          selectionEnd: element.selectionEnd,
          topLine: Math.floor((scroller.current?.scrollTop ?? 0) / lineHeight) + 1,
          moved: moved.current,
          focused: document.activeElement === element,
        };
      },
    }),
    [path, opened, lineHeight],
  );

  useEffect(() => {
    if (focusToken > 0) area.current?.focus();
  }, [focusToken]);

  // Monaco takes the focus as it takes over (code-editor.tsx), but a click or a focus call can land
  // here again before this view is removed, and removing it would drop the focus on the page. A
  // layout cleanup runs while the text area is still in the document, so it can tell.
  const focusLeaves = useRef(onFocusLeaves);
  useEffect(() => {
    focusLeaves.current = onFocusLeaves;
  });
  useLayoutEffect(() => {
    const element = area.current;
    return () => {
      if (element && document.activeElement === element) focusLeaves.current();
    };
  }, []);

  // Where the person is, for the agent's next message, as Monaco reports it once it takes over.
  useEffect(
    () =>
      registerEditorContextReader(() => {
        const element = area.current;
        if (!element) return null;
        const { selectionStart: start, selectionEnd: end, value: current } = element;
        const selection = end > start ? selectionForMessage({ text: current.slice(start, end), startLine: positionAt(current, start).line, endLine: positionAt(current, end).line }) : undefined;
        // The cursor is the end the selection was extended to.
        const cursor = positionAt(current, element.selectionDirection === "backward" ? start : end);
        return { path, ...cursor, ...(selection ? { selection } : {}) };
      }),
    [path],
  );

  // Focus alone (the IDE focuses a new file) asks for Monaco but keeps the file's saved view.
  const engage = () => {
    moved.current = true;
    onEngage();
  };

  // Tab indents, as in Monaco; insertText keeps the browser's own undo.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    engage();
    if (event.key !== "Tab" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || readOnly) return;
    event.preventDefault();
    document.execCommand("insertText", false, " ".repeat(preferences.tabSize));
  };

  // The text area draws only the caret and the selection; the coloured copy beneath it draws the
  // text. It grows to the text's full size inside one scroller, so the two never drift apart (the
  // same right padding on both leaves the caret room at the end of the longest line, where the text
  // area would otherwise scroll itself by a few pixels).
  const wrap = preferences.wordWrap;
  const textStyle = {
    tabSize: preferences.tabSize,
    whiteSpace: wrap ? "pre-wrap" : "pre",
    overflowWrap: wrap ? "break-word" : "normal",
    lineHeight: "inherit",
  } as const;
  return (
    <div
      data-testid="light-editor"
      data-path={path}
      data-highlighted={colored !== null}
      className="absolute inset-0 z-10 bg-surface text-neutral-200"
      style={{ fontFamily: monacoFonts, fontSize: preferences.fontSize, lineHeight: `${lineHeight}px` }}
    >
      <div
        ref={scroller}
        className="h-full overflow-auto"
        onScroll={() => {
          moved.current = true;
        }}
      >
        <div className={`relative flex min-h-full ${wrap ? "" : "w-max min-w-full"}`}>
          {!wrap && (
            <div aria-hidden="true" className="sticky left-0 z-10 w-16 shrink-0 bg-surface pr-6 text-right text-neutral-500 select-none">
              <pre className="font-[inherit]">{lineNumbers(lineCount(value))}</pre>
            </div>
          )}
          <div className="relative min-w-0 flex-1">
            {colored !== null ? (
              <pre aria-hidden="true" className="light-code pointer-events-none pr-4 font-[inherit]" style={textStyle} dangerouslySetInnerHTML={{ __html: `${colored}\n` }} />
            ) : (
              <pre aria-hidden="true" className="light-code pointer-events-none pr-4 font-[inherit]" style={textStyle}>{`${value}\n`}</pre>
            )}
            <textarea
              ref={area}
              aria-label={`Editing ${path}`}
              defaultValue={text}
              // Keys typed into server HTML would never reach the workspace: editable once hydrated.
              readOnly={readOnly || !hydrated}
              spellCheck={false}
              autoCapitalize="off"
              autoComplete="off"
              autoCorrect="off"
              wrap={wrap ? "soft" : "off"}
              className="light-input absolute inset-0 h-full w-full resize-none overflow-hidden bg-transparent py-0 pr-4 pl-0 outline-none"
              style={textStyle}
              onPointerDown={engage}
              onFocus={onEngage}
              onKeyDown={onKeyDown}
              onChange={(event) => {
                setValue(event.currentTarget.value);
                onChange(path, event.currentTarget.value);
              }}
            />
          </div>
        </div>
      </div>
    </div>
  );
}

/**
 * `value` coloured by highlight.js (HTML, its text escaped), or null while that loads, for a
 * language it does not know, or for text typed since the last colouring (a keystroke shows at
 * once, in plain text; the colours follow once typing pauses).
 */
function useHighlight(path: string, value: string, asOpened: boolean): string | null {
  const [colored, setColored] = useState<{ value: string; html: string } | null>(null);
  useEffect(() => {
    let live = true;
    const colour = () =>
      highlightFile(path, value).then(
        (html) => {
          if (live && html !== null) setColored({ value, html });
        },
        // Uncoloured text is still the whole text.
        () => {},
      );
    if (asOpened) {
      void colour();
      return () => void (live = false);
    }
    const timer = setTimeout(colour, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [path, value, asOpened]);
  return colored?.value === value ? colored.html : null;
}

const monacoFonts = 'Menlo, Monaco, "Droid Sans Mono", "Courier New", monospace';

function isMac(): boolean {
  return typeof navigator !== "undefined" && /Mac/.test(navigator.platform);
}

/** The 1-based line and column of `offset` in `text`, as Monaco counts them. */
function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: lineCount(before), column: offset - lineStart + 1 };
}

function lineCount(text: string): number {
  let count = 1;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

function lineNumbers(count: number): string {
  return Array.from({ length: count }, (_, i) => i + 1).join("\n");
}
