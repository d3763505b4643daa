"use client";

import { useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from "react";
import type { Preferences } from "@/lib/validation/preferences";

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
 * The active file as plain, editable text while Monaco (about 940 kB gzip of the page's JavaScript)
 * loads behind it: the file shows, and takes keystrokes, as soon as its text arrives. Every edit
 * goes to the workspace as Monaco's would; Monaco then takes over with the text, the selection,
 * the scroll position and the focus, in one task, so no keystroke falls between the two.
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
}: {
  ref: Ref<LightEditorHandle>;
  path: string;
  text: string;
  preferences: Pick<Preferences, "fontSize" | "tabSize" | "wordWrap">;
  readOnly: boolean;
  focusToken: number;
  onChange: (path: string, text: string) => void;
  /** The person reached for the editor: Monaco is wanted now, not when the page is idle. */
  onEngage: () => void;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  const [opened] = useState(text);
  const [lines, setLines] = useState(() => lineCount(text));
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
          topLine: Math.floor(element.scrollTop / lineHeight) + 1,
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

  return (
    <div
      data-testid="light-editor"
      data-path={path}
      className="absolute inset-0 z-10 flex bg-surface text-neutral-200"
      style={{ fontFamily: monacoFonts, fontSize: preferences.fontSize, lineHeight: `${lineHeight}px` }}
    >
      {!preferences.wordWrap && (
        <div ref={gutter} aria-hidden="true" className="w-16 shrink-0 overflow-hidden pr-6 text-right text-neutral-500 select-none">
          <pre className="font-[inherit]">{lineNumbers(lines)}</pre>
        </div>
      )}
      <textarea
        ref={area}
        aria-label={`Editing ${path}`}
        defaultValue={text}
        readOnly={readOnly}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        wrap={preferences.wordWrap ? "soft" : "off"}
        className="h-full min-w-0 flex-1 resize-none bg-transparent p-0 outline-none"
        style={{ tabSize: preferences.tabSize, whiteSpace: preferences.wordWrap ? "pre-wrap" : "pre", lineHeight: "inherit" }}
        onPointerDown={engage}
        onFocus={onEngage}
        onKeyDown={onKeyDown}
        onScroll={(event) => {
          moved.current = true;
          if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
        }}
        onChange={(event) => {
          setLines(lineCount(event.currentTarget.value));
          onChange(path, event.currentTarget.value);
        }}
      />
    </div>
  );
}

const monacoFonts = 'Menlo, Monaco, "Droid Sans Mono", "Courier New", monospace';

function isMac(): boolean {
  return typeof navigator !== "undefined" && /Mac/.test(navigator.platform);
}

function lineCount(text: string): number {
  let count = 1;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

function lineNumbers(count: number): string {
  return Array.from({ length: count }, (_, i) => i + 1).join("\n");
}
