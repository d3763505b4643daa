"use client";

import dynamic from "next/dynamic";
import { useMemo, type ReactNode } from "react";
import type { OpenDoc } from "@/lib/client/workspace-state";
import { Button } from "@/components/ui/button";
import { BinaryFileView } from "./binary-file-view";
import { EditorTabs } from "./editor-tabs";

// Monaco touches window at import time and is large: load it in the browser only, on first use.
const CodeEditor = dynamic(() => import("./code-editor").then((m) => m.CodeEditor), {
  ssr: false,
  loading: () => <Centered>Loading editor…</Centered>,
});

export function EditorPane({
  tabs,
  active,
  docs,
  getText,
  isChangedElsewhere,
  onChange,
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
  /** Tabs whose unsaved edits began on a version saved or deleted elsewhere since. */
  isChangedElsewhere?: (path: string) => boolean;
  onChange: (path: string, text: string) => void;
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

  return (
    <section aria-label="Editor" className="flex h-full min-h-0 flex-col bg-surface">
      <div className="flex h-9 shrink-0 items-stretch border-b border-white/10 bg-neutral-900">
        <EditorTabs tabs={tabs} active={active} isDirty={isDirty} isChangedElsewhere={isChangedElsewhere} onActivate={onActivate} onClose={onRequestClose} onHistory={onHistory} />
        {toolbar && <div className="flex shrink-0 items-center gap-1 px-2">{toolbar}</div>}
      </div>
      {notice}
      <div className="relative min-h-0 flex-1">
        {textPaths.length > 0 && (
          <div className="absolute inset-0" hidden={!showText}>
            <CodeEditor
              path={showText ? active : null}
              revision={activeDoc?.kind === "text" ? activeDoc.revision : 0}
              openPaths={textPaths}
              getText={getText}
              onChange={onChange}
              focusToken={focusToken}
              readOnly={readOnly}
              readOnlyHint={readOnlyHint}
            />
          </div>
        )}
        {active === null && <EmptyState />}
        {active !== null && activeDoc?.kind === "loading" && <Centered>Loading {active}…</Centered>}
        {active !== null && activeDoc?.kind === "binary" && <BinaryFileView path={active} size={activeDoc.size} />}
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
