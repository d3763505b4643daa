import type { FileEntry, ProjectListing } from "@/lib/validation/projects";
import { isSameOrInside } from "@/lib/validation/paths";
import type { BinaryType } from "./file-kind";
import { remapPath, remapPathList, remapRecordKeys } from "./path-remap";

/** What the IDE knows about one open tab. The live text of text documents is kept outside React. */
export type OpenDoc =
  | { kind: "loading" }
  | {
      kind: "text";
      /** Blob hash the current text was based on; a save compares it with the listing to spot edits made elsewhere. */
      baseHash: string | null;
      /** Text of that blob, or null while it is unknown (a restored draft whose base is not loaded). */
      savedText: string | null;
      dirty: boolean;
      /** Bumped whenever the text is replaced from outside the editor, so the editor reloads its model. */
      revision: number;
      /** Past textEditLimits: shown read-only, with why. */
      tooLarge?: { size: number; lines: number };
    }
  | { kind: "binary"; hash: string | null; size: number; type: BinaryType }
  | { kind: "error"; message: string };

/** A file's text rendered into the IDE page with it, as it is at the listing's snapshot (lib/projects/initial-file.ts). */
export type InitialFile = { path: string; text: string };

/** A save refused because files changed elsewhere; `snapshotId` holds their version (null: unknown). */
export type ConflictPrompt = { paths: string[]; message: string; snapshotId: string | null };

export type WorkspaceState = {
  listing: ProjectListing;
  tabs: string[];
  active: string | null;
  docs: Record<string, OpenDoc>;
  /** Saves sent and not yet answered. */
  saving: number;
  conflict: ConflictPrompt | null;
};

export type WorkspaceAction =
  | { type: "open"; path: string; activate?: boolean; /** Where in the tab bar; by default last. */ at?: number }
  | { type: "activate"; path: string }
  | { type: "close"; path: string }
  | { type: "docLoaded"; path: string; doc: Exclude<OpenDoc, { kind: "text" }> | Omit<Extract<OpenDoc, { kind: "text" }>, "revision"> }
  | { type: "dirtyChanged"; path: string; dirty: boolean }
  | { type: "written"; path: string; baseHash: string | null; savedText: string; dirty: boolean }
  | { type: "moved"; from: string; to: string }
  | { type: "removed"; path: string }
  | { type: "listingChanged"; listing: ProjectListing }
  | { type: "savingChanged"; delta: 1 | -1 }
  | { type: "conflictChanged"; conflict: ConflictPrompt | null };

/** The state a page starts from: no tab open, or the file the page was rendered with, loaded and active. */
export function initialWorkspaceState({ listing, file = null }: { listing: ProjectListing; file?: InitialFile | null }): WorkspaceState {
  const entry = file === null ? undefined : fileEntryByPath({ listing }).get(file.path);
  if (!file || !entry) return { listing, tabs: [], active: null, docs: {}, saving: 0, conflict: null };
  const doc: OpenDoc = { kind: "text", baseHash: entry.hash, savedText: file.text, dirty: false, revision: 1 };
  return { listing, tabs: [file.path], active: file.path, docs: { [file.path]: doc }, saving: 0, conflict: null };
}

export function workspaceReducer(state: WorkspaceState, action: WorkspaceAction): WorkspaceState {
  switch (action.type) {
    case "open": {
      const known = state.tabs.includes(action.path);
      if (known && (action.activate === false || state.active === action.path)) return state;
      const at = Math.min(action.at ?? state.tabs.length, state.tabs.length);
      return {
        ...state,
        tabs: known ? state.tabs : [...state.tabs.slice(0, at), action.path, ...state.tabs.slice(at)],
        active: action.activate === false && state.active !== null ? state.active : action.path,
        docs: known ? state.docs : { ...state.docs, [action.path]: state.docs[action.path] ?? { kind: "loading" } },
      };
    }
    case "activate":
      return state.tabs.includes(action.path) && state.active !== action.path ? { ...state, active: action.path } : state;
    case "close":
      return closeTabs(state, (path) => path === action.path);
    case "docLoaded": {
      if (!state.tabs.includes(action.path)) return state;
      const previous = state.docs[action.path];
      const doc: OpenDoc =
        action.doc.kind === "text"
          ? { ...action.doc, revision: previous?.kind === "text" ? previous.revision + 1 : 1 }
          : action.doc;
      return { ...state, docs: { ...state.docs, [action.path]: doc } };
    }
    case "dirtyChanged": {
      const doc = state.docs[action.path];
      if (doc?.kind !== "text" || doc.dirty === action.dirty) return state;
      return { ...state, docs: { ...state.docs, [action.path]: { ...doc, dirty: action.dirty } } };
    }
    case "written": {
      const doc = state.docs[action.path];
      if (doc?.kind !== "text") return state;
      const next = { ...doc, baseHash: action.baseHash, savedText: action.savedText, dirty: action.dirty };
      return { ...state, docs: { ...state.docs, [action.path]: next } };
    }
    case "moved": {
      const { from, to } = action;
      return {
        ...state,
        tabs: remapPathList({ paths: state.tabs, from, to }),
        active: state.active === null ? null : (remapPath({ path: state.active, from, to }) ?? state.active),
        docs: remapRecordKeys({ record: state.docs, from, to }),
      };
    }
    case "removed":
      return closeTabs(state, (path) => isSameOrInside(path, action.path));
    case "listingChanged":
      return { ...state, listing: action.listing };
    case "savingChanged":
      return { ...state, saving: Math.max(0, state.saving + action.delta) };
    case "conflictChanged":
      return { ...state, conflict: action.conflict };
  }
}

/** Closes the matching tabs; the active tab falls to its right-hand neighbour, else the left one. */
function closeTabs(state: WorkspaceState, shouldClose: (path: string) => boolean): WorkspaceState {
  if (!state.tabs.some(shouldClose)) return state;
  const tabs = state.tabs.filter((path) => !shouldClose(path));
  const docs = { ...state.docs };
  for (const path of state.tabs) if (shouldClose(path)) delete docs[path];
  let active = state.active;
  if (active !== null && shouldClose(active)) {
    const index = state.tabs.indexOf(active);
    const right = state.tabs.slice(index + 1).find((path) => !shouldClose(path));
    const left = state.tabs.slice(0, index).reverse().find((path) => !shouldClose(path));
    active = right ?? left ?? null;
  }
  return { ...state, tabs, docs, active };
}

export function fileEntryByPath({ listing }: { listing: ProjectListing }): Map<string, Extract<FileEntry, { kind: "file" }>> {
  const map = new Map<string, Extract<FileEntry, { kind: "file" }>>();
  for (const entry of listing.entries) if (entry.kind === "file") map.set(entry.path, entry);
  return map;
}

/**
 * After the listing changed (a save, a reload), which open tabs no longer match the server: clean
 * tabs of files that are gone are closed, clean tabs of files that changed are reloaded. Dirty tabs
 * are kept as they are; their drafts are checked against the listing when they are saved.
 */
export function reconcileOpenDocs({
  docs,
  listing,
}: {
  docs: Readonly<Record<string, OpenDoc>>;
  listing: ProjectListing;
}): { close: string[]; reload: string[] } {
  const files = fileEntryByPath({ listing });
  const close: string[] = [];
  const reload: string[] = [];
  for (const [path, doc] of Object.entries(docs)) {
    const entry = files.get(path);
    switch (doc.kind) {
      case "text":
        if (doc.dirty) break;
        if (!entry) close.push(path);
        else if (entry.hash !== doc.baseHash) reload.push(path);
        break;
      case "binary":
        if (!entry) close.push(path);
        else if (entry.hash !== doc.hash) reload.push(path);
        break;
      case "error":
        (entry ? reload : close).push(path);
        break;
      case "loading":
        break;
    }
  }
  return { close, reload };
}

/**
 * The paths among `paths` whose server version is no longer the one the edit started from: the
 * client's own check for edits made in another browser, since a base that already includes such an
 * edit would let the server accept an overwrite.
 */
export function findStaleEdits({
  docs,
  listing,
  paths,
}: {
  docs: Readonly<Record<string, OpenDoc>>;
  listing: ProjectListing;
  paths: readonly string[];
}): string[] {
  const files = fileEntryByPath({ listing });
  return paths.filter((path) => {
    const doc = docs[path];
    if (doc?.kind !== "text") return false;
    return (files.get(path)?.hash ?? null) !== doc.baseHash;
  });
}
