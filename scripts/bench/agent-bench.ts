// The agent loop against a scripted OpenAI-compatible model on loopback (tests/support): prompt tokens
// per turn in a small and a large project beside the size of the project itself, and the loop's own
// cost per tool step beside the tool and the HTTP round trip done directly.
//
// Each database runs in a child process of its own (lib/db/client opens one database per process):
//   tsx --conditions=react-server scripts/bench/agent-bench.ts --agent-child <result.json>
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { asSchema, type ToolExecutionOptions, type UIMessageChunk } from "ai";
import { startScriptedOpenAIServer, type ChatCompletionRequest, type ScriptedOpenAIServer, type ScriptedReply } from "../../tests/support/scripted-openai-server";
import { adminDatabaseUrl, withThrowawayDatabase } from "../lib/throwaway-database";
import { generateProject, totalBytes, type GeneratedFile } from "./generate-project";
import { cell, describeMachine, formatCount, formatMs, markdownTable, writeSection } from "./report";
import { runInChild } from "./run-in-child";
import { repeat, summarize, timed, type Summary } from "./stats";

export const agentHeading = "Agent loop: prompt tokens and per-step overhead";
const childFlag = "--agent-child";
const runs = 5;
/** Tool calls in the per-step turn (then one final text reply). */
const steps = 20;
/** Project sizes for the token comparison: every n-th file of the 2,000-file project. */
const projectSizes = [20, 200, 2000];

type TokenRow = {
  files: number;
  /** chars/4 of every path and file's content: what sending the whole project would cost. */
  projectTokens: number;
  projectBytes: number;
  /** chars/4 of the project listing in the system prompt. */
  listingTokens: Summary;
  perRequest: Summary[];
  first: Summary;
  total: Summary;
  /** The turn's own usage (agent_turns.input_tokens), summed by the AI SDK from the server's replies. */
  turnUsage: Summary;
  /** chars/4 of the tool definitions sent with each request (not counted in the server's prompt_tokens). */
  toolSchemaTokens: number;
  wallMs: Summary;
  /** The unrecorded first turn in the project: its box is started and seeded from the database. */
  coldMs: number;
};

type StepResult = {
  /** Per step: first tool call seen in the stream → the last one, ÷ (steps − 1). */
  loop: Summary;
  turnMs: Summary;
  inLoop: { tool: Summary; beforeRequest: Summary; http: Summary; afterResponse: Summary };
  reference: { memory: Summary; box: Summary; wrapper: Summary; http: Summary; projectRow: Summary; schemas: Summary; accumulator: Summary };
  /** Per run, loop − (box + http) and loop − (wrapper + http). */
  overhead: { vsBox: Summary; vsWrapper: Summary };
  readFile: { path: string; bytes: number };
  lastRequestTokens: number;
  toolRunRows: number;
};

export type AgentBenchResult = { database: string; readPath: string; tokens: TokenRow[]; step: StepResult; loadAfter: string };

// ── Child: one database ─────────────────────────────────────────────────────────────────────────────

const tokensOf = (chars: number) => Math.ceil(chars / 4);
/** Exactly what the scripted server reports as usage.prompt_tokens. */
const promptTokens = (request: ChatCompletionRequest) => tokensOf(JSON.stringify(request.messages).length);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

type HttpCall = { start: number; end: number };

/** Times every request to the scripted server as the AI SDK makes it: fetch called → last byte read. */
function instrumentFetch(baseURL: string) {
  const original = globalThis.fetch;
  const calls: HttpCall[] = [];
  globalThis.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(baseURL)) return original(input, init);
    const call: HttpCall = { start: performance.now(), end: Number.NaN };
    calls.push(call);
    const response = await original(input, init);
    if (!response.body) {
      call.end = performance.now();
      return response;
    }
    const body = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: () => void (call.end = performance.now()) }));
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { calls, original };
}

type Mark = { chunk: UIMessageChunk; type: string; toolCallId?: string; t: number };

async function agentChild(outFile: string) {
  const { getDatabase, getDb } = await import("@/lib/db/client");
  const { createProjectRow, getProjectRow } = await import("@/lib/db/queries/projects");
  const { createSessionRow, createToolRunRow, listToolRunRows } = await import("@/lib/db/queries/agent");
  const { ensurePersonalWorkspace } = await import("@/lib/db/queries/workspaces");
  const { emptyTree } = await import("@/lib/snapshots/objects");
  const { saveChanges } = await import("@/lib/snapshots/save");
  const { writeObjects } = await import("@/lib/snapshots/store");
  const { startTurn } = await import("@/lib/agent/turn");
  const { createInitialAgentState } = await import("@/lib/agent/state");
  const { createMessageAccumulator } = await import("@/lib/agent/message-accumulator");
  const { createTurnTools } = await import("@/lib/agent/turn-tools");
  const { createAgentTools } = await import("@/lib/agent/tools");
  const { withProjectBox } = await import("@/lib/projects/project-box");
  const { createMemorySandbox } = await import("@/lib/sandbox/memory");

  const database = await getDatabase();
  const db = await getDb();
  const server: ScriptedOpenAIServer = await startScriptedOpenAIServer();
  process.env.OPENAI_BASE_URL = server.baseURL;
  process.env.AGENT_MODEL = "openai-compatible:scripted-model";
  process.env.AGENT_MAX_STEPS = String(steps + 5);
  const http = instrumentFetch(server.baseURL);

  try {
    const userId = randomUUID();
    const caller = { userId, name: "Bench", email: `bench-${userId}@example.test` };
    await db.user.create({ data: { id: userId, name: caller.name, email: caller.email } });
    const workspace = await ensurePersonalWorkspace({ userId, name: "Bench's workspace" });
    await writeObjects([emptyTree]);

    const all = generateProject();
    // The smaller projects: every n-th file of the large one, so all hold the same kind of files.
    const sized = projectSizes.map((n) => all.filter((_, i) => i % (all.length / n) === 0));
    const small = sized[0]!;
    const importProject = async (files: GeneratedFile[]) => {
      const project = await createProjectRow({ workspaceId: workspace.id, name: "bench" });
      await saveChanges({
        projectId: project.id,
        baseSnapshotId: null,
        changes: files.map((f) => ({ type: "write" as const, path: f.path, content: f.content, encoding: "utf8" as const })),
        author: "system",
        userId,
      });
      return project.id;
    };
    console.log(`  agent (${database.kind}): importing projects of ${projectSizes.join(", ")} files…`);
    const projects: { files: GeneratedFile[]; id: string }[] = [];
    for (const files of sized) projects.push({ files, id: await importProject(files) });

    /** One turn in a new session, its stream read as the route would, chunks timestamped. */
    const runTurn = async (projectId: string, prompt: string, script: ScriptedReply[]) => {
      server.setScript(script);
      const firstRequest = server.requests.length;
      const firstCall = http.calls.length;
      const session = await createSessionRow({ projectId, userId, title: "bench", state: createInitialAgentState() });
      const start = performance.now();
      const turn = await startTurn({ caller, session, request: { kind: "prompt", text: prompt }, source: "api" });
      const marks: Mark[] = [];
      const reader = turn.stream.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        const chunk = read.value as UIMessageChunk & { toolCallId?: string };
        marks.push({ chunk, type: chunk.type, toolCallId: chunk.toolCallId, t: performance.now() });
      }
      const outcome = await turn.done;
      const ms = performance.now() - start;
      if (outcome.status !== "completed") throw new Error(`The benchmark turn ended ${outcome.status}: ${outcome.error?.message ?? outcome.response}`);
      const requests = server.requests.slice(firstRequest);
      if (requests.length !== script.length) throw new Error(`Expected ${script.length} model requests, saw ${requests.length}`);
      return { ms, marks, requests, calls: http.calls.slice(firstCall), outcome };
    };

    // ── 1. Prompt tokens per turn, by project size ──
    const readTarget = all[0]!;
    if (!sized.every((files) => files.includes(readTarget))) throw new Error("The file read must be in every project");
    const tokenPrompt = `List the project's files, then read ${readTarget.path} and tell me what it exports.`;
    const tokenScript: ScriptedReply[] = [
      { toolCalls: [{ id: "call_list", name: "list_files", args: {} }] },
      { toolCalls: [{ id: "call_read", name: "read_file", args: { path: readTarget.path } }] },
      { text: "It exports string constants built from a few words each." },
    ];
    type TokenRun = { perRequest: number[]; usage: number; listing: number; tools: number; ms: number };
    const tokenRun = async (projectId: string): Promise<TokenRun> => {
      const { requests, outcome, ms } = await runTurn(projectId, tokenPrompt, tokenScript);
      const system = requests[0]!.messages.find((m) => m.role === "system");
      const systemText = typeof system?.content === "string" ? system.content : "";
      const listing = systemText.slice(systemText.indexOf("Project files:\n") + "Project files:\n".length);
      return {
        perRequest: requests.map(promptTokens),
        usage: outcome.message.metadata?.usage?.inputTokens ?? Number.NaN,
        listing: tokensOf(listing.length),
        tools: tokensOf(JSON.stringify(requests[0]!.tools ?? []).length),
        ms,
      };
    };
    console.log(`  agent (${database.kind}): ${runs} three-step turns in each project (after one warm-up)…`);
    // Warms the process (modules, JIT, the first connection to the model server) in a project of its
    // own, so each project's first turn below measures only what is cold in it: its box.
    await tokenRun(await importProject(small));
    const cold: number[] = [];
    const tokenRuns = await repeat(runs, async (run) => {
      const pair = [] as TokenRun[];
      for (const p of projects) pair.push(await tokenRun(p.id));
      if (run < 0) cold.push(...pair.map((r) => r.ms));
      return pair;
    });
    const tokens: TokenRow[] = projects.map((p, i) => {
      const mine = tokenRuns.map((pair) => pair[i]!);
      const of = (pick: (r: TokenRun) => number) => summarize(mine.map(pick));
      return {
        files: p.files.length,
        projectBytes: totalBytes(p.files),
        projectTokens: tokensOf(p.files.reduce((n, f) => n + f.path.length + f.content.length, 0)),
        listingTokens: of((r) => r.listing),
        perRequest: tokenScript.map((_, k) => of((r) => r.perRequest[k]!)),
        first: of((r) => r.perRequest[0]!),
        total: of((r) => r.perRequest.reduce((a, b) => a + b, 0)),
        turnUsage: of((r) => r.usage),
        toolSchemaTokens: mine[0]!.tools,
        wallMs: of((r) => r.ms),
        coldMs: cold[i]!,
      };
    });
    for (const row of tokens)
      if (row.turnUsage.median !== row.total.median) throw new Error(`The turn reported ${row.turnUsage.median} input tokens; the server counted ${row.total.median}`);

    // ── 2. The loop's own cost per tool step: `steps` read_file calls of a small file ──
    const smallProject = projects[0]!;
    const target = [...small].sort((a, b) => a.content.length - b.content.length)[0]!;
    const stepPrompt = `Read ${target.path} ${steps} times.`;
    const stepScript: ScriptedReply[] = [
      ...Array.from({ length: steps }, (_, i) => ({ toolCalls: [{ id: `call_${String(i).padStart(2, "0")}`, name: "read_file", args: { path: target.path } }] })),
      { text: "Done." },
    ];
    const toolOptions = (i: number): ToolExecutionOptions => ({ toolCallId: `ref_${i}`, messages: [] });
    const input = { path: target.path };
    const memory = createMemorySandbox({ files: small.map((f) => ({ path: f.path, kind: "file" as const, content: f.content })) });
    const memoryTools = createAgentTools({ sandbox: memory });
    const memoryRead = memoryTools.read_file;

    console.log(`  agent (${database.kind}): ${runs} turns of ${steps} read_file steps (after one warm-up), each followed by the references…`);
    let lastTurnId = "";
    let lastRequestTokens = 0;
    const stepRuns = await repeat(runs, async () => {
      const turn = await runTurn(smallProject.id, stepPrompt, stepScript);
      lastTurnId = turn.outcome.turnId;
      const toolRunRows = (await listToolRunRows({ turnId: lastTurnId })).length;
      lastRequestTokens = promptTokens(turn.requests.at(-1)!);
      const seen = (type: string) => turn.marks.filter((m) => m.type === type).map((m) => m.t);
      const inputs = seen("tool-input-available");
      const outputs = seen("tool-output-available");
      if (inputs.length !== steps || outputs.length !== steps) throw new Error(`Expected ${steps} tool calls, saw ${inputs.length} (${outputs.length} results)`);
      const loop = (inputs.at(-1)! - inputs[0]!) / (steps - 1);
      // Step k (k = 0 … steps − 2): tool call k seen → its result → request k + 1 sent → its last byte → tool call k + 1 seen.
      const k = Array.from({ length: steps - 1 }, (_, i) => i);
      const inLoop = {
        tool: mean(k.map((i) => outputs[i]! - inputs[i]!)),
        beforeRequest: mean(k.map((i) => turn.calls[i + 1]!.start - outputs[i]!)),
        http: mean(k.map((i) => turn.calls[i + 1]!.end - turn.calls[i + 1]!.start)),
        afterResponse: mean(k.map((i) => inputs[i + 1]! - turn.calls[i + 1]!.end)),
      };

      // References, right after the turn on the same data.
      const memoryMs = (await timed(async () => {
        for (let i = 0; i < steps; i++) await memoryRead.execute!(input, toolOptions(i));
      })).ms / steps;
      const { value: boxMs } = await withProjectBox({
        caller,
        projectId: smallProject.id,
        author: "agent",
        message: "bench: direct read_file",
        use: async (box) => {
          const read = createAgentTools({ sandbox: box }).read_file;
          return (await timed(async () => {
            for (let i = 0; i < steps; i++) await read.execute!(input, toolOptions(i));
          })).ms / steps;
        },
      });
      // The turn's own tool (project row, box caught up with the head, flush, tool-run row), outside the loop.
      const rows: Promise<unknown>[] = [];
      const wrapped = createTurnTools({
        caller,
        projectId: smallProject.id,
        approval: { mode: "auto", allowList: [] },
        emit: () => undefined,
        onRun: (e) =>
          rows.push(createToolRunRow({ turnId: lastTurnId, toolCallId: e.toolCallId, tool: e.tool, input: e.input as never, output: e.output as never, status: e.status, durationMs: e.durationMs, startedAt: e.startedAt })),
      }).read_file!;
      const wrapperMs = (await timed(async () => {
        for (let i = 0; i < steps; i++) await wrapped.execute!(input, toolOptions(i));
      })).ms / steps;
      await Promise.all(rows);
      // The same request bodies the loop sent for steps 1 … steps − 1, posted with plain fetch, replies read to the end.
      server.setScript(stepScript.slice(1, steps));
      const bodies = turn.requests.slice(1, steps).map((r) => JSON.stringify(r));
      const httpMs: number[] = [];
      for (const body of bodies) {
        const { ms } = await timed(async () => {
          const response = await http.original(`${server.baseURL}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body });
          await response.text();
        });
        httpMs.push(ms);
      }
      // Components of the overhead, each as often as a step does it.
      const projectRowMs = (await timed(async () => {
        for (let i = 0; i < steps; i++) await getProjectRow({ id: smallProject.id });
      })).ms / steps;
      // What streamText does before every request: each tool's input schema (zod) → JSON schema.
      const schemasMs = (await timed(async () => {
        for (let i = 0; i < steps; i++) for (const definition of Object.values(memoryTools) as { inputSchema: Parameters<typeof asSchema>[0] }[]) await asSchema(definition.inputSchema).jsonSchema;
      })).ms / steps;
      // The turn's accumulator (lib/agent/message-accumulator.ts) fed the same chunks the turn streamed.
      const accumulatorMs = (await timed(async () => {
        const accumulator = createMessageAccumulator({ id: "replay", role: "assistant", parts: [] });
        for (const mark of turn.marks) accumulator.push(mark.chunk);
        await accumulator.close();
      })).ms / steps;
      return { loop, turnMs: turn.ms, inLoop, memoryMs, boxMs, wrapperMs, httpMs: mean(httpMs), projectRowMs, schemasMs, accumulatorMs, toolRunRows };
    });
    const of = (pick: (r: (typeof stepRuns)[number]) => number) => summarize(stepRuns.map(pick));
    const step: StepResult = {
      loop: of((r) => r.loop),
      turnMs: of((r) => r.turnMs),
      inLoop: {
        tool: of((r) => r.inLoop.tool),
        beforeRequest: of((r) => r.inLoop.beforeRequest),
        http: of((r) => r.inLoop.http),
        afterResponse: of((r) => r.inLoop.afterResponse),
      },
      reference: {
        memory: of((r) => r.memoryMs),
        box: of((r) => r.boxMs),
        wrapper: of((r) => r.wrapperMs),
        http: of((r) => r.httpMs),
        projectRow: of((r) => r.projectRowMs),
        schemas: of((r) => r.schemasMs),
        accumulator: of((r) => r.accumulatorMs),
      },
      overhead: { vsBox: of((r) => r.loop - r.boxMs - r.httpMs), vsWrapper: of((r) => r.loop - r.wrapperMs - r.httpMs) },
      readFile: { path: target.path, bytes: target.content.length },
      lastRequestTokens,
      toolRunRows: stepRuns.at(-1)!.toolRunRows,
    };
    const profile = process.env.AGENT_BENCH_CPU_PROFILE;
    if (profile) await profileTurns(profile.replace(/(\.cpuprofile)?$/, `-${database.kind}.cpuprofile`), () => runTurn(smallProject.id, stepPrompt, stepScript));
    const result: AgentBenchResult = { database: await describeDatabase(database.kind), readPath: readTarget.path, tokens, step, loadAfter: loadavg().map((n) => n.toFixed(1)).join(" / ") };
    await writeFile(outFile, JSON.stringify(result));
  } finally {
    await (globalThis as { __ideBoxes?: { pool: { dispose(): Promise<void> } } }).__ideBoxes?.pool.dispose();
    await server.close();
    await database.close();
  }
}

/**
 * AGENT_BENCH_CPU_PROFILE=<file>: after the measurements, three more step turns under the V8 profiler,
 * written to <file>-postgres.cpuprofile / -pglite.cpuprofile (open in Chrome DevTools).
 */
async function profileTurns(file: string, turn: () => Promise<unknown>) {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  for (let i = 0; i < 3; i++) await turn();
  const { profile } = await session.post("Profiler.stop");
  await writeFile(file, JSON.stringify(profile));
  session.disconnect();
  console.log(`  agent: CPU profile of 3 step turns written to ${file}`);
}

async function describeDatabase(kind: "postgres" | "pglite"): Promise<string> {
  if (kind === "pglite") return "PGlite (embedded, in memory)";
  const { getDb } = await import("@/lib/db/client");
  const rows = await (await getDb()).$queryRawUnsafe<{ v: string }[]>(
    "SELECT current_setting('server_version') || ', fsync ' || current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit') AS v",
  );
  return `PostgreSQL ${rows[0]?.v ?? "?"}`;
}

// ── Parent: a child per database, then the section ──────────────────────────────────────────────────

const inChild = (env: Record<string, string>) =>
  runInChild<AgentBenchResult>({ script: "scripts/bench/agent-bench.ts", flag: childFlag, env, what: "agent benchmark" });

/** In a throwaway database on the Postgres the storage benchmark uses. */
const onPostgres = () =>
  withThrowawayDatabase({ adminUrl: adminDatabaseUrl(), name: `bench_agent_${process.pid}_${Date.now()}`, run: (databaseUrl) => inChild({ DATABASE_URL: databaseUrl }) });

const onPglite = () => inChild({ DATABASE_URL: "", PGLITE_DIR: "memory://" });

const x = (ours: Summary, reference: number) => {
  const r = ours.median / reference;
  return `${r >= 0.1 ? r.toFixed(2) : Number(r.toPrecision(2)).toString()}×`;
};
/** Sub-millisecond figures keep two decimals (the tool alone takes tens of microseconds). */
const ms = (n: number) => (n < 1 ? `${n.toFixed(2)} ms` : formatMs(n));
const tokensCell = (s: Summary) => cell(s, formatCount);

function section(machine: string, results: [string, AgentBenchResult | string][]): string {
  const measured = results.filter((r): r is [string, AgentBenchResult] => typeof r[1] !== "string");
  const first = measured[0]?.[1];
  const failures = results.filter(([, r]) => typeof r === "string").map(([label, r]) => `- ${label}: not measured: ${r}`);

  // Token counts do not depend on the database; the first database's are shown.
  const tokenTable = first
    ? markdownTable(
        ["Project", "Whole project (reference)", "Listing in the system prompt", "First request", "Whole turn (3 requests)", "First ÷ whole project", "Turn ÷ whole project"],
        first.tokens.map((t) => [
          `${formatCount(t.files)} files, ${(t.projectBytes / 1e6).toFixed(2)} MB`,
          formatCount(t.projectTokens),
          tokensCell(t.listingTokens),
          tokensCell(t.first),
          tokensCell(t.total),
          x(t.first, t.projectTokens),
          x(t.total, t.projectTokens),
        ]),
      )
    : "";
  const wallTable = markdownTable(
    ["Database", ...(first?.tokens.map((t) => `${formatCount(t.files)} files`) ?? [])],
    measured.map(([label, r]) => [label, ...r.tokens.map((t) => cell(t.wallMs, ms))]),
  );
  const coldTurns = measured
    .map(([label, r]) => `${label} ${r.tokens.map((t) => `${formatCount(t.files)} files ${ms(t.coldMs)}`).join(", ")}`)
    .join("; ");

  const stepTable = markdownTable(
    ["Database", "Agent loop: ms per step", "Reference: read_file on the box + raw HTTP", "Loop ÷ reference", "Overhead (loop − reference)", "Reference: the turn's tool wrapper + raw HTTP", "Overhead beyond the wrapper"],
    measured.map(([label, { step: s }]) => {
      const reference = { median: s.reference.box.median + s.reference.http.median, min: Number.NaN, max: Number.NaN, runs: s.loop.runs };
      return [
        label,
        cell(s.loop, ms),
        `${ms(reference.median)} (${ms(s.reference.box.median)} + ${ms(s.reference.http.median)})`,
        `${(s.loop.median / reference.median).toFixed(2)}×`,
        cell(s.overhead.vsBox, ms),
        `${ms(s.reference.wrapper.median + s.reference.http.median)} (${ms(s.reference.wrapper.median)} + ${ms(s.reference.http.median)})`,
        cell(s.overhead.vsWrapper, ms),
      ];
    }),
  );
  const partsTable = markdownTable(
    ["Per step, median (min–max)", ...measured.map(([label]) => label)],
    [
      ["In the loop: tool call seen → its result (the turn's tool wrapper)", ...measured.map(([, r]) => cell(r.step.inLoop.tool, ms))],
      ["In the loop: result → next model request sent (step bookkeeping, messages rebuilt, body serialized)", ...measured.map(([, r]) => cell(r.step.inLoop.beforeRequest, ms))],
      ["In the loop: model request sent → last byte read", ...measured.map(([, r]) => cell(r.step.inLoop.http, ms))],
      ["In the loop: last byte → next tool call seen in the UI stream", ...measured.map(([, r]) => cell(r.step.inLoop.afterResponse, ms))],
      ["Direct: read_file execute on an in-memory sandbox (the tool alone)", ...measured.map(([, r]) => cell(r.step.reference.memory, ms))],
      ["Direct: read_file execute on the project's warm box (+ box round trip)", ...measured.map(([, r]) => cell(r.step.reference.box, ms))],
      ["Direct: the turn's tool wrapper (+ project row, box caught up with the head, flush, tool-run row)", ...measured.map(([, r]) => cell(r.step.reference.wrapper, ms))],
      ["Direct: raw HTTP round trip, the same request bodies (plain fetch, reply read to the end)", ...measured.map(([, r]) => cell(r.step.reference.http, ms))],
      ["Component: one Prisma read of the project row (the wrapper makes 2; the head's snapshot row only when the box catches up)", ...measured.map(([, r]) => cell(r.step.reference.projectRow, ms))],
      ["Component: the 9 tools' zod input schemas → JSON schema with fresh wrappers (the turn now wraps them once, so its steps skip this)", ...measured.map(([, r]) => cell(r.step.reference.schemas, ms))],
      ["Component: the turn's message accumulator fed the turn's own chunks (÷ steps)", ...measured.map(([, r]) => cell(r.step.reference.accumulator, ms))],
      [`Whole ${steps}-step turn (startTurn → stream closed)`, ...measured.map(([, r]) => cell(r.step.turnMs, ms))],
    ],
  );
  const s = first?.step;
  const t = first?.tokens;
  return `
_${machine}_
${failures.length ? `\n${failures.join("\n")}\n` : ""}
**Prompt tokens per turn stay bounded as the project grows**${t && t.length === 3 ? ` (tokens per turn, ${formatCount(t[0]!.files)} → ${formatCount(t[1]!.files)} files:
×${(t[1]!.total.median / t[0]!.total.median).toFixed(2)}; ${formatCount(t[1]!.files)} → ${formatCount(t[2]!.files)} files: ×${(t[2]!.total.median / t[1]!.total.median).toFixed(2)})` : ""}. The same scripted three-step turn (list_files
with no arguments → read_file of \`${first?.readPath ?? "one file"}\` → a final text) in a new session, through
\`startTurn\` and the real OpenAI-compatible provider against the scripted server on loopback
(tests/support/scripted-openai-server.ts, prompt tokens = ⌈characters of the request's messages ÷ 4⌉). The reference
is the whole project at the same ⌈characters ÷ 4⌉ (every path and file content): what sending the whole project
with each request would cost, as bolt.diy does. ${runs} turns per project after one warm-up.

${tokenTable}

${t ? `- Per request (1 / 2 / 3): ${t.map((r) => `${formatCount(r.files)} files ${r.perRequest.map((p) => formatCount(p.median)).join(" / ")}`).join("; ")}. The turn's own usage
  (agent_turns.input_tokens, summed by the AI SDK from the server's \`usage\`) equals the server's count in every run.` : ""}
- The listing is capped (lib/agent/context-prompt.ts: 150 entries, 5,000 characters, then "… and N more entries"), and
  list_files returns at most 200 paths by default (then \`truncated\`), so both stop growing past a few hundred files.
  The file read is the same in every project.${t ? ` The tool definitions sent with every request add ${formatCount(t[0]!.toolSchemaTokens)} tokens at the
  same rate, whatever the project; the scripted server leaves them out of \`prompt_tokens\`, as here.` : ""}

Wall time of the same turns, startTurn → stream closed, median (min–max):

${wallTable}

- First turn in each project (single run, for context; after a warm-up turn in another project): it also
  starts the project's box and seeds it from the database: ${coldTurns}.

**The loop's own cost per tool step,** with a zero-latency scripted model: a turn of ${steps} read_file calls of
${s ? `\`${s.readFile.path}\` (${(s.readFile.bytes / 1000).toFixed(1)} kB, the smallest file)` : "one small file"} in the ${projectSizes[0]}-file project, then a final text; ${runs} turns
after one warm-up. Loop per step = (time the last tool call appeared in the turn's UI stream − the first) ÷ ${steps - 1}.
Each turn is followed, on the same data, by the references: ${steps} direct calls of read_file's \`execute\` on
the same warm box, ${steps} calls of the turn's tool wrapper (createTurnTools), and the turn's own request bodies
for steps 2–${steps} posted again with plain \`fetch\` (the replies read to the end).${s ? ` Requests grow with the turn's history, to ${formatCount(s.lastRequestTokens)} prompt tokens
at the last one.` : ""}

${stepTable}

${partsTable}

- The overhead is what a step costs beyond one model round trip and one tool call: the AI SDK's step
  machinery (tool-call parsing, the whole message history rebuilt and serialized for every request, the UI-message stream, and the turn's accumulator, which snapshots the
  whole assistant message for every chunk), the turn's tool wrapper (the project row for locked paths,
  then withProjectBox: the project row to check the box is current, the call through the
  box's IPC, \`takeChanges\` to flush), and DB writes beside the loop: one agent_tool_runs insert per
  call (${s ? formatCount(s.toolRunRows) : "n"} rows for the ${steps}-step turn) and the assistant message's parts rewritten by the 1 s ticker.
- "Component" rows are parts of the overhead measured on their own, as often as one step does them.
- The in-loop HTTP time is measured by wrapping \`globalThis.fetch\` (a pass-through TransformStream on the body).
  The scripted server runs in the benchmark's own process (as in the tests), in the loop and in the reference alike.
${measured.map(([label, r]) => `- ${label}: ${r.database}; load average at the end ${r.loadAfter}`).join("\n")}
`;
}

/** Both databases, each in its own process; writes its section of `file` and returns the results. */
export async function runAgentBench(file: string): Promise<[string, AgentBenchResult | string][]> {
  execFileSync(process.execPath, ["scripts/build-box.mjs"], { stdio: "inherit" });
  const machine = describeMachine();
  const results: [string, AgentBenchResult | string][] = [];
  for (const [label, run] of [["PostgreSQL", onPostgres], ["PGlite", onPglite]] as const) {
    try {
      results.push([label, await run()]);
    } catch (error) {
      console.error(`Agent benchmark (${label}) failed:`, error);
      results.push([label, error instanceof Error ? error.message.split("\n")[0]! : String(error)]);
    }
  }
  const body = section(machine, results).replace(/\n{3,}/g, "\n\n");
  writeSection(file, agentHeading, body);
  console.log(`\n## ${agentHeading}\n${body}`);
  return results;
}

if (process.argv[2] === childFlag && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await agentChild(process.argv[3]!);
  process.exit(0);
}

