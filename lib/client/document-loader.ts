import { describeError } from "./conflict";
import type { Draft } from "./drafts";
import { decodeFileBytes } from "./file-bytes";
import { detectBinaryType, textTooLarge } from "./file-kind";
import type { ProjectApi } from "./project-api";
import type { Store } from "./store";
import { fileEntryByPath, type WorkspaceAction, type WorkspaceState } from "./workspace-state";

/**
 * Loads the content of open tabs at the listing's snapshot. Only the latest load of a path counts,
 * and a reload never overwrites typing that started while it was running.
 */
export function createDocumentLoader({
  projectId,
  api,
  store,
  liveText,
  binaryBytes,
  takeRestoredDraft,
  forgetDraft,
}: {
  projectId: string;
  api: ProjectApi;
  store: Store<WorkspaceState, WorkspaceAction>;
  /** The live text of text documents; set here when a document is (re)loaded. */
  liveText: Map<string, string>;
  /** The bytes of open files that are not text (an image preview, a download); set here too. */
  binaryBytes: Map<string, Uint8Array>;
  /** A draft found at start-up for `path`, handed over once. */
  takeRestoredDraft: (path: string) => Draft | undefined;
  forgetDraft: (path: string) => void;
}) {
  const { getState, dispatch } = store;
  const loads = new Map<string, number>();
  let seq = 0;

  async function load(path: string, { replace = false }: { replace?: boolean } = {}) {
    const token = ++seq;
    loads.set(path, token);
    const { listing } = getState();
    const entry = fileEntryByPath({ listing }).get(path);
    const stillWanted = () => {
      if (loads.get(path) !== token) return false;
      const current = getState().docs[path];
      return current !== undefined && (replace || current.kind !== "text" || !current.dirty);
    };
    try {
      if (!entry || listing.snapshotId === null) {
        if (!stillWanted()) return;
        const draft = replace ? undefined : takeRestoredDraft(path);
        if (draft) {
          // The file is gone (or never existed) on the server; the draft is all there is.
          liveText.set(path, draft.content);
          dispatch({ type: "docLoaded", path, doc: { kind: "text", baseHash: draft.baseHash, savedText: null, dirty: true } });
        } else {
          dispatch({ type: "docLoaded", path, doc: { kind: "error", message: "This file does not exist on the server." } });
        }
        return;
      }
      const bytes = await api.readBytes(projectId, path, listing.snapshotId);
      if (!stillWanted()) return;
      const draft = replace ? undefined : takeRestoredDraft(path);
      const decoded = decodeFileBytes({ bytes });
      if (decoded.kind === "binary") {
        if (draft) forgetDraft(path);
        liveText.delete(path);
        binaryBytes.set(path, bytes);
        dispatch({ type: "docLoaded", path, doc: { kind: "binary", hash: entry.hash, size: decoded.size, type: detectBinaryType({ path, bytes }) } });
        reloadIfMoved(path, entry.hash);
        return;
      }
      const text = draft?.content ?? decoded.text;
      const dirty = text !== decoded.text;
      liveText.set(path, text);
      binaryBytes.delete(path);
      // A restored draft keeps the hash it started from, so saving it can tell whether the file
      // changed on the server in the meantime.
      const baseHash = draft && dirty ? draft.baseHash : entry.hash;
      // Unsaved edits stay editable whatever their size; a file only opens read-only as it is saved.
      const tooLarge = dirty ? null : textTooLarge({ text, size: bytes.length });
      dispatch({ type: "docLoaded", path, doc: { kind: "text", baseHash, savedText: decoded.text, dirty, ...(tooLarge ? { tooLarge } : {}) } });
      if (!dirty) forgetDraft(path);
      reloadIfMoved(path, entry.hash);
    } catch (error) {
      if (loads.get(path) === token)
        dispatch({ type: "docLoaded", path, doc: { kind: "error", message: describeError({ error }) } });
    } finally {
      if (loads.get(path) === token) loads.delete(path);
    }
  }

  /**
   * The listing may have moved while the file was read (the head channel applies changes at any
   * time), and the open tabs were reconciled without this one, still loading: a clean tab whose
   * file changed meanwhile loads again.
   */
  function reloadIfMoved(path: string, loadedHash: string) {
    const doc = getState().docs[path];
    const now = fileEntryByPath({ listing: getState().listing }).get(path);
    if (now?.hash !== loadedHash && doc?.kind !== "loading" && !(doc?.kind === "text" && doc.dirty)) queueMicrotask(() => void load(path));
  }

  // Any tab waiting in "loading" without a load under way gets one: newly opened tabs, tabs moved
  // while their load was running, retries.
  store.subscribe(() => {
    for (const [path, doc] of Object.entries(getState().docs))
      if (doc.kind === "loading" && !loads.has(path)) void load(path);
  });

  return {
    load,
    /** Forgets the load of a closed tab, so a tab opened again at that path loads afresh. */
    cancel: (path: string) => loads.delete(path),
  };
}
