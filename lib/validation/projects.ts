import { z } from "zod";
import { pathChangeSchema } from "@/lib/head-channel/types";
import { limits } from "./limits";
import { nameSchema } from "./names";
import { existingProjectPathSchema, projectPathSchema } from "./paths";
import { idSchema, storedTextSchema } from "./stored-text";

export const projectNameSchema = nameSchema({ noun: "Project", maxLength: limits.projectNameMaxLength });

export const createProjectSchema = z.object({ name: projectNameSchema, workspaceId: idSchema.optional() });
export const renameProjectSchema = z.object({ name: projectNameSchema });

export type ProjectSummary = {
  id: string;
  name: string;
  workspaceId: string;
  headSnapshotId: string | null;
  updatedAt: string;
};

/** One entry of a project listing. Folders are listed too, so empty folders survive. */
export type FileEntry =
  | { path: string; kind: "file"; size: number; hash: string }
  | { path: string; kind: "dir" };

export type ProjectListing = { snapshotId: string | null; entries: FileEntry[] };

const writeChangeSchema = z.object({
  type: z.literal("write"),
  path: projectPathSchema,
  // Bounded by the route's body cap; the save answers 413 too_large:file for content over the file limit.
  content: z.string(),
  encoding: z.enum(["utf8", "base64"]).default("utf8"),
});
const deleteChangeSchema = z.object({ type: z.literal("delete"), path: existingProjectPathSchema });
const moveChangeSchema = z.object({ type: z.literal("move"), from: existingProjectPathSchema, to: projectPathSchema });
const mkdirChangeSchema = z.object({ type: z.literal("mkdir"), path: projectPathSchema });

export const fileChangeSchema = z.discriminatedUnion("type", [
  writeChangeSchema,
  deleteChangeSchema,
  moveChangeSchema,
  mkdirChangeSchema,
]);
export type FileChange = z.infer<typeof fileChangeSchema>;
export type FileChangeInput = z.input<typeof fileChangeSchema>;

export const saveRequestSchema = z.object({
  /** The head the client's state was based on; null for a project that has no snapshot yet. */
  baseSnapshotId: idSchema.nullable(),
  message: storedTextSchema({ label: "Save message", maxLength: limits.saveMessageMaxLength }).optional(),
  /** The caller's agent turn whose command wrote these files in the browser (WebContainer): the snapshot is then the agent's. */
  turnId: idSchema.optional(),
  changes: z
    .array(fileChangeSchema)
    .min(1, "A save needs at least one change")
    .max(limits.changesPerSave, `A save is limited to ${limits.changesPerSave} changes`),
});
export type SaveRequest = z.input<typeof saveRequestSchema>;

/**
 * The new head and the changes from the caller's base to it: its own, plus other writers' when the
 * save was rebased onto a newer head. Its size follows the change, not the project.
 */
export const saveResponseSchema = z.object({ snapshotId: z.string().min(1), changes: z.array(pathChangeSchema) });
export type SaveResponse = z.infer<typeof saveResponseSchema>;

/** 409 body: the client offers to reload the server's version or keep its own. */
export type ConflictBody = {
  error: { code: "conflict"; message: string; headSnapshotId: string | null; paths: string[] };
};

export type ApiErrorBody = { error: { code: string; message: string; issues?: string[] } };
