import { Chat } from "@ai-sdk/react";
import { lastAssistantMessageIsCompleteWithApprovalResponses } from "ai";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AgentUIMessage, TurnSummary } from "@/lib/agent/ui-types";
import { agentChatUrl } from "@/lib/client/agent-api";
import {
  buildChatRequestBody,
  createAgentChatTransport,
  describeChatError,
  findRunningTurn,
  parseAllowList,
  pendingApprovalIds,
  titleFromPrompt,
} from "@/lib/client/agent-chat";

const user = (text: string, id = "u1"): AgentUIMessage => ({ id, role: "user", parts: [{ type: "text", text }] });
const approvalRequest = (id: string, approvalId: string): AgentUIMessage => ({
  id,
  role: "assistant",
  parts: [
    { type: "step-start" },
    { type: "tool-run_command", toolCallId: "call-1", state: "approval-requested", input: { command: "rm -rf dist" }, approval: { id: approvalId } },
  ] as AgentUIMessage["parts"],
});

/** A UI message stream as the chat route answers it. */
function streamResponse(chunks: object[]): Response {
  const body = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("") + "data: [DONE]\n\n";
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

function stubFetch(response: () => Response) {
  const calls: { url: string; body: Record<string, unknown> }[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), body: JSON.parse(String(init?.body)) as Record<string, unknown> });
    return response();
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("buildChatRequestBody", () => {
  it("sends only the newest message, with the model and the trigger", () => {
    const messages = [user("one", "u1"), approvalRequest("a1", "ap1"), user("two", "u2")];
    expect(buildChatRequestBody({ messages, trigger: "submit-message", model: "gpt" })).toEqual({
      message: messages[2],
      model: "gpt",
      trigger: "submit-message",
      runtime: "box",
    });
  });

  it("leaves the model out when none is picked", () => {
    expect(buildChatRequestBody({ messages: [user("x")], trigger: "regenerate-message", model: null })).toEqual({
      message: user("x"),
      trigger: "regenerate-message",
      runtime: "box",
    });
  });

  it("refuses an empty conversation", () => {
    expect(() => buildChatRequestBody({ messages: [], trigger: "submit-message", model: null })).toThrow();
  });
});

describe("the chat transport", () => {
  it("posts the newest message and the request's model to the session's chat route", async () => {
    const calls = stubFetch(() => streamResponse([{ type: "start", messageId: "a1" }, { type: "finish" }]));
    const transport = createAgentChatTransport({ projectId: "p 1", sessionId: "s1" });
    const stream = await transport.sendMessages({
      chatId: "s1",
      messages: [user("earlier", "u0"), user("hello")],
      abortSignal: undefined,
      trigger: "submit-message",
      messageId: undefined,
      body: { model: "claude" },
    });
    await stream.pipeTo(new WritableStream());
    expect(calls).toEqual([
      { url: "/api/projects/p%201/agent/sessions/s1/chat", body: { message: user("hello"), model: "claude", trigger: "submit-message", runtime: "box" } },
    ]);
    expect(agentChatUrl({ projectId: "p 1", sessionId: "s1" })).toBe(calls[0]!.url);
  });

  it("sends the assistant message with the approval answers on its own once all are answered", async () => {
    const calls = stubFetch(() =>
      streamResponse([
        { type: "start", messageId: "a1" },
        { type: "tool-output-available", toolCallId: "call-1", output: { exitCode: 0, stdout: "", stderr: "" } },
        { type: "finish", messageMetadata: { status: "completed" } },
      ]),
    );
    const chat = new Chat<AgentUIMessage>({
      id: "s1",
      messages: [user("clean up"), approvalRequest("a1", "ap1")],
      transport: createAgentChatTransport({ projectId: "p1", sessionId: "s1" }),
      sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    });
    await chat.addToolApprovalResponse({ id: "ap1", approved: true, options: { body: { model: "gpt" } } });
    await vi.waitFor(() => expect(chat.status).toBe("ready"));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const sent = calls[0]!.body as { message: AgentUIMessage; model: string; trigger: string };
    expect(sent.model).toBe("gpt");
    expect(sent.trigger).toBe("submit-message");
    expect(sent.message.id).toBe("a1");
    expect(sent.message.parts[1]).toMatchObject({ state: "approval-responded", approval: { id: "ap1", approved: true } });
    // The answer continues the same assistant message rather than adding one.
    expect(chat.messages.map((m) => m.id)).toEqual(["u1", "a1"]);
    expect(chat.messages[1]!.parts[1]).toMatchObject({ state: "output-available" });
  });
});

describe("describeChatError", () => {
  it.each<[string, Error | undefined, string]>([
    ["our error body", new Error(JSON.stringify({ error: { code: "conflict", message: "Nothing is waiting for approval" } })), "Nothing is waiting for approval"],
    ["a plain message", new Error("Stream broke"), "Stream broke"],
    ["an HTML page", new Error("<!DOCTYPE html><html>…"), "The server answered with an error page. Try again."],
    ["a network failure", new TypeError("Failed to fetch"), "The server could not be reached. Check your connection and try again."],
    ["no error", undefined, ""],
    ["JSON that is not ours", new Error('{"nope": 1}'), '{"nope": 1}'],
  ])("%s", (_name, error, text) => {
    expect(describeChatError({ error })).toBe(text);
  });
});

describe("pendingApprovalIds", () => {
  it("lists the unanswered requests of the last assistant message", () => {
    expect(pendingApprovalIds({ messages: [user("x"), approvalRequest("a1", "ap1")] })).toEqual(["ap1"]);
    expect(pendingApprovalIds({ messages: [approvalRequest("a1", "ap1"), user("x")] })).toEqual([]);
    expect(pendingApprovalIds({ messages: [] })).toEqual([]);
  });
});

describe("findRunningTurn", () => {
  const turn = (id: string, seq: number, status: TurnSummary["status"]) => ({ id, seq, status }) as TurnSummary;
  it.each<[TurnSummary[], string | null]>([
    [[], null],
    [[turn("t1", 1, "completed"), turn("t2", 2, "running")], "t2"],
    [[turn("t2", 2, "running"), turn("t1", 1, "completed")], "t2"],
    [[turn("t1", 1, "running"), turn("t2", 2, "interrupted")], null],
  ])("%j", (turns, id) => {
    expect(findRunningTurn({ turns })?.id ?? null).toBe(id);
  });
});

describe("titleFromPrompt", () => {
  it.each<[string, string]>([
    ["Add a README", "Add a README"],
    ["  \n  fix   the\tbug  \nplease", "fix the bug"],
    ["execute code ```js\nconsole.log(1)\n```", "execute code"],
    ["```py\nprint(1)\n```", "New chat"],
    ["x".repeat(100), `${"x".repeat(79)}…`],
  ])("%j → %j", (prompt, title) => {
    expect(titleFromPrompt({ prompt })).toBe(title);
  });
});

describe("parseAllowList", () => {
  it("trims, drops blanks and duplicates", () => {
    expect(parseAllowList({ text: " src/**\n\nsrc/**\n README.md \n" })).toEqual({ entries: ["src/**", "README.md"], problems: [] });
  });

  it("bounds entries and their length", () => {
    expect(parseAllowList({ text: "a".repeat(501) }).problems).toHaveLength(1);
    const many = parseAllowList({ text: Array.from({ length: 101 }, (_, i) => `f${i}`).join("\n") });
    expect(many.entries).toHaveLength(100);
    expect(many.problems).toEqual(["At most 100 entries (101 given)"]);
  });
});
