import { z } from "zod";
import { existingProjectPathSchema, projectPathSchema } from "./paths";

/** A project-relative folder, where "" (or ".") is the project root. */
export const projectFolderSchema = z.union([z.literal("").transform(() => ""), z.literal(".").transform(() => ""), projectPathSchema]);

export const boxExecRequestSchema = z.object({
  command: z.string().min(1, "Type a command to run").max(16_384, "A command is limited to 16 KB"),
  cwd: projectFolderSchema.optional(),
  /** Up to ten minutes for long builds; the default is the box's 10 s (a terminal line's: BOX_TERMINAL_TIMEOUT_MS). */
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  stdin: z.string().max(1024 * 1024).optional(),
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Environment variable names are letters, digits and _").max(128), z.string().max(32_768))
    .refine((env) => Object.keys(env).length <= 100, "At most 100 environment variables")
    .optional(),
  /** A terminal's id: the command is a line of that terminal's shell (variables, cwd, functions, $? persist). */
  session: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "A terminal id is letters, digits and -").optional(),
});
export type BoxExecRequest = z.input<typeof boxExecRequestSchema>;

/** What the exec route streams, one JSON object per server-sent event. */
export const boxExecEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("stdout"), chunk: z.string() }),
  z.object({ type: z.literal("stderr"), chunk: z.string() }),
  z.object({ type: z.literal("notice"), message: z.string() }),
  z.object({
    type: z.literal("result"),
    exitCode: z.number(),
    stdout: z.string(),
    stderr: z.string(),
    durationMs: z.number(),
    truncated: z.boolean(),
    snapshotId: z.string().nullable(),
    changedPaths: z.array(z.string()),
    saveError: z.string().optional(),
    /** Files the command made under names the project refuses, named with the reason. */
    notSaved: z.string().optional(),
    /** A terminal line's working folder after it ran (with `session`). */
    cwd: z.string().optional(),
  }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type BoxExecEvent = z.infer<typeof boxExecEventSchema>;

const pathOp = <T extends string>(op: T) => z.object({ op: z.literal(op), path: projectPathSchema });

export const boxFsRequestSchema = z.discriminatedUnion("op", [
  pathOp("readFile"),
  z.object({ op: z.literal("readdir"), path: projectFolderSchema }),
  z.object({ op: z.literal("stat"), path: projectFolderSchema }),
  z.object({ op: z.literal("exists"), path: projectFolderSchema }),
  // Bounded by the route's body cap; decodeBase64OrThrow answers 413 for content over the file limit.
  z.object({ op: z.literal("writeFile"), path: projectPathSchema, base64: z.string() }),
  pathOp("mkdir"),
  z.object({ op: z.literal("rm"), path: existingProjectPathSchema, recursive: z.boolean().optional() }),
  z.object({ op: z.literal("rename"), from: existingProjectPathSchema, to: projectPathSchema }),
]);
export type BoxFsRequest = z.input<typeof boxFsRequestSchema>;
export type BoxFsVerb = z.output<typeof boxFsRequestSchema>;
