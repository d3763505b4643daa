/**
 * The IDE's commands and their key bindings, in one place: the command palette lists them with
 * their keys, and the shortcuts sheet shows the same table. A command without keys is palette-only.
 */
export const ideCommands = [
  { id: "save", title: "File: Save", keys: "Ctrl+S" },
  { id: "saveAll", title: "File: Save all", keys: "Ctrl+Shift+S" },
  { id: "quickOpen", title: "Go to file…", keys: "Ctrl+P" },
  { id: "search", title: "Search: Find in files", keys: "Ctrl+Shift+F" },
  { id: "palette", title: "Show all commands", keys: "Ctrl+Shift+P" },
  { id: "run", title: "Run the active file", keys: "Ctrl+Enter" },
  { id: "toggleTree", title: "View: Toggle file tree", keys: "Ctrl+B" },
  { id: "toggleBottom", title: "View: Toggle terminal", keys: "Ctrl+J" },
  { id: "toggleSide", title: "View: Toggle side panel", keys: "Ctrl+Alt+B" },
  { id: "history", title: "History: Show the timeline" },
  { id: "shortcuts", title: "Help: Keyboard shortcuts", keys: "?" },
  { id: "settings", title: "Preferences: Open settings" },
  { id: "projects", title: "Go to projects" },
] as const;

export type IdeCommandId = (typeof ideCommands)[number]["id"];

/** Keys shown the way this platform writes them (⌘ on a Mac). */
export function keyLabel(keys: string, mac: boolean): string {
  return mac ? keys.replace(/Ctrl\+/g, "⌘").replace(/Alt\+/g, "⌥").replace(/Shift\+/g, "⇧") : keys;
}
