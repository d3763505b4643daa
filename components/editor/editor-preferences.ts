import type * as Monaco from "monaco-editor";
import type { Preferences } from "@/lib/validation/preferences";

/** The editor options a person's preferences set; the rest stay each editor's own. */
export function editorPreferenceOptions(preferences: Preferences): Monaco.editor.IEditorOptions & { tabSize: number; detectIndentation: boolean } {
  return {
    fontSize: preferences.fontSize,
    tabSize: preferences.tabSize,
    // The chosen tab size wins over what Monaco would guess from each file.
    detectIndentation: false,
    wordWrap: preferences.wordWrap ? "on" : "off",
    minimap: { enabled: preferences.minimap },
  };
}

/**
 * What a diff takes from the preferences: its text's size and wrapping. Diffs keep no minimap; tab
 * size is their models' (applyTabSize), as in the editor.
 */
export function diffPreferenceOptions(preferences: Preferences): Pick<Monaco.editor.IDiffEditorOptions, "fontSize" | "wordWrap" | "diffWordWrap"> {
  return {
    fontSize: preferences.fontSize,
    wordWrap: preferences.wordWrap ? "on" : "off",
    // Both sides wrap as the editor does (Monaco's default would follow each side's own setting).
    diffWordWrap: "inherit",
  };
}

/** Indentation of new edits: models carry their own tab size, which editor options do not change. */
export function applyTabSize(models: Monaco.editor.ITextModel[], tabSize: number) {
  for (const model of models) model.updateOptions({ tabSize, indentSize: tabSize });
}
