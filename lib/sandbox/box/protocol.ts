import { z } from "zod";
import { limits as appLimits } from "@/lib/validation/limits";
import { existingProjectPathSchema, normalizeProjectPath, projectPathSchema } from "@/lib/validation/paths";

/**
 * Messages between the host (the Next.js server) and a box (a child process running project code).
 * Both sides parse every message: the host because the box runs hostile code and may be subverted,
 * the box because it must never act on a malformed request. Sizes are bounded here.
 */

const maxEntriesPerMessage = 20_000;
const maxCommandLength = 256 * 1024;

/** A project path, or "" for the project root. */
const folderPathSchema = z.union([z.literal(""), projectPathSchema]);
const bytesSchema = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, "expected bytes")
  .refine((bytes) => bytes.byteLength <= appLimits.fileMaxBytes, `a file is larger than ${appLimits.fileMaxBytes} bytes`);
const idSchema = z.number().int().nonnegative();

export const boxLimitsSchema = z.object({
  commandTimeoutMs: z.number().int().min(100).max(30 * 60_000),
  memoryBytes: z.number().int().min(16 * 1024 * 1024).max(4 * 1024 * 1024 * 1024),
  outputBytes: z.number().int().min(1024).max(64 * 1024 * 1024),
  projectBytes: z.number().int().min(1024).max(1024 * 1024 * 1024),
  projectFiles: z.number().int().min(1).max(200_000),
});
export type BoxLimits = z.infer<typeof boxLimitsSchema>;

/** A file or folder as it is in the box: the seed going in, a change coming out. */
export const boxEntrySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("file"), path: projectPathSchema, data: bytesSchema }),
  z.object({ kind: z.literal("dir"), path: projectPathSchema }),
]);
export type BoxEntry = z.infer<typeof boxEntrySchema>;

/** A seed entry: a stored file, whose name may predate today's rules (see existingProjectPathSchema). */
const seedEntrySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("file"), path: existingProjectPathSchema, data: bytesSchema }),
  z.object({ kind: z.literal("dir"), path: existingProjectPathSchema }),
]);

/** Longest name a box reports as unsaved: long enough that the host still sees it is too long. */
export const maxUnsavedNameLength = appLimits.pathMaxLength * 4 + 1;

/**
 * A name a command gave a file or folder that the project refuses (an invisible character, NFD, …),
 * as it is in the box. The host says why, by its own rules; a name the project accepts is a lie.
 */
const unsavedNameSchema = z
  .string()
  .max(maxUnsavedNameLength)
  .refine((name) => {
    const checked = normalizeProjectPath(name);
    return !checked.ok || checked.path !== name;
  }, "the project accepts this name");

export const boxChangeSchema = z.union([
  boxEntrySchema,
  z.object({ kind: z.literal("deleted"), path: projectPathSchema }),
  z.object({ kind: z.literal("unsaved"), path: unsavedNameSchema }),
]);
export type BoxChange = z.infer<typeof boxChangeSchema>;

export const fsRequestSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("readFile"), path: projectPathSchema }),
  z.object({ op: z.literal("writeFile"), path: projectPathSchema, data: bytesSchema }),
  z.object({ op: z.literal("readdir"), path: folderPathSchema }),
  z.object({ op: z.literal("stat"), path: folderPathSchema }),
  z.object({ op: z.literal("mkdirp"), path: projectPathSchema }),
  z.object({ op: z.literal("rm"), path: projectPathSchema, recursive: z.boolean() }),
  z.object({ op: z.literal("rename"), from: projectPathSchema, to: projectPathSchema }),
]);
export type FsRequest = z.infer<typeof fsRequestSchema>;

/**
 * An agent session's notebook: `node` and `python3` run in its live context, and a context the box
 * does not hold is first rebuilt from `replay` (the session's earlier cells, run quietly).
 */
export const notebookSchema = z.object({
  id: z.string().min(1).max(100),
  replay: z.array(z.string().max(100_000)).max(50).refine((cells) => cells.reduce((sum, cell) => sum + cell.length, 0) <= 1_000_000, "the cells to replay are too long"),
});

export const hostMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("init"), limits: boxLimitsSchema }),
  /** The project's files, in batches so no single message is huge; `last` starts the box. */
  z.object({ type: z.literal("seed"), entries: z.array(seedEntrySchema).max(maxEntriesPerMessage), last: z.boolean() }),
  z.object({ type: z.literal("fs"), id: idSchema, request: fsRequestSchema }),
  z.object({
    type: z.literal("exec"),
    id: idSchema,
    command: z.string().max(maxCommandLength),
    cwd: folderPathSchema,
    env: z.record(z.string().max(256), z.string().max(64 * 1024)),
    stdin: z.string().max(appLimits.fileMaxBytes),
    timeoutMs: z.number().int().min(1).max(30 * 60_000),
    /** A terminal's id: the line runs in that terminal's shell state (variables, cwd, functions, $?). */
    session: z.string().min(1).max(64).optional(),
    notebook: notebookSchema.optional(),
  }),
  z.object({ type: z.literal("abort"), id: idSchema }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

const fsErrorSchema = z.object({ code: z.string().max(32), message: z.string().max(2000) });

export const fsValueSchema = z.union([
  z.null(),
  bytesSchema,
  z.object({ kind: z.enum(["file", "dir"]), size: z.number().nonnegative(), mtimeMs: z.number() }),
  z.array(z.object({ name: z.string().min(1).max(appLimits.segmentMaxLength), kind: z.enum(["file", "dir"]) })).max(200_000),
]);

export const boxMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("fatal"), message: z.string().max(4000) }),
  z.object({
    type: z.literal("fs-result"),
    id: idSchema,
    result: z.discriminatedUnion("ok", [
      z.object({ ok: z.literal(true), value: fsValueSchema }),
      z.object({ ok: z.literal(false), error: fsErrorSchema }),
    ]),
  }),
  z.object({
    type: z.literal("output"),
    id: idSchema,
    stream: z.enum(["stdout", "stderr"]),
    chunk: z.string().max(64 * 1024 * 1024 + 4096),
  }),
  /** What a command or a file verb changed under the project root; sent before its result. */
  z.object({ type: z.literal("changes"), changes: z.array(boxChangeSchema).max(maxEntriesPerMessage) }),
  z.object({
    type: z.literal("exec-result"),
    id: idSchema,
    exitCode: z.number().int().min(0).max(255),
    durationMs: z.number().nonnegative(),
    truncated: z.boolean(),
    /** The command could not start (its working folder is missing, say). */
    error: fsErrorSchema.optional(),
    /** A terminal line's working folder after it ran, project-relative ("" is the root); shown, never used as a path. */
    cwd: z.string().max(maxUnsavedNameLength).optional(),
    /** With `notebook`: earlier cells replayed into a context the box did not hold, and those that failed. */
    notebook: z.object({ restored: z.number().int().min(0).max(50), failed: z.number().int().min(0).max(50) }).optional(),
  }),
  /** The box's own memory reading, for hosts without /proc. */
  z.object({ type: z.literal("usage"), rssBytes: z.number().nonnegative() }),
]);
export type BoxMessage = z.infer<typeof boxMessageSchema>;

/** Limits on one IPC message, so the box batches seeds and changes. */
export const batchLimits = { entries: maxEntriesPerMessage, bytes: 16 * 1024 * 1024 } as const;
