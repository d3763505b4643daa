import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { UIMessageChunk } from "ai";
import { createInitialAgentState } from "@/lib/agent/state";
import { startTurn } from "@/lib/agent/turn";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import type { Caller } from "@/lib/auth/guard";
import { getDb } from "@/lib/db/client";
import { createSessionRow, getSessionRow, listToolRunRows } from "@/lib/db/queries/agent";
import { createProjectRow, getProjectRow, setLockedPaths } from "@/lib/db/queries/projects";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import { ensurePersonalWorkspace } from "@/lib/db/queries/workspaces";
import { withProjectBox } from "@/lib/projects/project-box";
import { emptyTree } from "@/lib/snapshots/objects";
import { listFiles } from "@/lib/snapshots/read";
import { saveChanges } from "@/lib/snapshots/save";
import { readBlobs, writeObjects } from "@/lib/snapshots/store";
import type { ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { newReplayLog, replayTurn, type ReplayLog } from "./replay";
import { checkFolder, transcriptSchema, type EvalTask, type Transcript } from "./types";

export const tasksRoot = path.join(import.meta.dirname, "tasks");
export const taskDir = (task: EvalTask) => path.join(tasksRoot, task.name);

/** The user every evaluation runs as, in their personal workspace. */
export type EvalWorld = { caller: Caller; workspaceId: string };

export async function createEvalWorld(): Promise<EvalWorld> {
  const db = await getDb();
  const userId = randomUUID();
  const caller: Caller = { userId, name: "Eval", email: `eval-${userId}@example.test` };
  await db.user.create({ data: { id: userId, name: caller.name, email: caller.email } });
  const workspace = await ensurePersonalWorkspace({ userId, name: "Eval's workspace" });
  await writeObjects([emptyTree]);
  return { caller, workspaceId: workspace.id };
}

function readFolder(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(path.relative(root, full).split(path.sep).join("/"), readFileSync(full, "utf8"));
    }
  };
  try {
    walk(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return files;
}

/** The project a task starts from: its seed/ folder plus its generated files. */
export function seedFiles(task: EvalTask): Map<string, string> {
  const files = readFolder(path.join(taskDir(task), "seed"));
  for (const [file, content] of Object.entries(task.generated?.() ?? {})) files.set(file, content);
  return files;
}

/** The task's transcripts (good.json, stumbling.json, recorded-*.json), by file name. */
export function loadTranscripts(task: EvalTask): Map<string, Transcript> {
  const transcripts = new Map<string, Transcript>();
  for (const name of readdirSync(taskDir(task)).sort()) {
    if (!name.endsWith(".json")) continue;
    const parsed = transcriptSchema.safeParse(JSON.parse(readFileSync(path.join(taskDir(task), name), "utf8")));
    if (!parsed.success) throw new Error(`${task.name}/${name} is not a transcript: ${parsed.error.message}`);
    if (parsed.data.turns.length !== task.turns.length) throw new Error(`${task.name}/${name} has ${parsed.data.turns.length} turns; the task has ${task.turns.length}`);
    transcripts.set(name.replace(/\.json$/, ""), parsed.data);
  }
  return transcripts;
}

/** How the model is driven: a transcript replayed through the scripted server, or a configured model. */
export type Driver = { kind: "replay"; server: ScriptedOpenAIServer; transcript: Transcript } | { kind: "live"; modelId?: string };

export type TurnFigures = { status: string; error?: string; steps: number; inputTokens: number; outputTokens: number };

/** One run of a task: did the hidden check pass, and what it cost. */
export type RunReport = {
  task: string;
  passed: boolean;
  /** Why the hidden check failed (empty when it passed). */
  checkProblems: string[];
  turns: TurnFigures[];
  steps: number;
  inputTokens: number;
  outputTokens: number;
  toolCalls: number;
  toolErrors: number;
  failedEdits: number;
  /** Compactions: summarizer calls in a replay, summaries written to the session otherwise. */
  compactions: number;
  sessionSummary: string | null;
  /** For a replay: the transcript's expectations that did not hold. */
  replay?: ReplayLog;
  /** The assistant messages, as stored, to record a failed live run. */
  messages: AgentUIMessage[];
  checkOutput: string;
};

/** The project's head: its root tree's hash and every file's text. */
async function headTree(projectId: string): Promise<{ rootTree: string | null; files: Map<string, string> }> {
  const project = await getProjectRow({ id: projectId });
  const head = project?.headSnapshotId ? await getSnapshotById({ projectId, id: project.headSnapshotId }) : null;
  if (!head) return { rootTree: null, files: new Map() };
  const entries = (await listFiles({ rootTree: head.rootTree })).filter((e) => e.kind === "file");
  const blobs = await readBlobs(entries.map((e) => e.hash!));
  return { rootTree: head.rootTree, files: new Map(entries.map((e) => [e.path, Buffer.from(blobs.get(e.hash!)!).toString("utf8")])) };
}

const headFiles = async (projectId: string) => (await headTree(projectId)).files;

async function save(world: EvalWorld, projectId: string, files: Map<string, string>, author: "system" | "user") {
  const project = await getProjectRow({ id: projectId });
  await saveChanges({
    projectId,
    baseSnapshotId: project?.headSnapshotId ?? null,
    changes: [...files].map(([file, content]) => ({ type: "write" as const, path: file, content, encoding: "utf8" as const })),
    author,
    userId: world.caller.userId,
  });
}

/** The hidden check of a final tree: the task's tree predicate, then its command. */
async function runCheck(world: EvalWorld, projectId: string, task: EvalTask, files: Map<string, string>, seed: Map<string, string>, rootTree: string | null) {
  const problems = task.check.tree?.(files, seed) ?? [];
  let output = "";
  const { command } = task.check;
  if (command) {
    // The same tree gets the same verdict (runs of one task often end alike): it runs once per process.
    const key = `${task.name}\n${rootTree}`;
    const result = commandChecks.get(key) ?? (await runCheckCommand(world, projectId, task, command));
    commandChecks.set(key, result);
    output = `${result.stdout}${result.stderr}`;
    if (result.exitCode !== 0) problems.push(`check command exited ${result.exitCode}: ${output.slice(-800)}`);
    for (const wanted of task.check.stdoutIncludes ?? []) if (!result.stdout.includes(wanted)) problems.push(`check output lacks "${wanted}"`);
  }
  return { problems, output };
}

const commandChecks = new Map<string, { exitCode: number; stdout: string; stderr: string }>();

/**
 * Runs the check command once the model is done, in the project's own box (whose files are the
 * head's: it catches up before every use) with the task's check/ folder added; nothing it writes
 * is saved.
 */
async function runCheckCommand(world: EvalWorld, projectId: string, task: EvalTask, command: string) {
  const { value: result } = await withProjectBox({
    caller: world.caller,
    projectId,
    message: "Agent evaluation check",
    canSave: false,
    use: async (box) => {
      for (const [file, content] of readFolder(path.join(taskDir(task), "check"))) await box.writeFile(`${checkFolder}/${file}`, content);
      return box.exec(command, { timeoutMs: 60_000 });
    },
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/**
 * One run of a task through the real turn path (startTurn, as the chat route and the headless API
 * call it): a project and session in the database, the real tools in the real box, persistence and
 * compaction, then the hidden check on the project's head.
 */
export async function runTask(world: EvalWorld, task: EvalTask, driver: Driver): Promise<RunReport> {
  const seed = seedFiles(task);
  const project = await createProjectRow({ workspaceId: world.workspaceId, name: `eval ${task.name}` });
  await save(world, project.id, seed, "system");
  if (task.lockedPaths) await setLockedPaths({ projectId: project.id, paths: task.lockedPaths });
  const session = await createSessionRow({ projectId: project.id, userId: world.caller.userId, title: `eval ${task.name}`, state: createInitialAgentState() as never });

  const log = driver.kind === "replay" ? newReplayLog() : undefined;
  const previousWindow = process.env.AGENT_CONTEXT_TOKENS;
  if (task.contextTokens) process.env.AGENT_CONTEXT_TOKENS = String(task.contextTokens);
  const turns: TurnFigures[] = [];
  const messages: AgentUIMessage[] = [];
  const turnIds: string[] = [];
  try {
    for (const [index, turn] of task.turns.entries()) {
      if (turn.userEdits) {
        const current = await headFiles(project.id);
        const edits = new Map(
          Object.entries(turn.userEdits).map(([file, edit]) => [file, typeof edit === "string" ? edit : edit(current.get(file) ?? "")] as [string, string]),
        );
        await save(world, project.id, edits, "user");
      }
      const replay =
        driver.kind === "replay"
          ? replayTurn(driver.transcript, index, log!, async (saves) => {
              const current = await headFiles(project.id);
              await save(world, project.id, new Map(Object.entries(saves).map(([file, { append }]) => [file, (current.get(file) ?? "") + append])), "user");
            })
          : undefined;
      if (driver.kind === "replay") driver.server.setScript(replay!.script);
      const row = (await getSessionRow({ id: session.id }))!;
      const started = await startTurn({
        caller: world.caller,
        session: row,
        request: { kind: "prompt", text: turn.prompt },
        modelId: driver.kind === "live" ? driver.modelId : undefined,
        source: "api",
      });
      const reader = started.stream.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) void (read.value as UIMessageChunk);
      const outcome = await started.done;
      replay?.finish();
      turnIds.push(started.turnId);
      messages.push(outcome.message);
      const usage = outcome.message.metadata?.usage;
      turns.push({
        status: outcome.status,
        error: outcome.error?.message,
        steps: outcome.message.parts.filter((p) => p.type === "step-start").length,
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
      });
    }
  } finally {
    if (task.contextTokens) {
      if (previousWindow === undefined) delete process.env.AGENT_CONTEXT_TOKENS;
      else process.env.AGENT_CONTEXT_TOKENS = previousWindow;
    }
  }

  const runs = (await Promise.all(turnIds.map((turnId) => listToolRunRows({ turnId })))).flat();
  if (log && driver.kind === "replay") {
    const byId = new Map(runs.map((r) => [r.toolCallId, r]));
    for (const replayed of log.calls) {
      const wanted = replayed.call.expect?.error;
      if (wanted === undefined || replayed.call.pending) continue;
      // A call the SDK refused (its input did not match the tool's schema) never runs: no row.
      const status = byId.get(replayed.id)?.status;
      if (status === undefined || (status === "error") !== wanted)
        log.problems.push(`${replayed.call.tool} ${replayed.id}${replayed.call.stumble ? ` (stumble: ${replayed.call.stumble})` : ""}: expected ${wanted ? "an error" : "success"}, the run was ${status ?? "not stored"}`);
    }
  }
  const final = await headTree(project.id);
  const check = await runCheck(world, project.id, task, final.files, seed, final.rootTree);
  for (const [index, turn] of turns.entries()) if (turn.status !== "completed") check.problems.push(`turn ${index + 1} ended ${turn.status}${turn.error ? `: ${turn.error}` : ""}`);
  const stored = await getSessionRow({ id: session.id });
  const sum = (pick: (t: TurnFigures) => number) => turns.reduce((n, t) => n + pick(t), 0);
  return {
    task: task.name,
    passed: check.problems.length === 0,
    checkProblems: check.problems,
    turns,
    steps: sum((t) => t.steps),
    inputTokens: sum((t) => t.inputTokens),
    outputTokens: sum((t) => t.outputTokens),
    toolCalls: runs.length,
    toolErrors: runs.filter((r) => r.status === "error").length,
    failedEdits: runs.filter((r) => r.tool === "edit_file" && r.status === "error").length,
    compactions: log ? log.summaries : stored?.summary ? 1 : 0,
    sessionSummary: stored?.summary ?? null,
    replay: log,
    messages,
    checkOutput: check.output,
  };
}
