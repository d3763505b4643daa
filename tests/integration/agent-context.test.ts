import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import type { ChatCompletionRequest, ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { lastMessage, newAgentProject, sendChat, userPrompt, withScriptedModel } from "./agent-helpers";
import type { TestUser } from "./helpers";

// Context during a turn, through the chat route and the real OpenAI-compatible provider: old tool
// results trimmed step by step, a context overflow compacted and retried once, the step budget.

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Context keeper", (context) => ({ server, user } = context));

const overflow = {
  error: {
    status: 400,
    body: { error: { message: "This model's maximum context length is 8192 tokens. Please reduce the length of the messages.", type: "invalid_request_error", code: "context_length_exceeded" } },
  },
};
const systemText = (request: ChatCompletionRequest) => String(request.messages.find((m) => m.role === "system")?.content ?? "");
const toolMessages = (request: ChatCompletionRequest) => request.messages.filter((m) => m.role === "tool").map((m) => String(m.content));

let seen = 0;
beforeEach(() => {
  server.setScript([]);
  seen = server.requests.length;
});
afterEach(() => {
  delete process.env.AGENT_MAX_STEPS;
});
const requests = () => server.requests.slice(seen);

describe("old tool results during a turn", () => {
  it("reach the model as stubs on a later step, while the newest six stay whole", async () => {
    const big = `first line of big.txt\n${"MARKER ".repeat(300)}\n`;
    const { projectId, sessionId } = await newAgentProject(user, { "big.txt": big });
    server.push(...Array.from({ length: 8 }, (_, i) => ({ toolCalls: [{ name: "read_file", args: { path: "big.txt", offset: 1 + (i % 2) } }] })), { text: "Read it." });
    const turn = await sendChat(user, projectId, sessionId, userPrompt("read big.txt again and again"));
    expect(turn.chunks.at(-1)!.messageMetadata.status).toBe("completed");

    const last = requests().at(-1)!;
    const results = toolMessages(last);
    expect(results).toHaveLength(8);
    expect(results.slice(0, 2).every((r) => r.startsWith("[Older result of read_file big.txt elided to save context"))).toBe(true);
    expect(results.slice(0, 2).some((r) => r.includes("MARKER"))).toBe(false);
    expect(results.slice(2).every((r) => r.includes("MARKER MARKER"))).toBe(true);
    // Up to the seventh result nothing was trimmed yet.
    expect(toolMessages(requests()[6]!).every((r) => r.includes("MARKER MARKER"))).toBe(true);
    // The stored conversation keeps every result whole: trimming is only what the model is sent.
    const stored = await lastMessage(user, projectId, sessionId);
    const outputs = stored.parts.filter((p: { type: string }) => p.type === "tool-read_file").map((p: { output: unknown }) => JSON.stringify(p.output));
    expect(outputs.every((o: string) => o.includes("MARKER MARKER"))).toBe(true);
  });
});

describe("a context overflow", () => {
  it("compacts the conversation and retries once; the summary keeps the first request verbatim and the files changed", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.txt": "a\n" });
    const firstRequest = "Build a todo app in todo.js.\nKeep it   tiny.";
    server.push({ toolCalls: [{ name: "write_file", args: { path: "todo.js", content: "const todos = [];\n" } }] }, { text: "Started todo.js." });
    expect((await sendChat(user, projectId, sessionId, userPrompt(firstRequest))).chunks.at(-1)!.messageMetadata.status).toBe("completed");

    seen = server.requests.length;
    server.push(overflow, { text: "DONE: todo.js started. PENDING: add items." }, { toolCalls: [{ name: "edit_file", args: { path: "a.txt", oldText: "a", newText: "b" } }] }, { text: "Changed a.txt." });
    const turn = await sendChat(user, projectId, sessionId, userPrompt("now change a.txt"));
    expect(turn.chunks.at(-1)!.messageMetadata).toMatchObject({ status: "completed" });
    expect(turn.chunks.at(-1)!.messageMetadata.error).toBeUndefined();

    const [refused, summarize, retried, afterTool] = requests();
    expect(requests()).toHaveLength(4);
    expect(refused!.messages.some((m) => String(m.content).includes("Started todo.js."))).toBe(true);
    expect(summarize!.stream).toBeFalsy();
    expect(JSON.stringify(summarize!.messages)).toContain("Started todo.js.");
    // The retry carries the summary instead of the first turn.
    expect(retried!.messages.some((m) => m.role === "assistant" && String(m.content).includes("Started todo.js."))).toBe(false);
    const system = systemText(retried!);
    expect(system).toContain(`The user's first request in this session (verbatim):\n${firstRequest}`);
    expect(system).toContain("Files the agent changed so far in this session (A added, M modified, D deleted):\nA todo.js");
    expect(system).toContain("DONE: todo.js started. PENDING: add items.");
    expect(systemText(afterTool!)).toContain("DONE: todo.js started.");

    const db = await getDb();
    const session = await db.agentSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session.summary).toContain(firstRequest);
    expect(session.summaryThroughSeq).toBeGreaterThan(0);
  });

  it("fails the turn with the overflow message when the retry overflows too, after exactly one retry", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.txt": "a\n" });
    server.push(overflow, overflow, { text: "never sent" });
    const turn = await sendChat(user, projectId, sessionId, userPrompt("hello"));
    const metadata = turn.chunks.at(-1)!.messageMetadata;
    expect(metadata.status).toBe("failed");
    expect(metadata.error).toMatchObject({ code: "context_overflow" });
    // The first turn of a session has nothing earlier to fold: no summary call, one retry.
    expect(requests()).toHaveLength(2);
  });
});

describe("the step budget", () => {
  it("warns the model on its last steps and ends a turn cut off at the cap with a clear message", async () => {
    process.env.AGENT_MAX_STEPS = "3";
    const { projectId, sessionId } = await newAgentProject(user, { "a.txt": "a\n" });
    server.push(...Array.from({ length: 3 }, () => ({ toolCalls: [{ name: "list_files", args: {} }] })), { text: "never asked" });
    const turn = await sendChat(user, projectId, sessionId, userPrompt("list forever"));
    expect(turn.chunks.at(-1)!.messageMetadata.status).toBe("completed");
    expect(requests()).toHaveLength(3);
    expect(systemText(requests()[0]!)).toContain("Step budget: 3 steps left");
    expect(systemText(requests()[2]!)).toContain("this is your last step");
    const text = turn.chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("");
    expect(text).toContain('Stopped at the step limit (3 steps) before the work was finished. Say "continue" to go on.');
  });
});
