import { z } from "zod";

// Shared by the history routes and the browser's timeline panel, which parses what it receives.

export const timelineAuthorSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), userId: z.string().nullable(), name: z.string() }),
  z.object({
    kind: z.literal("agent"),
    /** The turn that wrote it; the chat fields only for the caller's own chats (chats are private). */
    turn: z
      .object({ id: z.string(), seq: z.number().int(), sessionId: z.string().nullable(), messageId: z.string().nullable(), startedBy: z.string().nullable() })
      .nullable(),
  }),
  z.object({ kind: z.literal("system"), userId: z.string().nullable(), name: z.string().nullable() }),
]);
export type TimelineAuthor = z.infer<typeof timelineAuthorSchema>;

export const timelineEntrySchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  message: z.string(),
  createdAt: z.string(),
  fileCount: z.number().int(),
  author: timelineAuthorSchema,
  /** Files that differ from the parent (added, changed, deleted or moved). */
  changedFiles: z.number().int(),
  labels: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelinePageSchema = z.object({
  entries: z.array(timelineEntrySchema),
  /** Pass back as `cursor` for the next (older) page; null at the first snapshot. */
  nextCursor: z.string().nullable(),
  headSnapshotId: z.string().nullable(),
});
export type TimelinePage = z.infer<typeof timelinePageSchema>;

export const fileDiffSchema = z.discriminatedUnion("change", [
  z.object({ change: z.literal("added"), path: z.string(), before: z.null(), after: z.string(), size: z.number() }),
  z.object({ change: z.literal("modified"), path: z.string(), before: z.string(), after: z.string(), size: z.number() }),
  z.object({ change: z.literal("deleted"), path: z.string(), before: z.string(), after: z.null(), size: z.number() }),
  z.object({ change: z.literal("moved"), path: z.string(), from: z.string(), before: z.string(), after: z.string(), size: z.number() }),
]);

export const snapshotDiffSchema = z.object({
  from: z.string().nullable(),
  to: z.string(),
  files: z.array(fileDiffSchema),
});
export type SnapshotDiff = z.infer<typeof snapshotDiffSchema>;

export const restoreResultSchema = z.object({
  snapshotId: z.string(),
  /** False when the project already was as asked (no snapshot written). */
  created: z.boolean(),
  /** The head before the restore: restoring it whole undoes the restore. */
  previousHeadId: z.string().nullable(),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;

export const labelSchema = z.object({ id: z.string(), name: z.string(), snapshotId: z.string(), createdAt: z.string() });
export type Label = z.infer<typeof labelSchema>;

export const labelNameMaxLength = 100;
