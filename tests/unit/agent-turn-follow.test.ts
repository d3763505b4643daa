import type { UIMessageChunk } from "ai";
import { describe, expect, it } from "vitest";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { readFollowedTurn, type LiveOutputChunk } from "@/lib/client/agent-turn-follow";

const streamOf = (chunks: unknown[]) =>
  new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk as UIMessageChunk);
      controller.close();
    },
  });

// A continuation: the message already holds the answered call when the followed run starts.
const base: AgentUIMessage = {
  id: "msg-follow",
  role: "assistant",
  metadata: { status: "running" },
  parts: [
    { type: "step-start" },
    { type: "tool-run_command", toolCallId: "call-1", state: "output-available", input: { command: "echo earlier" }, output: { exitCode: 0, stdout: "earlier\n", stderr: "" } },
  ],
} as AgentUIMessage;

async function follow(chunks: unknown[]) {
  const messages: AgentUIMessage[] = [];
  const output: LiveOutputChunk[] = [];
  const { finished } = await readFollowedTurn({ stream: streamOf(chunks), onMessage: (m) => messages.push(m), onOutput: (c) => output.push(c) });
  return { finished, messages, output, last: messages.at(-1)! };
}

describe("following a running turn in the browser", () => {
  it("builds the message from the base it is sent first, shows command output live, and sees the end", async () => {
    const { finished, messages, output, last } = await follow([
      { type: "data-turn-base", data: { message: base }, transient: true },
      { type: "start", messageId: "msg-follow", messageMetadata: { status: "running" } },
      { type: "start-step" },
      { type: "tool-input-available", toolCallId: "call-2", toolName: "run_command", input: { command: "echo now" } },
      { type: "data-tool-output", data: { toolCallId: "call-2", stream: "stdout", text: "now\n" }, transient: true },
      { type: "tool-output-available", toolCallId: "call-2", output: { exitCode: 0, stdout: "now\n", stderr: "" } },
      { type: "finish-step" },
      { type: "start-step" },
      { type: "text-start", id: "t1" },
      { type: "text-delta", id: "t1", delta: "Both ran." },
      { type: "text-end", id: "t1" },
      { type: "finish", messageMetadata: { status: "completed" } },
    ]);
    expect(finished).toBe(true);
    expect(messages[0]).toEqual(base);
    expect(output).toEqual([{ toolCallId: "call-2", stream: "stdout", text: "now\n" }]);
    expect(last.id).toBe("msg-follow");
    expect(last.metadata).toMatchObject({ status: "completed" });
    expect(last.parts.map((p) => ("toolCallId" in p ? `${p.type}:${p.toolCallId}` : p.type))).toEqual([
      "step-start",
      "tool-run_command:call-1",
      "step-start",
      "tool-run_command:call-2",
      "step-start",
      "text",
    ]);
    expect(JSON.stringify(last.parts)).not.toContain("data-tool-output");
  });

  it("reports a stream cut before the turn's end", async () => {
    const { finished, last } = await follow([
      { type: "data-turn-base", data: { message: base }, transient: true },
      { type: "start", messageId: "msg-follow" },
      { type: "start-step" },
      { type: "text-start", id: "t1" },
      { type: "text-delta", id: "t1", delta: "Half" },
    ]);
    expect(finished).toBe(false);
    expect(JSON.stringify(last.parts)).toContain("Half");
  });

  it("refuses a stream that does not start with the turn's message", async () => {
    await expect(follow([{ type: "start", messageId: "msg-follow" }])).rejects.toThrow(/reload the page/);
  });
});
