"use client";

import type * as Monaco from "monaco-editor";
import { useEffect, useRef } from "react";
import { usePreferences } from "@/hooks/use-preferences";
import { applyTabSize } from "./editor-preferences";
import { editorThemeName, setupMonaco } from "./monaco-setup";

// Only ever loaded in the browser (see their-diff.tsx), so it may touch Monaco.
const monaco = setupMonaco();

const options: Monaco.editor.IStandaloneDiffEditorConstructionOptions = {
  readOnly: true,
  originalEditable: false,
  automaticLayout: true,
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
  const diffEditor = useRef<Monaco.editor.IStandaloneDiffEditor | null>(null);
  const { fontSize, tabSize } = usePreferences();
  // Read when the diff is created; later changes arrive through the effect below.
  const sizes = useRef({ fontSize, tabSize });
  useEffect(() => {
    sizes.current = { fontSize, tabSize };
  });

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const language = languageOf(path);
    // In-memory models (not file:// ones): the editor's own models of project files stay untouched.
    const models = { original: monaco.editor.createModel(original, language), modified: monaco.editor.createModel(modified, language) };
    const editor = monaco.editor.createDiffEditor(element, { ...options, fontSize: sizes.current.fontSize });
    applyTabSize([models.original, models.modified], sizes.current.tabSize);
    editor.setModel(models);
    diffEditor.current = editor;
    return () => {
      diffEditor.current = null;
      editor.dispose();
      models.original.dispose();
      models.modified.dispose();
    };
  }, [path, original, modified]);

  // The person's font and tab size, live; the diff keeps its own word wrap and no minimap.
  useEffect(() => {
    const editor = diffEditor.current;
    if (!editor) return;
    editor.updateOptions({ fontSize });
    const models = editor.getModel();
    if (models) applyTabSize([models.original, models.modified], tabSize);
  }, [fontSize, tabSize]);

  return <div ref={container} className="h-full w-full" data-testid="text-diff" data-path={path} />;
}
