"use client";

import dynamic from "next/dynamic";
import { useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { textPreviewOf } from "@/lib/client/file-kind";
import type { EditorView } from "@/lib/client/saved-tabs";
import type { OpenDoc } from "@/lib/client/workspace-state";
import type { ReadProjectImage } from "@/hooks/use-project-images";
import { Button } from "@/components/ui/button";
import { BinaryFileView } from "./binary-file-view";
import { EditorTabs } from "./editor-tabs";
import { LargeFileBar } from "./large-file-bar";
import { LightEditor, type LightEditorHandle } from "./light-editor";
import { preloadHighlighter } from "./light-highlight";
import { usePreferences } from "@/hooks/use-preferences";
import { TextPreview, TextPreviewToggle } from "./text-preview";

// Monaco touches window at import time and is large: load it in the browser only, once the person
// reaches for the editor (the light view shows the file until then).
const CodeEditor = dynamic(
  async () => {
    await window.__ideHoldMonaco;
    return (await import("./code-editor")).CodeEditor;
  },
  { ssr: false },
);

declare global {
  interface Window {
    /** End-to-end tests of the light view: Monaco's loading waits for this promise when it is set. */
    __ideHoldMonaco?: Promise<void>;
  }
}

export function EditorPane({
  tabs,
  active,
  docs,
  getText,
  getBytes,
  readImage = null,
  isChangedElsewhere,
  onChange,
  onViewChange,
  takeSavedView,
  onActivate,
  onRequestClose,
  onHistory,
  onRetry,
  toolbar,
  notice,
  focusToken = 0,
  readOnly = false,
  readOnlyHint,
}: {
  tabs: readonly string[];
  active: string | null;
  docs: Readonly<Record<string, OpenDoc>>;
  getText: (path: string) => string;
  /** The bytes of an open file that is not text (its preview and download). */
  getBytes: (path: string) => Uint8Array | null;
  /** Reads the project's pictures for a Markdown preview; omitted → its images show their alt text. */
  readImage?: ReadProjectImage | null;
  /** Tabs whose unsaved edits began on a version saved or deleted elsewhere since. */
  isChangedElsewhere?: (path: string) => boolean;
  onChange: (path: string, text: string) => void;
  /** The cursor or scroll position of a file's editor changed (kept for the next visit). */
  onViewChange?: (path: string, view: EditorView) => void;
  /** Where a file's editor was left on the last visit, once, when it is first shown. */
  takeSavedView?: (path: string) => EditorView | undefined;
  onActivate: (path: string) => void;
  onRequestClose: (path: string) => void;
  /** Opens the history of a tab's file; omitted → no history control on tabs. */
  onHistory?: (path: string) => void;
  onRetry: (path: string) => void;
  /** Shown at the right end of the tab bar (e.g. "Save all"). */
  toolbar?: ReactNode;
  /** Shown between the tabs and the active file (e.g. that it changed elsewhere). */
  notice?: ReactNode;
  /** Each change moves the keyboard focus into the editor once the active file is shown. */
  focusToken?: number;
  /** The editor shows text but cannot change it. */
  readOnly?: boolean;
  /** Why, shown over the editor ("Read only — viewer"). */
  readOnlyHint?: string;
}) {
  const activeDoc = active === null ? undefined : docs[active];
  const textPaths = useMemo(() => tabs.filter((path) => docs[path]?.kind === "text"), [tabs, docs]);
  const isDirty = (path: string) => {
    const doc = docs[path];
    return doc?.kind === "text" && doc.dirty;
  };
  // The editor stays mounted once a text file was shown, so each file keeps its undo history.
  const showText = activeDoc?.kind === "text";
  const textDoc = activeDoc?.kind === "text" ? activeDoc : null;
  const tooLarge = textDoc?.tooLarge ?? null;
  const hint = tooLarge ? "Read only — too large to edit here" : (readOnlyHint ?? "Read only");

  // Markdown opens as source with its preview a click away; an SVG opens as the picture it draws.
  const previewKind = active !== null && textDoc ? textPreviewOf({ path: active }) : null;
  const [previewChoice, setPreviewChoice] = useState<Record<string, boolean>>({});
  const previewShown = previewKind !== null && active !== null && (previewChoice[active] ?? previewKind === "svg");
  // Typing in a previewed file redraws the preview, behind the keystrokes rather than in their way.
  const [typed, setTyped] = useState<{ path: string; revision: number; text: string } | null>(null);
  const change = (path: string, text: string) => {
    onChange(path, text);
    if (previewShown && path === active && textDoc) setTyped({ path, revision: textDoc.revision, text });
  };
  // The light view shows the file and takes keystrokes until Monaco shows it (light-editor.tsx).
  const preferences = usePreferences();
  const light = useRef<LightEditorHandle>(null);
  // Monaco loads when the person reaches for the editor, not before: a file only read never costs it.
  const [monacoWanted, setMonacoWanted] = useState(false);
  const [monacoShown, setMonacoShown] = useState(false);
  // Each time the light view went while it held the focus, the editor that replaces it takes it.
  const [focusHandoffs, setFocusHandoffs] = useState(0);
  const editorFocus = focusToken + focusHandoffs;
  useEffect(preloadHighlighter, []);

  const typedHere = typed !== null && typed.path === active && typed.revision === textDoc?.revision;
  const previewText = useDeferredValue(!previewShown || active === null ? "" : typedHere ? typed.text : getText(active));

  return (
    <section aria-label="Editor" className="flex h-full min-h-0 flex-col bg-surface">
      <div className="flex h-9 shrink-0 items-stretch border-b border-white/10 bg-neutral-900">
        <EditorTabs tabs={tabs} active={active} isDirty={isDirty} isChangedElsewhere={isChangedElsewhere} onActivate={onActivate} onClose={onRequestClose} onHistory={onHistory} />
        {toolbar && <div className="flex shrink-0 items-center gap-1 px-2">{toolbar}</div>}
      </div>
      {notice}
      {active !== null && tooLarge && <LargeFileBar key={active} path={active} tooLarge={tooLarge} getText={getText} />}
      {active !== null && previewKind && (
        <TextPreviewToggle kind={previewKind} shown={previewShown} onToggle={() => setPreviewChoice((choice) => ({ ...choice, [active]: !previewShown }))} />
      )}
      <div className="relative min-h-0 flex-1">
        {textPaths.length > 0 && (
          <div className={previewShown ? "absolute inset-y-0 left-0 w-1/2 border-r border-white/10" : "absolute inset-0"} hidden={!showText}>
            {!monacoShown && showText && active !== null && textDoc && (
              <LightEditor
                key={`${active}\n${textDoc.revision}`}
                ref={light}
                path={active}
                text={getText(active)}
                preferences={preferences}
                readOnly={readOnly || tooLarge !== null}
                focusToken={editorFocus}
                onChange={change}
                onEngage={() => setMonacoWanted(true)}
                onFocusLeaves={() => setFocusHandoffs((count) => count + 1)}
              />
            )}
            {monacoWanted && (
              <CodeEditor
                path={showText ? active : null}
                revision={textDoc?.revision ?? 0}
                openPaths={textPaths}
                getText={getText}
                onChange={change}
                onViewChange={onViewChange}
                takeSavedView={takeSavedView}
                focusToken={editorFocus}
                readOnly={readOnly || tooLarge !== null}
                readOnlyHint={hint}
                takeLightView={() => light.current?.handOver() ?? null}
                onShown={() => setMonacoShown(true)}
              />
            )}
            {showText && (readOnly || tooLarge !== null) && (
              // Over the light view and Monaco alike.
              <span data-testid="read-only-hint" className="pointer-events-none absolute right-4 top-1 z-20 rounded bg-amber-500/15 px-2 py-0.5 text-xs text-amber-300">
                {hint}
              </span>
            )}
          </div>
        )}
        {active !== null && previewShown && previewKind && (
          <div className="absolute inset-y-0 right-0 w-1/2">
            <TextPreview kind={previewKind} path={active} text={previewText} readImage={readImage} />
          </div>
        )}
        {active === null && <EmptyState />}
        {active !== null && activeDoc?.kind === "loading" && <Centered>Loading {active}…</Centered>}
        {active !== null && activeDoc?.kind === "binary" && (
          <BinaryFileView key={active} path={active} size={activeDoc.size} type={activeDoc.type} bytes={getBytes(active)} />
        )}
        {active !== null && activeDoc?.kind === "error" && (
          <Centered>
            <p data-testid="file-error" className="text-red-300">
              Could not open {active}: {activeDoc.message}
            </p>
            <Button className="mt-3" onClick={() => onRetry(active)}>
              Try again
            </Button>
          </Centered>
        )}
      </div>
    </section>
  );
}

function Centered({ children }: { children: ReactNode }) {
  return <div className="flex h-full flex-col items-center justify-center px-6 text-center text-sm text-neutral-400">{children}</div>;
}

function EmptyState() {
  return (
    <Centered>
      <p data-testid="editor-empty">Open a file from the tree, or press</p>
      <p className="mt-2 text-neutral-500">
        <kbd className="rounded border border-white/15 px-1.5 py-0.5 font-mono text-xs">Ctrl/⌘ P</kbd> to find one by name
      </p>
    </Centered>
  );
}
