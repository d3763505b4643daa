import { z } from "zod";
import { limits } from "@/lib/validation/limits";
import type { KeyValueStorage } from "./drafts";
import { savedTabsPrefix } from "./local-keys";
import { remapPath, remapRecordKeys } from "./path-remap";

// Bounded so a hand-edited or runaway entry cannot make a reload open hundreds of files.
const maxSavedTabs = 50;
const pathSchema = z.string().min(1).max(limits.pathMaxLength);

/** Where the cursor and the scroll position of one tab's editor were. */
export const editorViewSchema = z.object({
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  scrollTop: z.number().min(0),
  scrollLeft: z.number().min(0),
});
export type EditorView = z.infer<typeof editorViewSchema>;

/** The tabs a person had open in a project, as kept in this browser between visits. */
export const savedTabsSchema = z.object({
  /** The snapshot the paths belong to: files moved since are followed from there. */
  snapshotId: z.string().max(200).nullable(),
  tabs: z.array(pathSchema).max(maxSavedTabs),
  active: pathSchema.nullable(),
  views: z.record(pathSchema, editorViewSchema),
});
export type SavedTabs = z.infer<typeof savedTabsSchema>;

/** A file moved from one path to another between two snapshots. */
export type FileMove = { from: string; to: string };

/** The saved tabs under `key`; null when there are none or they cannot be read (old format, edited). */
export function readSavedTabs({ storage, key }: { storage: KeyValueStorage; key: string }): SavedTabs | null {
  try {
    const raw = storage.getItem(key);
    if (raw === null) return null;
    const parsed = savedTabsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Returns false when the browser refused the write (quota, storage disabled). */
export function writeSavedTabs({ storage, key, saved }: { storage: KeyValueStorage; key: string; saved: SavedTabs }): boolean {
  const tabs = saved.tabs.slice(0, maxSavedTabs);
  const views = Object.fromEntries(Object.entries(saved.views).filter(([path]) => tabs.includes(path)));
  try {
    storage.setItem(key, JSON.stringify({ ...saved, tabs, views, active: saved.active !== null && tabs.includes(saved.active) ? saved.active : null }));
    return true;
  } catch {
    return false;
  }
}

/** Forgets every person's saved tabs of a project (it was deleted). */
export function forgetSavedTabs({ storage, projectId }: { storage: KeyValueStorage; projectId: string }): void {
  const prefix = savedTabsPrefix({ projectId });
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}

function follow(path: string, moves: readonly FileMove[]): string {
  let current = path;
  for (const move of moves) current = remapPath({ path: current, from: move.from, to: move.to }) ?? current;
  return current;
}

/**
 * The tabs to open again after a reload: saved tabs in their order, following files moved since
 * (`moves`, oldest first), without files that are gone unless an unsaved draft keeps them, then tabs
 * of drafts that were not saved as tabs. The active tab is the saved one, or its nearest neighbour
 * that is still there (right first, as when a tab closes).
 */
export function restoreSavedTabs({
  saved,
  files,
  moves = [],
  draftPaths = [],
}: {
  saved: SavedTabs | null;
  /** Paths of the project's files now. */
  files: ReadonlySet<string>;
  moves?: readonly FileMove[];
  draftPaths?: readonly string[];
}): { tabs: string[]; active: string | null; views: Record<string, EditorView> } {
  const drafts = new Set(draftPaths);
  const keep = (path: string) => files.has(path) || drafts.has(path);
  const followed = (saved?.tabs ?? []).map((path) => follow(path, moves));
  const tabs = [...new Set(followed.filter(keep))];
  for (const path of [...drafts].sort()) if (!tabs.includes(path)) tabs.push(path);
  let active: string | null = null;
  if (saved?.active != null) {
    const index = saved.tabs.indexOf(saved.active);
    const order = index === -1 ? [follow(saved.active, moves)] : [...followed.slice(index), ...followed.slice(0, index).reverse()];
    active = order.find((path) => tabs.includes(path)) ?? null;
  }
  let views: Record<string, EditorView> = saved?.views ?? {};
  for (const move of moves) views = remapRecordKeys({ record: views, from: move.from, to: move.to });
  return { tabs, active: active ?? tabs[0] ?? null, views: Object.fromEntries(Object.entries(views).filter(([path]) => tabs.includes(path))) };
}
