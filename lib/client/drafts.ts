import { remapPath } from "./path-remap";

/** An unsaved edit kept in the browser until it is saved or discarded. */
export type Draft = {
  content: string;
  /** Hash of the blob the edit started from; null for a file the server did not have. */
  baseHash: string | null;
  updatedAt: number;
};

/** The part of the Web Storage API drafts use; tests pass an in-memory one. */
export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

// Versioned so a future format change can ignore old entries instead of misreading them.
const prefix = (projectId: string) => `ide:draft:v1:${projectId}:`;

export function draftKey({ projectId, path }: { projectId: string; path: string }): string {
  return prefix(projectId) + path;
}

function parseDraft(raw: string | null): Draft | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Partial<Draft>;
    if (typeof value.content !== "string") return null;
    const baseHash = typeof value.baseHash === "string" ? value.baseHash : null;
    return { content: value.content, baseHash, updatedAt: Number(value.updatedAt) || 0 };
  } catch {
    return null;
  }
}

/** All drafts of one project, by path. Unreadable entries are skipped. */
export function loadDrafts({ projectId, storage }: { projectId: string; storage: KeyValueStorage }): Record<string, Draft> {
  const drafts: Record<string, Draft> = {};
  const p = prefix(projectId);
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(p)) continue;
    const draft = parseDraft(storage.getItem(key));
    if (draft) drafts[key.slice(p.length)] = draft;
  }
  return drafts;
}

export function readDraft({ projectId, path, storage }: { projectId: string; path: string; storage: KeyValueStorage }): Draft | null {
  try {
    return parseDraft(storage.getItem(draftKey({ projectId, path })));
  } catch {
    return null;
  }
}

/** Returns false when the browser refused the write (quota exceeded, storage disabled). */
export function writeDraft({
  projectId,
  path,
  draft,
  storage,
}: {
  projectId: string;
  path: string;
  draft: Draft;
  storage: KeyValueStorage;
}): boolean {
  try {
    storage.setItem(draftKey({ projectId, path }), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function removeDraft({ projectId, path, storage }: { projectId: string; path: string; storage: KeyValueStorage }): void {
  try {
    storage.removeItem(draftKey({ projectId, path }));
  } catch {
    // Storage disabled: there is nothing to remove.
  }
}

/** Re-keys the drafts under a moved file or folder so they follow it. */
export function moveDrafts({
  projectId,
  from,
  to,
  storage,
}: {
  projectId: string;
  from: string;
  to: string;
  storage: KeyValueStorage;
}): void {
  const drafts = loadDrafts({ projectId, storage });
  for (const [path, draft] of Object.entries(drafts)) {
    const next = remapPath({ path, from, to });
    if (next === null) continue;
    removeDraft({ projectId, path, storage });
    writeDraft({ projectId, path: next, draft, storage });
  }
}

/** Forgets everything this browser kept for a project (its drafts), e.g. once the project is deleted. */
export function clearProjectDrafts({ projectId, storage }: { projectId: string; storage: KeyValueStorage }): void {
  for (const path of Object.keys(loadDrafts({ projectId, storage }))) removeDraft({ projectId, path, storage });
}
