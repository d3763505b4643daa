"use client";

import { DiffEditor } from "@monaco-editor/react";
import type * as Monaco from "monaco-editor";
import { useEffect, useMemo, useState } from "react";
import { applyTabSize, diffPreferenceOptions } from "@/components/editor/editor-preferences";
import { editorThemeName, setupMonaco } from "@/components/editor/monaco-setup";
import { usePreferences } from "@/hooks/use-preferences";

// Loaded in the browser only (see change-review-dialog.tsx): the same bundled Monaco and workers as the
// editor, never the CDN.
const monaco = setupMonaco();

declare global {
  interface Window {
    /** For end-to-end tests: the texts the open agent diff compares, and the options its right side shows them with. */
    __agentDiffTest?: {
      original: () => string | null;
      modified: () => string | null;
      shown: () => { fontSize: number; wordWrap: string; tabSize: number | null };
    };
  }
}

const options: Monaco.editor.IDiffEditorConstructionOptions = {
  readOnly: true,
  originalEditable: false,
  automaticLayout: true,
  renderSideBySide: true,
  useInlineViewWhenSpaceIsLimited: true,
  renderSideBySideInlineBreakpoint: 720,
  hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 5, revealLineCount: 20 },
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  renderOverviewRuler: false,
  // Read-only copies of a script would report each other's declarations as duplicates.
  renderValidationDecorations: "off",
  fixedOverflowWidgets: true,
};

/**
 * Model URI for one side of a diff. Not a `file:` URI: those are the editor's open files, whose
 * models it disposes and syncs. The real path's extension lets Monaco pick the language.
 */
function diffModelPath({ turnId, side, path }: { turnId: string; side: "before" | "after"; path: string }): string {
  return monaco.Uri.from({ scheme: "agent-diff", path: `/${turnId}/${side}/${path}` }).toString();
}

/** Monaco's language for a path, by file name or extension (the wrapper would otherwise say "text"). */
function languageForPath(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const extension = name.includes(".") ? name.slice(name.lastIndexOf(".")) : "";
  for (const language of monaco.languages.getLanguages()) {
    if (language.filenames?.some((file) => file.toLowerCase() === name)) return language.id;
    if (extension && language.extensions?.some((ext) => ext.toLowerCase() === extension)) return language.id;
  }
  return "plaintext";
}

/**
 * A read-only Monaco diff of one file: before the turn (checkpoint) on the left, after it on the
 * right, in the person's font size, word wrap, tab size and theme (the global editor theme), live.
 */
export function ChangeDiff({
  turnId,
  path,
  before,
  after,
  sideBySide,
}: {
  turnId: string;
  path: string;
  before: string;
  after: string;
  sideBySide: boolean;
}) {
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneDiffEditor | null>(null);
  const preferences = usePreferences();
  const shownOptions = useMemo(() => ({ ...options, ...diffPreferenceOptions(preferences), renderSideBySide: sideBySide }), [sideBySide, preferences]);
  const language = useMemo(() => languageForPath(path), [path]);

  // The wrapper swaps models when the path changes (in its own effects, which run before this one).
  useEffect(() => {
    const models = editor?.getModel();
    if (models) applyTabSize([models.original, models.modified], preferences.tabSize);
  }, [editor, path, preferences.tabSize]);

  useEffect(() => {
    if (!editor) return;
    window.__agentDiffTest = {
      original: () => editor.getModel()?.original.getValue() ?? null,
      modified: () => editor.getModel()?.modified.getValue() ?? null,
      shown: () => {
        const right = editor.getModifiedEditor();
        return {
          fontSize: right.getOption(monaco.editor.EditorOption.fontSize),
          wordWrap: right.getOption(monaco.editor.EditorOption.wordWrap),
          tabSize: right.getModel()?.getOptions().tabSize ?? null,
        };
      },
    };
    return () => {
      delete window.__agentDiffTest;
      // Detach before disposing: Monaco's diff widget throws when its models go first.
      try {
        const models = editor.getModel();
        editor.setModel(null);
        models?.original.dispose();
        models?.modified.dispose();
      } catch {
        // Already disposed by the wrapper.
      }
    };
  }, [editor]);

  return (
    <div className="h-full w-full" data-testid="agent-diff" data-path={path} data-ready={editor ? "true" : "false"}>
      <DiffEditor
        original={before}
        modified={after}
        originalModelPath={diffModelPath({ turnId, side: "before", path })}
        modifiedModelPath={diffModelPath({ turnId, side: "after", path })}
        language={language}
        keepCurrentOriginalModel
        keepCurrentModifiedModel
        theme={editorThemeName}
        options={shownOptions}
        loading={<div className="flex h-full items-center justify-center text-sm text-neutral-500">Loading diff…</div>}
        onMount={(mounted) => setEditor(mounted)}
      />
    </div>
  );
}
