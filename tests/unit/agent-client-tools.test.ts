import { Chat } from "@ai-sdk/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { chatRequestSchema, toTurnRequest } from "@/lib/agent/requests";
import type { AgentMessageMetadata, AgentUIMessage } from "@/lib/agent/ui-types";
import { createAgentChatTransport } from "@/lib/client/agent-chat";
import {
  browserRuntimeState,
  browserRuntimeUnavailableMessage,
  findPendingClientToolCalls,
  runClientToolCall,
  runtimeForRequest,
  shouldSendAgentMessage,
  type AgentBrowserRuntime,
  type ClientToolCall,
} from "@/lib/client/agent-client-tools";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import type { Sandbox } from "@/lib/sandbox/types";

type Part = AgentUIMessage["parts"][number];

const user = (text: string, id = "u1"): AgentUIMessage => ({ id, role: "user", parts: [{ type: "text", text }] });
const assistant = (parts: object[], status: AgentMessageMetadata["status"] = "awaiting_client", id = "a1"): AgentUIMessage => ({
  id,
  role: "assistant",
  metadata: { turnId: "t1", status },
  parts: [{ type: "step-start" }, ...parts] as Part[],
});
const command = (toolCallId: string, state = "input-available", extra: object = {}) => ({
  type: "tool-run_command",
  toolCallId,
  state,
  input: { command: "ls" },
  ...extra,
});
const read = (toolCallId: string) => ({ type: "tool-read_file", toolCallId, state: "output-available", input: { path: "a" }, output: { content: "" } });

/** A browser runtime over a sandbox, recording when it caught up and saved. */
function browserOver(sandbox: Sandbox, { catchUp = async () => true }: { catchUp?: () => Promise<boolean> } = {}) {
  const log: string[] = [];
  const browser: AgentBrowserRuntime = {
    state: "ready",
    sandbox,
    catchUp: async () => {
      log.push("catch-up");
      return catchUp();
    },
    saveChanges: async () => void log.push("save"),
  };
  return { browser, log };
}

const call = (toolName: ClientToolCall["toolName"], input: unknown, toolCallId = "c1"): ClientToolCall => ({ toolCallId, toolName, input });

describe("runClientToolCall", () => {
  it("runs a command after catching up, streams its output, saves what it wrote, and answers as the box would", async () => {
    const sandbox = createMemorySandbox();
    const { browser, log } = browserOver(sandbox, {
      // The agent wrote this file on the server; catching up puts it into the sandbox.
      catchUp: async () => {
        await sandbox.writeFile("agent.txt", "from the agent\n");
        return true;
      },
    });
    const chunks: { stream: string; text: string }[] = [];
    const result = await runClientToolCall({
      call: call("run_command", { command: "cat agent.txt; echo oops >&2; exit 3" }),
      browser,
      onOutput: (chunk) => chunks.push(chunk),
    });
    expect(result).toEqual({
      state: "output-available",
      output: { exitCode: 3, stdout: "from the agent\n", stderr: "oops\n", durationMs: expect.any(Number) },
    });
    expect(chunks.filter((c) => c.stream === "stdout").map((c) => c.text).join("")).toBe("from the agent\n");
    expect(chunks.filter((c) => c.stream === "stderr").map((c) => c.text).join("")).toBe("oops\n");
    expect(log).toEqual(["catch-up", "save"]);
  });

  it("keeps the head and the tail of long output, like the server's tool, within what the chat route accepts", async () => {
    const sandbox = createMemorySandbox();
    await sandbox.writeFile("big.txt", `FIRST\n${"x\n".repeat(30_000)}END\n`);
    const result = await runClientToolCall({ call: call("run_command", { command: "cat big.txt" }), browser: browserOver(sandbox).browser });
    const output = (result as { output: { stdout: string } }).output;
    expect(output.stdout).toMatch(/^FIRST\nx\n[^]*\[… [\d,]+ lines \([\d,]+ bytes\) omitted …\]\nx\n[^]*END\n$/);
    expect(output.stdout.length).toBeLessThanOrEqual(32_000);
  });

  it("runs in the working folder asked for, and answers a bad one with the tool's error", async () => {
    const sandbox = createMemorySandbox({ files: [{ path: "sub/f.txt", kind: "file", content: "in sub\n" }] });
    const { browser } = browserOver(sandbox);
    expect(await runClientToolCall({ call: call("run_command", { command: "cat f.txt", cwd: "sub" }), browser })).toMatchObject({
      state: "output-available",
      output: { exitCode: 0, stdout: "in sub\n" },
    });
    expect(await runClientToolCall({ call: call("run_command", { command: "ls", cwd: "../outside" }), browser })).toEqual({
      state: "output-error",
      errorText: expect.stringContaining("Invalid path"),
    });
  });

  it("kills a command on abort, and the output says it was interrupted", async () => {
    const sandbox = createMemorySandbox();
    const abort = new AbortController();
    const running = runClientToolCall({ call: call("run_command", { command: "sleep 5" }), browser: browserOver(sandbox).browser, signal: abort.signal });
    setTimeout(() => abort.abort(), 30);
    const started = Date.now();
    expect(await running).toMatchObject({ state: "output-available", output: { exitCode: 130, note: "Interrupted." } });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("kills a command at its timeout", async () => {
    const sandbox = createMemorySandbox();
    const result = await runClientToolCall({ call: call("run_command", { command: "sleep 5", timeoutSeconds: 1 }), browser: browserOver(sandbox).browser });
    expect(result).toMatchObject({ state: "output-available", output: { exitCode: 124, note: "Timed out after 1s and was killed." } });
  });

  it("runs a snippet from a scratch file it removes afterwards", async () => {
    const sandbox = createMemorySandbox();
    const commands: string[] = [];
    const recording: Sandbox = new Proxy(sandbox, {
      get(target, property) {
        if (property === "exec")
          return (command: string, options: Parameters<Sandbox["exec"]>[1]) => {
            commands.push(command);
            return target.exec(command, options);
          };
        const value: unknown = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const result = await runClientToolCall({ call: call("run_code", { language: "python", code: "print(1)" }), browser: browserOver(recording).browser });
    expect(commands).toEqual([expect.stringMatching(/^python3 \.agent\/snippet-[\w-]+\.py$/)]);
    // The memory sandbox has no python: the answer is still the tool's shape, without a note.
    expect(result).toEqual({
      state: "output-available",
      output: { exitCode: 127, stdout: "", stderr: expect.stringContaining("python3"), durationMs: expect.any(Number) },
    });
    expect(await sandbox.readdir(".agent")).toEqual([]);
  });

  it.each<[string, AgentBrowserRuntime | null]>([
    ["no browser runtime in this IDE", null],
    ["the box took over", { state: "unavailable", sandbox: null, catchUp: async () => true, saveChanges: async () => {} }],
    ["WebContainer not up", { state: "starting", sandbox: null, catchUp: async () => true, saveChanges: async () => {} }],
  ])("answers with an error when %s", async (_name, browser) => {
    expect(await runClientToolCall({ call: call("run_command", { command: "ls" }), browser })).toEqual({
      state: "output-error",
      errorText: browserRuntimeUnavailableMessage,
    });
  });

  it("answers with an error when the sandbox is gone, the files could not be loaded, or the input is wrong", async () => {
    const closed = createMemorySandbox();
    await closed.dispose();
    expect(await runClientToolCall({ call: call("run_command", { command: "ls" }), browser: browserOver(closed).browser })).toEqual({
      state: "output-error",
      errorText: expect.stringContaining("closed"),
    });
    const sandbox = createMemorySandbox();
    expect(
      await runClientToolCall({ call: call("run_command", { command: "ls" }), browser: browserOver(sandbox, { catchUp: async () => false }).browser }),
    ).toEqual({ state: "output-error", errorText: expect.stringContaining("latest files") });
    expect(await runClientToolCall({ call: call("run_code", { language: "ruby", code: "p 1" }), browser: browserOver(sandbox).browser })).toEqual({
      state: "output-error",
      errorText: expect.stringContaining("Invalid input for run_code"),
    });
  });
});

describe("findPendingClientToolCalls", () => {
  it.each<[string, AgentUIMessage[], string[]]>([
    ["the unanswered run_command and run_code calls of a turn awaiting the browser", [user("x"), assistant([read("r1"), command("c1"), { type: "tool-run_code", toolCallId: "c2", state: "input-available", input: { language: "javascript", code: "1" } }])], ["c1", "c2"]],
    ["not the answered ones", [user("x"), assistant([command("c1", "output-available", { output: {} }), command("c2")])], ["c2"]],
    ["nothing when the turn is not awaiting the browser", [user("x"), assistant([command("c1")], "interrupted")], []],
    ["nothing when the last message is the person's", [assistant([command("c1")]), user("x")], []],
    ["nothing in an empty chat", [], []],
  ])("%s", (_name, messages, ids) => {
    expect(findPendingClientToolCalls({ messages }).map((c) => c.toolCallId)).toEqual(ids);
  });

  it("gives each call's tool, input and turn (its saves are the turn's)", () => {
    expect(findPendingClientToolCalls({ messages: [assistant([command("c1")])] })).toEqual([{ toolCallId: "c1", toolName: "run_command", input: { command: "ls" }, turnId: "t1" }]);
  });
});

describe("shouldSendAgentMessage", () => {
  const answered = new Set(["c1", "c2"]);
  it.each<[string, AgentUIMessage[], ReadonlySet<string>, boolean]>([
    ["every browser call answered here", [assistant([read("r1"), command("c1", "output-available", { output: {} }), command("c2", "output-error", { errorText: "x" })])], answered, true],
    ["one still to run", [assistant([command("c1", "output-available", { output: {} }), command("c3")])], answered, false],
    ["answered before this page (a reload): not sent by itself", [assistant([command("c9", "output-available", { output: {} })])], answered, false],
    ["an approval still open", [assistant([command("c1", "output-available", { output: {} }), { type: "tool-write_file", toolCallId: "w1", state: "approval-requested", input: {}, approval: { id: "ap1" } }])], answered, false],
    ["a turn that went on (completed)", [assistant([command("c1", "output-available", { output: {} })], "completed")], answered, false],
    [
      "approval answers, under the SDK's rule",
      [assistant([{ type: "tool-write_file", toolCallId: "w1", state: "approval-responded", input: {}, approval: { id: "ap1", approved: true } }], "awaiting_approval")],
      new Set<string>(),
      true,
    ],
    ["a person's message", [user("x")], answered, false],
  ])("%s → %s", (_name, messages, ids, expected) => {
    expect(shouldSendAgentMessage({ messages, answered: ids })).toBe(expected);
  });
});

describe("where commands run", () => {
  it.each<[Parameters<typeof browserRuntimeState>[0], AgentBrowserRuntime["state"]]>([
    [{ runtime: "webcontainer", hasSandbox: true, status: "ready" }, "ready"],
    [{ runtime: "webcontainer", hasSandbox: false, status: "booting" }, "starting"],
    [{ runtime: null, hasSandbox: false, status: "booting" }, "starting"],
    [{ runtime: "webcontainer", hasSandbox: true, status: "crashed" }, "unavailable"],
    [{ runtime: "webcontainer", hasSandbox: false, status: "failed" }, "unavailable"],
    [{ runtime: "box", hasSandbox: true, status: "ready" }, "unavailable"],
    [{ runtime: "box", hasSandbox: false, status: "booting" }, "unavailable"],
  ])("%j → %s", (input, expected) => {
    expect(browserRuntimeState(input)).toBe(expected);
  });

  it("asks for WebContainer only while it is up", () => {
    const sandbox = createMemorySandbox();
    const runtime = (state: AgentBrowserRuntime["state"], withSandbox = true): AgentBrowserRuntime => ({
      state,
      sandbox: withSandbox ? sandbox : null,
      catchUp: async () => true,
      saveChanges: async () => {},
    });
    expect(runtimeForRequest({ browser: runtime("ready") })).toBe("webcontainer");
    expect(runtimeForRequest({ browser: runtime("ready", false) })).toBe("box");
    expect(runtimeForRequest({ browser: runtime("starting", false) })).toBe("box");
    expect(runtimeForRequest({ browser: null })).toBe("box");
  });
});

describe("the chat, with commands left to the browser", () => {
  afterEach(() => vi.unstubAllGlobals());

  function streamResponse(chunks: object[]): Response {
    const body = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("") + "data: [DONE]\n\n";
    return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
  }

  it("carries the runtime in every request and sends the message back once every call has its output", async () => {
    const bodies: Record<string, unknown>[] = [];
    const responses = [
      // The turn: the model calls run_command and run_code; the server leaves both to the browser.
      streamResponse([
        { type: "start", messageId: "a1", messageMetadata: { turnId: "t1", status: "running" } },
        { type: "start-step" },
        { type: "tool-input-available", toolCallId: "c1", toolName: "run_command", input: { command: "echo hi" } },
        { type: "tool-input-available", toolCallId: "c2", toolName: "run_code", input: { language: "javascript", code: "1" } },
        { type: "finish-step" },
        { type: "finish", messageMetadata: { turnId: "t1", status: "awaiting_client" } },
      ]),
      // The continuation after the outputs.
      streamResponse([
        { type: "start", messageId: "a1", messageMetadata: { turnId: "t1", status: "running" } },
        { type: "start-step" },
        { type: "text-start", id: "x" },
        { type: "text-delta", id: "x", delta: "Done." },
        { type: "text-end", id: "x" },
        { type: "finish-step" },
        { type: "finish", messageMetadata: { turnId: "t1", status: "completed" } },
      ]),
    ];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init?: RequestInit) => {
        bodies.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
        return responses.shift()!;
      }),
    );
    const answered = new Set<string>();
    let runtime: "webcontainer" | "box" = "webcontainer";
    const chat = new Chat<AgentUIMessage>({
      id: "s1",
      messages: [],
      transport: createAgentChatTransport({ projectId: "p1", sessionId: "s1", getRuntime: () => runtime }),
      sendAutomaticallyWhen: ({ messages }) => shouldSendAgentMessage({ messages, answered }),
    });
    await chat.sendMessage({ text: "run it" }, { body: { model: "gpt" } });
    expect(bodies[0]).toMatchObject({ trigger: "submit-message", model: "gpt", runtime: "webcontainer", message: { role: "user" } });
    expect(findPendingClientToolCalls({ messages: chat.messages }).map((c) => c.toolCallId)).toEqual(["c1", "c2"]);

    const sandbox = createMemorySandbox();
    const { browser } = browserOver(sandbox);
    const first = await runClientToolCall({ call: findPendingClientToolCalls({ messages: chat.messages })[0]!, browser });
    answered.add("c1");
    await chat.addToolOutput({ tool: "run_command", toolCallId: "c1", output: (first as { output: unknown }).output, options: { body: { model: "gpt" } } });
    expect(bodies).toHaveLength(1);

    // The runtime fell back to the box before the second call: it is answered with why.
    runtime = "box";
    const second = await runClientToolCall({ call: findPendingClientToolCalls({ messages: chat.messages })[0]!, browser: { ...browser, state: "unavailable", sandbox: null } });
    expect(second).toEqual({ state: "output-error", errorText: browserRuntimeUnavailableMessage });
    answered.add("c2");
    await chat.addToolOutput({ tool: "run_code", toolCallId: "c2", state: "output-error", errorText: browserRuntimeUnavailableMessage, options: { body: { model: "gpt" } } });

    await vi.waitFor(() => expect(bodies).toHaveLength(2));
    await vi.waitFor(() => expect(chat.status).toBe("ready"));
    const sent = bodies[1] as { message: AgentUIMessage; model: string; trigger: string; runtime: string };
    expect(sent).toMatchObject({ trigger: "submit-message", model: "gpt", runtime: "box" });
    expect(sent.message.id).toBe("a1");
    expect(sent.message.parts.filter((part) => part.type.startsWith("tool-"))).toEqual([
      expect.objectContaining({
        type: "tool-run_command",
        toolCallId: "c1",
        state: "output-available",
        output: { exitCode: 0, stdout: "hi\n", stderr: "", durationMs: expect.any(Number) },
      }),
      expect.objectContaining({ type: "tool-run_code", toolCallId: "c2", state: "output-error", errorText: browserRuntimeUnavailableMessage }),
    ]);
    // The chat route reads it as answers to the two pending calls.
    expect(toTurnRequest(chatRequestSchema.parse(JSON.parse(JSON.stringify(sent))))).toEqual({
      kind: "answer",
      messageId: "a1",
      decisions: [],
      toolResults: [
        { toolCallId: "c1", output: { exitCode: 0, stdout: "hi\n", stderr: "", durationMs: expect.any(Number) } },
        { toolCallId: "c2", errorText: browserRuntimeUnavailableMessage },
      ],
    });
    // The continuation goes on in the same message, and nothing is sent again.
    expect(chat.messages.map((m) => m.id)).toEqual([expect.any(String), "a1"]);
    expect(chat.messages[1]!.metadata?.status).toBe("completed");
    await new Promise((r) => setTimeout(r, 20));
    expect(bodies).toHaveLength(2);
  });
});
