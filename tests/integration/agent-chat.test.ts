import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { GET as getSession, PATCH as patchSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/route";
import { POST as stopSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/stop/route";
import { GET as getChanges } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/changes/route";
import { GET as getBlob } from "@/app/api/projects/[projectId]/blobs/[hash]/route";
import { POST as review } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/review/route";
import { POST as undo } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/undo/route";
import { PUT as putLocks } from "@/app/api/projects/[projectId]/locks/route";
import { POST as save } from "@/app/api/projects/[projectId]/save/route";
import { getDb } from "@/lib/db/client";
import type { ChatCompletionRequest, ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { headText, newAgentProject, sendChat, userPrompt, withScriptedModel } from "./agent-helpers";
import { call, type TestUser } from "./helpers";

// The agent loop through the chat route and the real OpenAI-compatible provider path, against a
// scripted chat-completions server on loopback.

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Chatter", (context) => ({ server, user } = context));

afterAll(() => {
  delete process.env.AGENT_CONTEXT_TOKENS;
});

// Shorthands over the shared helpers, for this file's one user.
const send = (projectId: string, sessionId: string, body: unknown, signal?: AbortSignal) => sendChat(user, projectId, sessionId, body, signal);
const prompt = (text: string) => userPrompt(text);
const newProject = (files: Record<string, string>) => newAgentProject(user, files);
const fileText = (projectId: string, path: string) => headText(user, projectId, path);

const lastToolResult = (request: ChatCompletionRequest) => request.messages.findLast((m) => m.role === "tool");

describe("agent chat turn (OpenAI-compatible provider)", () => {
  beforeEach(() => server.setScript([]));

  it("lists, reads, edits and runs, then the user rejects one file and undoes the turn", async () => {
    const { projectId, sessionId, head } = await newProject({ "src/greet.js": "export const greet = (n) => 'Hello ' + n;\n", "notes.md": "# Notes\n" });
    server.push(
      { toolCalls: [{ name: "list_files", args: {} }] },
      { toolCalls: [{ name: "read_file", args: { path: "src/greet.js" } }] },
      { toolCalls: [{ name: "edit_file", args: { path: "src/greet.js", oldText: "'Hello '", newText: "'Hi '" } }, { name: "write_file", args: { path: "main.mjs", content: "import { greet } from './src/greet.js';\nconsole.log(greet('Ada'));\n" } }] },
      { toolCalls: [{ name: "run_command", args: { command: "node main.mjs" } }] },
      { text: "Changed the greeting to **Hi** and ran it: `Hi Ada`." },
    );
    const turn = await send(projectId, sessionId, prompt("Make the greeting shorter and run it"));
    expect(turn.status).toBe(200);
    const types = turn.chunks.map((c) => c.type);
    expect(types[0]).toBe("start");
    expect(types).toContain("tool-input-available");
    expect(types.at(-1)).toBe("finish");

    // What the model received: tools, a bounded listing, and each tool's result in turn.
    expect(server.requests).toHaveLength(5);
    const first = server.requests[0]!;
    expect(first.tools?.map((t) => t.function.name).sort()).toEqual(["check", "delete", "edit_file", "list_files", "outline", "read_file", "remember", "rename", "run_code", "run_command", "search", "update_plan", "write_file"]);
    expect(String(first.messages[0]!.content)).toContain("src/greet.js");
    expect(JSON.stringify(lastToolResult(server.requests[1]!))).toContain("src/greet.js");
    expect(JSON.stringify(lastToolResult(server.requests[2]!))).toContain("Hello ");
    expect(JSON.stringify(lastToolResult(server.requests[4]!))).toContain("Hi Ada");

    expect(await fileText(projectId, "src/greet.js")).toContain("'Hi '");
    expect(await fileText(projectId, "main.mjs")).toContain("greet('Ada')");

    const finish = turn.chunks.at(-1)!;
    expect(finish.messageMetadata).toMatchObject({ status: "completed", model: "openai-compatible:scripted-model" });
    expect(finish.messageMetadata.usage.inputTokens).toBeGreaterThan(0);
    const changes = turn.chunks.find((c) => c.type === "data-turn-changes")!;
    expect(changes.data.files.map((f: { path: string; change: string }) => `${f.change} ${f.path}`)).toEqual(["added main.mjs", "modified src/greet.js"]);
    expect(changes.data.checkpointSnapshotId).toBe(head);

    // Stored: the conversation, the turn, every tool run.
    const detail = await call(getSession, { user, params: { projectId, sessionId } });
    expect(detail.data.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    const assistant = detail.data.messages[1];
    expect(assistant.parts.filter((p: { type: string }) => p.type.startsWith("tool-")).map((p: { type: string; state: string }) => `${p.type}:${p.state}`)).toEqual([
      "tool-list_files:output-available",
      "tool-read_file:output-available",
      "tool-edit_file:output-available",
      "tool-write_file:output-available",
      "tool-run_command:output-available",
    ]);
    expect(assistant.parts.some((p: { type: string; data?: { durationMs?: number } }) => p.type === "data-tool-run" && typeof p.data?.durationMs === "number")).toBe(true);
    expect(detail.data.session.title).toBe("Make the greeting shorter and run it");
    const db = await getDb();
    const runs = await db.agentToolRun.findMany({ where: { turnId: turn.turnId }, orderBy: { startedAt: "asc" } });
    expect(runs.map((r) => r.tool)).toEqual(["list_files", "read_file", "edit_file", "write_file", "run_command"]);
    expect(runs.at(-1)).toMatchObject({ exitCode: 0, status: "ok" });

    // Review: the diff per file, reject one (it goes back to the checkpoint), then undo the turn.
    const diff = await call(getChanges, { user, params: { projectId, turnId: turn.turnId } });
    const greet = diff.data.files.find((f: { path: string }) => f.path === "src/greet.js");
    expect(greet).toMatchObject({ change: "modified", additions: 1, deletions: 1 });
    // Hashes, not texts: the browser reads a file's two sides when its diff is opened.
    const blobText = async (hash: string) => Buffer.from((await call(getBlob, { user, params: { projectId, hash } })).data as Uint8Array).toString();
    expect(await blobText(greet.before)).toContain("'Hello '");
    expect(await blobText(greet.after)).toContain("'Hi '");
    const rejected = await call(review, { user, params: { projectId, turnId: turn.turnId }, json: { path: "src/greet.js", decision: "reject" } });
    expect(rejected.status).toBe(200);
    expect(await fileText(projectId, "src/greet.js")).toContain("'Hello '");
    expect(await fileText(projectId, "main.mjs")).not.toBeNull();
    const accepted = await call(review, { user, params: { projectId, turnId: turn.turnId }, json: { path: "main.mjs", decision: "accept" } });
    expect(accepted.data.review).toEqual({ "src/greet.js": "rejected", "main.mjs": "accepted" });

    const undone = await call(undo, { user, params: { projectId, turnId: turn.turnId } });
    expect(undone.status).toBe(200);
    expect(await fileText(projectId, "main.mjs")).toBeNull();
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    const [now, checkpoint] = await Promise.all([project.headSnapshotId!, head].map((id) => db.snapshot.findUniqueOrThrow({ where: { id } })));
    expect(now!.rootTree).toBe(checkpoint!.rootTree);
    // History kept: the agent's snapshots are still there.
    expect(await db.snapshot.count({ where: { projectId, author: "agent" } })).toBeGreaterThanOrEqual(2);
  });

  it("tells the agent about the user's edits since its last turn, compactly", async () => {
    const { projectId, sessionId } = await newProject({ "a.txt": Array.from({ length: 200 }, (_, i) => `line ${i}`).join("\n") + "\n" });
    server.push({ text: "Hello." });
    await send(projectId, sessionId, prompt("hi"));
    const db = await getDb();
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    const changed = Array.from({ length: 200 }, (_, i) => (i === 100 ? "line one hundred" : `line ${i}`)).join("\n") + "\n";
    await call(save, { user, params: { projectId }, json: { baseSnapshotId: project.headSnapshotId, changes: [{ type: "write", path: "a.txt", content: Buffer.from(changed).toString("base64"), encoding: "base64" }] } });
    server.push({ text: "I see your edit." });
    const turn = await send(projectId, sessionId, prompt("what did I change?"));
    const asked = server.requests.at(-1)!.messages.findLast((m) => m.role === "user")!;
    const content = JSON.stringify(asked.content);
    expect(content).toContain("The user changed these files");
    expect(content).toContain("+line one hundred");
    expect(content).not.toContain("line 10\\nline 11\\nline 12\\nline 13"); // a diff, not the file
    expect(turn.chunks.some((c) => c.type === "data-user-edits" && c.data.paths.includes("a.txt"))).toBe(true);
  });

  it("keeps the agent's own notes in the session and shows them in later turns", async () => {
    const { projectId, sessionId } = await newProject({ "a.txt": "a\n" });
    server.push({ toolCalls: [{ name: "remember", args: { note: "The user prefers tabs" } }] }, { text: "Noted." });
    await send(projectId, sessionId, prompt("I prefer tabs; remember that"));
    server.push({ text: "Tabs it is." });
    await send(projectId, sessionId, prompt("format a.txt"));
    expect(String(server.requests.at(-1)!.messages[0]!.content)).toContain("- The user prefers tabs");
    const db = await getDb();
    const session = await db.agentSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect((session.state as { notes: string[] }).notes).toEqual(["The user prefers tabs"]);
  });

  it("refuses to write locked files, whatever the model asks", async () => {
    const { projectId, sessionId } = await newProject({ "secret.txt": "keep\n" });
    await call(putLocks, { user, params: { projectId }, json: { paths: ["secret.txt"] }, method: "PUT" });
    server.push({ toolCalls: [{ name: "write_file", args: { path: "secret.txt", content: "gone" } }] }, { text: "It is locked." });
    await send(projectId, sessionId, prompt("overwrite secret.txt"));
    expect(JSON.stringify(lastToolResult(server.requests.at(-1)!))).toContain("locked by the user");
    expect(await fileText(projectId, "secret.txt")).toBe("keep\n");
  });

  it("asks before running commands in approval mode, and runs only what was allowed", async () => {
    const { projectId, sessionId } = await newProject({ "x.txt": "x\n" });
    await call(patchSession, { user, params: { projectId, sessionId }, json: { approvalMode: "ask", allowList: ["docs/**"] }, method: "PATCH" });
    server.push(
      { toolCalls: [{ name: "run_command", args: { command: "echo approved-run" }, id: "call_run" }, { name: "write_file", args: { path: "docs/a.md", content: "free" }, id: "call_doc" }] },
      { text: "Done." },
    );
    const first = await send(projectId, sessionId, prompt("run echo"));
    expect(first.chunks.at(-1)!.messageMetadata.status).toBe("awaiting_approval");
    const request = first.chunks.find((c) => c.type === "tool-approval-request")!;
    expect(request.toolCallId).toBe("call_run");
    expect(await fileText(projectId, "docs/a.md")).toBe("free"); // inside the allow-list: no question

    const detail = await call(getSession, { user, params: { projectId, sessionId } });
    const assistant = detail.data.messages.at(-1);
    const answered = {
      ...assistant,
      parts: assistant.parts.map((p: { type: string; state?: string; approval?: { id: string } }) =>
        p.state === "approval-requested" ? { ...p, state: "approval-responded", approval: { id: p.approval!.id, approved: true } } : p,
      ),
    };
    const second = await send(projectId, sessionId, { message: answered, trigger: "submit-message" });
    expect(second.status).toBe(200);
    expect(second.chunks.at(-1)!.messageMetadata.status).toBe("completed");
    expect(JSON.stringify(lastToolResult(server.requests.at(-1)!))).toContain("approved-run");
    const after = await call(getSession, { user, params: { projectId, sessionId } });
    expect(after.data.messages).toHaveLength(2);
    expect(after.data.turns).toHaveLength(1);

    // A forged answer for a request that is not pending is refused.
    const again = await send(projectId, sessionId, { message: answered, trigger: "submit-message" });
    expect(again.status).toBe(409);
  });

  it("leaves commands to the browser when its runtime is WebContainer, and continues with their results", async () => {
    const { projectId, sessionId } = await newProject({ "main.mjs": "console.log('hi')\n" });
    server.push(
      { toolCalls: [{ name: "read_file", args: { path: "main.mjs" }, id: "call_read" }, { name: "run_command", args: { command: "node main.mjs" }, id: "call_wc" }] },
      { text: "The browser printed hi." },
    );
    const first = await send(projectId, sessionId, { ...prompt("run main.mjs"), runtime: "webcontainer" });
    expect(first.chunks.at(-1)!.messageMetadata.status).toBe("awaiting_client");
    // read_file ran on the server; run_command did not run anywhere yet.
    expect(first.chunks.filter((c) => c.type === "tool-output-available").map((c) => c.toolCallId)).toEqual(["call_read"]);
    const db = await getDb();
    expect((await db.agentToolRun.findMany({ where: { turnId: first.turnId } })).map((r) => r.tool)).toEqual(["read_file"]);

    const detail = await call(getSession, { user, params: { projectId, sessionId } });
    const assistant = detail.data.messages.at(-1);
    const pending = assistant.parts.find((p: { toolCallId?: string }) => p.toolCallId === "call_wc");
    expect(pending.state).toBe("input-available");
    const withResult = (output: unknown) => ({
      ...assistant,
      parts: assistant.parts.map((p: { toolCallId?: string }) => (p.toolCallId === "call_wc" ? { ...p, state: "output-available", output } : p)),
    });

    // Results for calls that are not the browser's, or malformed ones, are refused.
    const forged = {
      ...assistant,
      parts: assistant.parts.map((p: { toolCallId?: string }) => (p.toolCallId === "call_read" ? { ...p, output: { content: "forged" } } : p)),
    };
    expect((await send(projectId, sessionId, { message: forged, trigger: "submit-message", runtime: "webcontainer" })).status).toBe(400);
    expect((await send(projectId, sessionId, { message: withResult({ exitCode: "zero" }), trigger: "submit-message" })).status).toBe(400);

    const second = await send(projectId, sessionId, { message: withResult({ exitCode: 0, stdout: "hi from the browser\n", stderr: "", durationMs: 12 }), trigger: "submit-message", runtime: "webcontainer" });
    expect(second.status).toBe(200);
    expect(second.chunks.at(-1)!.messageMetadata.status).toBe("completed");
    expect(JSON.stringify(lastToolResult(server.requests.at(-1)!))).toContain("hi from the browser");
    const runs = await db.agentToolRun.findMany({ where: { turnId: first.turnId }, orderBy: { startedAt: "asc" } });
    expect(runs.map((r) => `${r.tool}:${r.exitCode}`)).toEqual(["read_file:null", "run_command:0"]);

    // Answering again is refused: nothing is pending any more.
    const again = await send(projectId, sessionId, { message: withResult({ exitCode: 0, stdout: "twice", stderr: "", durationMs: 1 }), trigger: "submit-message", runtime: "webcontainer" });
    expect(again.status).toBe(409);
  });

  it("in ask mode with WebContainer, an allowed command then runs in the browser", async () => {
    const { projectId, sessionId } = await newProject({ "x.txt": "x\n" });
    await call(patchSession, { user, params: { projectId, sessionId }, json: { approvalMode: "ask" }, method: "PATCH" });
    server.push({ toolCalls: [{ name: "run_command", args: { command: "echo wc" }, id: "call_ask" }] }, { text: "It printed wc." });
    const first = await send(projectId, sessionId, { ...prompt("echo something"), runtime: "webcontainer" });
    expect(first.chunks.at(-1)!.messageMetadata.status).toBe("awaiting_approval");
    const load = async () => (await call(getSession, { user, params: { projectId, sessionId } })).data.messages.at(-1);
    const asked = await load();
    const allowed = {
      ...asked,
      parts: asked.parts.map((p: { state?: string; approval?: { id: string } }) =>
        p.state === "approval-requested" ? { ...p, state: "approval-responded", approval: { id: p.approval!.id, approved: true } } : p,
      ),
    };
    const requestsBefore = server.requests.length;
    const second = await send(projectId, sessionId, { message: allowed, trigger: "submit-message", runtime: "webcontainer" });
    expect(second.chunks.at(-1)!.messageMetadata.status).toBe("awaiting_client");
    expect(server.requests).toHaveLength(requestsBefore); // the model waits for the browser
    const pending = await load();
    expect(pending.parts.find((p: { toolCallId?: string }) => p.toolCallId === "call_ask").state).toBe("input-available");
    const answered = {
      ...pending,
      parts: pending.parts.map((p: { toolCallId?: string }) =>
        p.toolCallId === "call_ask" ? { ...p, state: "output-available", output: { exitCode: 0, stdout: "wc\n", stderr: "", durationMs: 5 } } : p,
      ),
    };
    const third = await send(projectId, sessionId, { message: answered, trigger: "submit-message", runtime: "webcontainer" });
    expect(third.chunks.at(-1)!.messageMetadata.status).toBe("completed");
    const done = await load();
    expect(done.parts.some((p: { type: string; data?: { toolCallId?: string } }) => p.type === "data-tool-run" && p.data?.toolCallId === "call_ask")).toBe(true);
  });

  it("keeps a failed turn with a clear message, and retry answers it", async () => {
    const { projectId, sessionId } = await newProject({ "a.txt": "a\n" });
    server.push({ error: { status: 429, body: { error: { message: "Rate limit reached", type: "rate_limit_error" } }, headers: { "retry-after-ms": "1" } } });
    server.push({ error: { status: 429, body: { error: { message: "Rate limit reached", type: "rate_limit_error" } }, headers: { "retry-after-ms": "1" } } });
    const failed = await send(projectId, sessionId, prompt("hello?"));
    const meta = failed.chunks.at(-1)!.messageMetadata;
    expect(meta.status).toBe("failed");
    expect(meta.error.code).toBe("rate_limit");
    expect(meta.error.message).toMatch(/rate limit/i);

    server.push({ text: "Hello after the retry." });
    const retried = await send(projectId, sessionId, { trigger: "regenerate-message" });
    expect(retried.chunks.at(-1)!.messageMetadata.status).toBe("completed");
    const detail = await call(getSession, { user, params: { projectId, sessionId } });
    expect(detail.data.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    expect(JSON.stringify(detail.data.messages[1].parts)).toContain("Hello after the retry.");
    expect(detail.data.turns.map((t: { status: string }) => t.status)).toEqual(["failed", "completed"]);
    // The retried request carried the same user prompt once, and no trace of the failed answer.
    const last = server.requests.at(-1)!;
    expect(last.messages.filter((m) => m.role === "user")).toHaveLength(1);
  });

  it("keeps working when the request goes away (a reload), and stops when asked", async () => {
    const { projectId, sessionId } = await newProject({ "loop.mjs": "let i = 0; while (true) { i++; }\n" });
    const db = await getDb();
    const statusOf = async () => (await db.agentTurn.findFirst({ where: { sessionId }, orderBy: { seq: "desc" } }))?.status;

    // The page reloads mid-turn: the turn goes on and is saved as it goes.
    server.push({ toolCalls: [{ name: "run_command", args: { command: "echo still-here" } }] }, { text: "Finished without you." });
    const gone = new AbortController();
    const reloading = send(projectId, sessionId, prompt("echo while I reload"), gone.signal).catch(() => null);
    setTimeout(() => gone.abort(), 50);
    await reloading;
    await expect.poll(statusOf, { timeout: 30_000 }).toBe("completed");
    const detail = await call(getSession, { user, params: { projectId, sessionId } });
    expect(JSON.stringify(detail.data.messages.at(-1).parts)).toContain("Finished without you.");

    // Stop: the model call and the running command end at once.
    server.push({ toolCalls: [{ name: "run_command", args: { command: "node loop.mjs", timeoutSeconds: 120 } }] }, { text: "never" });
    const started = Date.now();
    const running = send(projectId, sessionId, prompt("run the loop"));
    await expect.poll(async () => (await db.agentTurn.count({ where: { sessionId, status: "running" } })) > 0, { timeout: 30_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const stopped = await call(stopSession, { user, params: { projectId, sessionId }, method: "POST" });
    expect(stopped.data).toEqual({ stopped: true });
    const turn = await running;
    expect(turn.chunks.at(-1)!.messageMetadata.status).toBe("interrupted");
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await statusOf()).toBe("interrupted");
    expect(server.requests.at(-1)!.messages.some((m) => m.role === "tool" && JSON.stringify(m).includes("loop"))).toBe(false);

    // Nothing is running now: a stop says so.
    expect((await call(stopSession, { user, params: { projectId, sessionId }, method: "POST" })).data).toEqual({ stopped: false });
  });

  it("folds old messages into a summary before the window overflows", async () => {
    process.env.AGENT_CONTEXT_TOKENS = "4000";
    try {
      const { projectId, sessionId } = await newProject({ "a.txt": "a\n" });
      const long = "word ".repeat(900);
      for (let i = 0; i < 3; i++) {
        server.push({ text: `answer ${i} ${long}` });
        await send(projectId, sessionId, prompt(`question ${i} ${long}`));
      }
      server.push({ text: "SUMMARY: the user asked three long questions." }, { text: "fits now" });
      const turn = await send(projectId, sessionId, prompt("and now?"));
      expect(turn.chunks.at(-1)!.messageMetadata.status).toBe("completed");
      const db = await getDb();
      const session = await db.agentSession.findUniqueOrThrow({ where: { id: sessionId } });
      expect(session.summary).toContain("SUMMARY");
      expect(session.summaryThroughSeq).toBeGreaterThan(0);
      const last = server.requests.at(-1)!;
      expect(String(last.messages[0]!.content)).toContain("SUMMARY");
      expect(JSON.stringify(last.messages).length / 4).toBeLessThan(4000);
      // Nothing was deleted: every message is still stored.
      expect(await db.agentMessage.count({ where: { sessionId } })).toBe(8);
    } finally {
      delete process.env.AGENT_CONTEXT_TOKENS;
    }
  });
});
