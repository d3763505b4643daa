"use client";

import { onRevealRequest, takeReveal } from "@/lib/client/editor-reveal";
import Editor from "@monaco-editor/react";
import type * as Monaco from "monaco-editor";
import { useEffect, useMemo, useRef, useState } from "react";
import { registerEditorContextReader, selectionForMessage } from "@/lib/client/editor-context";
import type { EditorView } from "@/lib/client/saved-tabs";
import { usePreferences } from "@/hooks/use-preferences";
import { applyTabSize, editorPreferenceOptions } from "./editor-preferences";
import type { LightView } from "./light-editor";
import { editorThemeName, modelUri, setupMonaco } from "./monaco-setup";

// This module is only ever loaded in the browser (see editor-pane.tsx), so it may touch Monaco.
const monaco = setupMonaco();

declare global {
  interface Window {
    /** Hooks for end-to-end tests: read or replace the text of the active editor. */
    __ideTest?: {
      getEditorValue: () => string | null;
      getEditorPath: () => string | null;
      getCursor: () => { line: number; column: number; scrollTop: number } | null;
      setEditorValue: (text: string) => void;
      getMarkers: () => { message: string; severity: number; startLineNumber: number }[];
    };
  }
}

// Font size, tab size, word wrap and the minimap come from the person's preferences.
const options: Monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  scrollBeyondLastLine: false,
  // Suggestion and hover widgets escape the pane's overflow:hidden instead of being clipped.
  fixedOverflowWidgets: true,
  renderWhitespace: "selection",
};

const readOnlyOptions = (hint: string): Monaco.editor.IStandaloneEditorConstructionOptions => ({
  ...options,
  readOnly: true,
  readOnlyMessage: { value: `${hint}: this editor cannot change the project` },
});

function pathOfModel(model: Monaco.editor.ITextModel | null): string | null {
  if (!model || model.uri.scheme !== "file") return null;
  return model.uri.path.slice(1);
}

export type CodeEditorProps = {
  /** The text document to show; null when the active tab is not a text file. */
  path: string | null;
  /** Changes when the document's text was replaced from outside the editor. */
  revision: number;
  /** Text documents still open; the models of the others are disposed. */
  openPaths: readonly string[];
  getText: (path: string) => string;
  onChange: (path: string, text: string) => void;
  /** The cursor or scroll position changed in the editor of `path`. */
  onViewChange?: (path: string, view: EditorView) => void;
  /** Where the editor of `path` was left on the last visit; asked once, when it is first shown. */
  takeSavedView?: (path: string) => EditorView | undefined;
  /** Each change focuses the editor, as soon as it shows a file. */
  focusToken?: number;
  /** Text can be read, selected and copied but not changed (a viewer, a share link's visitor). */
  readOnly?: boolean;
  /** Shown over a read-only editor, saying why ("Read only — viewer"). */
  readOnlyHint?: string;
  /** The light view shown while Monaco loaded (light-editor.tsx): where the person was in it. */
  takeLightView?: () => LightView | null;
  /** Monaco shows the file (or would, once one is open): the light view can go. */
  onShown?: () => void;
};

/** Selects a search result's match (lib/client/editor-reveal) once the editor holds its file. */
function revealRequested(editor: Monaco.editor.IStandaloneCodeEditor) {
  const model = editor.getModel();
  const target = takeReveal(pathOfModel(model), model?.getLineCount() ?? 0);
  if (!target) return;
  const range = { startLineNumber: target.line, startColumn: target.start + 1, endLineNumber: target.line, endColumn: target.end + 1 };
  editor.setSelection(range);
  editor.revealRangeInCenter(range);
  editor.focus();
}

/**
 * Takes over from the light view in the same task as it goes: its text, as one undoable edit from
 * the text the file opened with (the model starts there), its focus and, once the person moved
 * there, its selection and first visible line.
 */
function carryOn(editor: Monaco.editor.IStandaloneCodeEditor, model: Monaco.editor.ITextModel, light: LightView | null, path: string) {
  if (!light || light.path !== path) return;
  if (model.getValue() !== light.text) {
    model.pushStackElement();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: light.text }], () => null);
    model.pushStackElement();
  }
  if (light.focused) editor.focus();
  if (!light.moved) return;
  const start = model.getPositionAt(light.selectionStart);
  const end = model.getPositionAt(light.selectionEnd);
  editor.setSelection({ startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column });
  editor.setScrollTop(editor.getTopForLineNumber(light.topLine));
}

/** Monaco with one model per open file, so each tab keeps its undo history and cursor. */
export function CodeEditor({
  path,
  revision,
  openPaths,
  getText,
  onChange,
  onViewChange,
  takeSavedView,
  focusToken = 0,
  readOnly = false,
  readOnlyHint = "Read only",
  takeLightView,
  onShown,
}: CodeEditorProps) {
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const preferences = usePreferences();
  const editorOptions = useMemo(
    () => ({ ...(readOnly ? readOnlyOptions(readOnlyHint) : options), ...editorPreferenceOptions(preferences) }),
    [readOnly, readOnlyHint, preferences],
  );
  const revisions = useRef(new Map<string, number>());
  const viewStates = useRef(new Map<string, Monaco.editor.ICodeEditorViewState | null>());
  const onChangeRef = useRef(onChange);
  const onViewChangeRef = useRef(onViewChange);
  useEffect(() => {
    onChangeRef.current = onChange;
    onViewChangeRef.current = onViewChange;
  });

  const pendingFocus = useRef(false);
  useEffect(() => {
    pendingFocus.current = focusToken > 0;
  }, [focusToken]);

  const shown = useRef(false);
  useEffect(() => {
    if (!editor) return;
    if (path === null) {
      if (!shown.current) onShown?.();
      shown.current = true;
      return;
    }
    // Asked before the model exists: a file first edited in the light view starts from the text it
    // opened with, so Ctrl+Z in Monaco undoes what was typed before Monaco arrived too.
    const light = shown.current ? null : (takeLightView?.() ?? null);
    const uri = modelUri(path);
    let model = monaco.editor.getModel(uri);
    if (!model) {
      model = monaco.editor.createModel(light?.path === path ? light.opened : getText(path), undefined, uri);
      revisions.current.set(path, revision);
    } else if (revisions.current.get(path) !== revision) {
      revisions.current.set(path, revision);
      const text = getText(path);
      // Replaced as an edit, not setValue, so undo can bring back what was there (e.g. after "Reload theirs").
      if (model.getValue() !== text) {
        model.pushStackElement();
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
        model.pushStackElement();
      }
    }
    const current = editor.getModel();
    if (current !== model) {
      const currentPath = pathOfModel(current);
      const currentView = editor.saveViewState();
      if (currentPath !== null) viewStates.current.set(currentPath, currentView);
      // Taken before the switch: the new model's own cursor event must not replace it.
      const saved = viewStates.current.has(path) ? undefined : takeSavedView?.(path);
      editor.setModel(model);
      // A renamed or moved file keeps its cursor and scroll position: its old model is about to go.
      const moved = currentPath !== null && !openPaths.includes(currentPath);
      const viewState = viewStates.current.get(path) ?? (moved ? currentView : null);
      if (viewState) editor.restoreViewState(viewState);
      else if (saved) {
        editor.setPosition({ lineNumber: saved.line, column: saved.column });
        editor.setScrollPosition({ scrollTop: saved.scrollTop, scrollLeft: saved.scrollLeft });
      }
    }
    if (!shown.current) {
      shown.current = true;
      carryOn(editor, model, light, path);
      onShown?.();
    }
    if (pendingFocus.current) {
      pendingFocus.current = false;
      editor.focus();
    }
    revealRequested(editor);
    // openPaths is read only to recognise a move; it changing alone needs no model switch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, path, revision, getText, focusToken]);

  // Every open file, including ones opened later (a new path), indents by the chosen tab size.
  useEffect(() => {
    if (!editor) return;
    applyTabSize(monaco.editor.getModels().filter((model) => pathOfModel(model) !== null), preferences.tabSize);
  }, [editor, path, preferences.tabSize]);

  useEffect(() => {
    if (!editor) return;
    const keep = new Set(openPaths);
    for (const model of monaco.editor.getModels()) {
      const modelPath = pathOfModel(model);
      if (modelPath === null || keep.has(modelPath)) continue;
      if (editor.getModel() === model) editor.setModel(null);
      model.dispose();
      revisions.current.delete(modelPath);
      viewStates.current.delete(modelPath);
    }
  }, [editor, openPaths]);

  useEffect(() => {
    if (!editor) return;
    const subscription = editor.onDidChangeModelContent(() => {
      const model = editor.getModel();
      const modelPath = pathOfModel(model);
      if (model && modelPath !== null) onChangeRef.current(modelPath, model.getValue());
    });
    // Where each file was left is kept for the next visit (see lib/client/tab-keeper.ts).
    const reportView = () => {
      const modelPath = pathOfModel(editor.getModel());
      const position = editor.getPosition();
      if (modelPath === null || !position) return;
      onViewChangeRef.current?.(modelPath, {
        line: position.lineNumber,
        column: position.column,
        scrollTop: editor.getScrollTop(),
        scrollLeft: editor.getScrollLeft(),
      });
    };
    const cursorMoves = editor.onDidChangeCursorPosition(reportView);
    const scrolls = editor.onDidScrollChange(reportView);
    // The agent panel reads where the person is when they send a message.
    const unregister = registerEditorContextReader(() => {
      const model = editor.getModel();
      const modelPath = pathOfModel(model);
      const position = editor.getPosition();
      if (!model || modelPath === null || !position) return null;
      const selection = editor.getSelection();
      const selected =
        selection && !selection.isEmpty()
          ? selectionForMessage({ text: model.getValueInRange(selection), startLine: selection.startLineNumber, endLine: selection.endLineNumber })
          : undefined;
      return { path: modelPath, line: position.lineNumber, column: position.column, ...(selected ? { selection: selected } : {}) };
    });
    window.__ideTest = {
      getEditorValue: () => editor.getModel()?.getValue() ?? null,
      getEditorPath: () => pathOfModel(editor.getModel()),
      getCursor() {
        const position = editor.getPosition();
        return position ? { line: position.lineNumber, column: position.column, scrollTop: editor.getScrollTop() } : null;
      },
      setEditorValue(text) {
        const model = editor.getModel();
        if (!model) throw new Error("No file is open in the editor");
        editor.executeEdits("test", [{ range: model.getFullModelRange(), text }]);
      },
      getMarkers() {
        const model = editor.getModel();
        return model ? monaco.editor.getModelMarkers({ resource: model.uri }) : [];
      },
    };
    const offReveal = onRevealRequest(() => revealRequested(editor));
    return () => {
      offReveal();
      subscription.dispose();
      cursorMoves.dispose();
      scrolls.dispose();
      unregister();
      delete window.__ideTest;
      // Models are global to the page: drop this project's files so another project's tabs
      // opened later in the same page never see them.
      for (const model of monaco.editor.getModels()) if (pathOfModel(model) !== null) model.dispose();
    };
  }, [editor]);

  return (
    <div
      className="relative h-full w-full"
      data-testid="editor"
      data-path={path ?? undefined}
      data-ready={editor ? "true" : "false"}
      data-read-only={readOnly ? "true" : undefined}
      hidden={path === null}
    >
      <Editor
        theme={editorThemeName}
        options={editorOptions}
        keepCurrentModel
        loading={<div className="flex h-full items-center justify-center text-sm text-neutral-500">Loading editor…</div>}
        onMount={(mounted: Monaco.editor.IStandaloneCodeEditor) => {
          // The wrapper creates a placeholder model; ours are set per tab.
          const placeholder = mounted.getModel();
          mounted.setModel(null);
          placeholder?.dispose();
          setEditor(mounted);
        }}
      />
    </div>
  );
}
