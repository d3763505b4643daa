"use client";

import type * as Monaco from "monaco-editor";
import { useEffect, useRef } from "react";
import { editorThemeName, setupMonaco } from "./monaco-setup";

// Only ever loaded in the browser (see their-diff.tsx), so it may touch Monaco.
const monaco = setupMonaco();

const options: Monaco.editor.IStandaloneDiffEditorConstructionOptions = {
  readOnly: true,
  originalEditable: false,
  automaticLayout: true,
  fontSize: 13,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  renderOverviewRuler: false,
  // Both sides fit the pane's width: a long line wraps instead of hiding its end.
  wordWrap: "on",
  // Always side by side, under the "theirs | yours" headings (Monaco would switch to one column in a narrow pane).
  renderSideBySide: true,
  useInlineViewWhenSpaceIsLimited: false,
  theme: editorThemeName,
};

/** Monaco's language for a path, by its extension; plain text when none claims it. */
function languageOf(path: string): string {
  const dot = path.lastIndexOf(".");
  const extension = dot > path.lastIndexOf("/") ? path.slice(dot).toLowerCase() : "";
  if (!extension) return "plaintext";
  return monaco.languages.getLanguages().find((language) => language.extensions?.includes(extension))?.id ?? "plaintext";
}

/** A read-only diff of two versions of a file: `original` on the left, `modified` on the right. */
export function TextDiff({ path, original, modified }: { path: string; original: string; modified: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const language = languageOf(path);
    // In-memory models (not file:// ones): the editor's own models of project files stay untouched.
    const models = { original: monaco.editor.createModel(original, language), modified: monaco.editor.createModel(modified, language) };
    const editor = monaco.editor.createDiffEditor(element, options);
    editor.setModel(models);
    return () => {
      editor.dispose();
      models.original.dispose();
      models.modified.dispose();
    };
  }, [path, original, modified]);

  return <div ref={container} className="h-full w-full" data-testid="text-diff" data-path={path} />;
}
