import { z } from "zod";

/**
 * One evaluation task: a seed project, what the user asks (one or more turns), and a check the
 * model never sees. Seed files live in the task's `seed/` folder (plus `generated` ones too big or
 * too odd to commit, such as a 3,000-line file or CRLF text); files in its `check/` folder are put
 * beside the final tree only in the box that runs the check.
 */
export type EvalTask = {
  name: string;
  /** What it exercises, for the report. */
  covers: string;
  /** Files added to the seed at run time: path → content. */
  generated?: () => Record<string, string>;
  /** Project locks (lockedPaths) set before the first turn. */
  lockedPaths?: string[];
  /** AGENT_CONTEXT_TOKENS for this task's turns (a small window forces compaction). */
  contextTokens?: number;
  turns: EvalTurn[];
  check: HiddenCheck;
};

export type EvalTurn = {
  prompt: string;
  /** The user's own saves before this turn (path → new content, or a function of the old content). */
  userEdits?: Record<string, string | ((old: string) => string)>;
};

/** The final tree passes when the command exits 0 with every `stdoutIncludes`, and `tree` finds no problem. */
export type HiddenCheck = {
  /** Run in a fresh box holding the final tree and the task's check/ folder under `.eval-check/`. */
  command?: string;
  stdoutIncludes?: string[];
  /** Problems with the final tree (path → text), e.g. a locked file changed or line endings lost. */
  tree?: (files: ReadonlyMap<string, string>, seed: ReadonlyMap<string, string>) => string[];
};

export const checkFolder = ".eval-check";

/** What a transcript expects of the tool result a call gets back (or of the request a step answers). */
const expectation = z.strictObject({
  /** Every string appears in what the model was given (JSON string values are unescaped first). */
  contains: z.array(z.string()).optional(),
  notContains: z.array(z.string()).optional(),
  /** The tool answered with an error (its run is stored with status "error"). */
  error: z.boolean().optional(),
});

const call = z.strictObject({
  tool: z.string(),
  args: z.record(z.string(), z.unknown()),
  /** A usual mistake this call makes on purpose; its result must say how to recover. */
  stumble: z.string().optional(),
  expect: expectation.optional(),
  /** The behaviour the stumble needs has not landed: its expectation is reported, not enforced. */
  pending: z.string().optional(),
});

/** Checked on the request a step answers: the system prompt and the newest user message. */
const request = z.strictObject({ systemContains: z.array(z.string()).optional(), userContains: z.array(z.string()).optional() });

/**
 * The user saves these files (path → text appended to it) while the agent works: before the step
 * is answered, after the previous step's tools ran.
 */
const userSaves = z.record(z.string(), z.strictObject({ append: z.string() }));

const step = z.union([
  z.strictObject({
    calls: z.array(call).min(1),
    /** Text the model says before its calls. */
    say: z.string().optional(),
    request: request.optional(),
    userSaves: userSaves.optional(),
  }),
  z.strictObject({ say: z.string(), request: request.optional(), userSaves: userSaves.optional() }),
  /** The provider refuses the request as over its context window; the turn must compact and retry. */
  z.strictObject({ overflow: z.literal(true), request: request.optional() }),
]);

export const transcriptSchema = z.strictObject({
  /** good: a clean run; stumbling: the usual mistakes first; recorded: a failed live run, kept as it was. */
  kind: z.enum(["good", "stumbling", "recorded"]),
  note: z.string().optional(),
  /** Answer to the summarizer when the conversation is compacted. */
  summary: z.string().optional(),
  /** One entry per task turn: the model's steps in that turn, the last one a text answer. */
  turns: z.array(z.strictObject({ steps: z.array(step).min(1) })).min(1),
  /** A recorded run failed its check; replays report the outcome without requiring a pass. */
  recordedOutcome: z.string().optional(),
});

export type Transcript = z.infer<typeof transcriptSchema>;
export type TranscriptStep = Transcript["turns"][number]["steps"][number];
export type TranscriptCall = z.infer<typeof call>;
export type Expectation = z.infer<typeof expectation>;
export type UserSaves = z.infer<typeof userSaves>;
