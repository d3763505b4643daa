import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { appendLiveOutput, emptyLiveOutput, type ToolPart } from "@/lib/client/agent-message-view";
import { AssistantMessage, type AssistantMessageProps } from "@/components/agent/agent-message";
import { MarkdownText } from "@/components/agent/lazy-markdown";
import { ToolCard } from "@/components/agent/tool-card";

/** Server-rendered markup of the message views: no browser, but every branch renders without throwing. */

type Part = AgentUIMessage["parts"][number];

// The markdown renderer loads on first use (components/agent/lazy-markdown.tsx), as a page loads it
// with its first message: render once to start it, then let it arrive.
beforeAll(async () => {
  expect(renderToStaticMarkup(createElement(MarkdownText, { text: "**x**\u0000" }))).toContain("**x**␀");
  await import("@/components/agent/markdown");
  await new Promise((resolve) => setTimeout(resolve, 0));
});
const noop = () => undefined;

function renderMessage(message: AgentUIMessage, props: Partial<AssistantMessageProps> = {}) {
  return renderToStaticMarkup(
    createElement(AssistantMessage, {
      message,
      streaming: false,
      isLast: true,
      busy: false,
      stopped: false,
      liveOutput: {},
      modelLabel: (id: string) => (id === "gpt-x" ? "GPT X" : id),
      reviewStateOf: () => ({ review: { "b.ts": "rejected" as const }, undone: false, lastEditUndone: false }),
      pendingOf: () => new Set<string>(),
      onApprovalResponse: noop,
      onRetry: noop,
      onContinue: noop,
      onOpenChange: noop,
      onReview: noop,
      onUndo: noop,
      onUndoLastEdit: noop,
      ...props,
    }),
  );
}

const text = (value: string): Part => ({ type: "text", text: value, state: "done" });
const toolPart = (part: Record<string, unknown>) => part as unknown as Part;

describe("AssistantMessage", () => {
  it("renders markdown, tool cards, the turn's changes and the footer", () => {
    const html = renderMessage({
      id: "a1",
      role: "assistant",
      metadata: { turnId: "t1", model: "gpt-x", status: "completed", usage: { inputTokens: 1234, outputTokens: 56 }, durationMs: 4200 },
      parts: [
        { type: "reasoning", text: "I should look first", state: "done" },
        text("Here is **the plan**:\n\n```js\nconsole.log(1)\n```"),
        toolPart({
          type: "tool-run_command",
          toolCallId: "c1",
          state: "output-available",
          input: { command: "npm test" },
          output: { exitCode: 1, stdout: "[… 10 earlier characters cut …]\nok", stderr: "1 failing", durationMs: 900 },
        }),
        { type: "data-tool-run", data: { toolCallId: "c1", durationMs: 900, status: "error" } },
        {
          type: "data-turn-changes",
          data: {
            turnId: "t1",
            checkpointSnapshotId: "s0",
            resultSnapshotId: "s1",
            files: [
              { path: "a.ts", change: "modified", additions: 3, deletions: 1, binary: false },
              { path: "b.ts", change: "added", additions: 10, deletions: 0, binary: false },
            ],
          },
        },
      ],
    });
    expect(html).toContain("<strong>the plan</strong>");
    expect(html).toContain('data-testid="agent-code-block"');
    expect(html).toContain("Copy code");
    expect(html).toContain("Reasoning");
    expect(html).toContain('data-tool="run_command"');
    expect(html).toContain('data-state="done"');
    expect(html).toContain("npm test");
    expect(html).toContain("exit 1");
    expect(html).toContain("10 earlier characters cut");
    expect(html).toContain("900 ms");
    expect(html).toContain("2 files changed");
    expect(html).toContain("Undo this turn");
    expect(html).toContain(">Accept<");
    expect(html).toContain("Rejected");
    expect(html).toContain("GPT X");
    expect(html).toContain("1.2k in · 56 out");
    expect(html).toContain("4.2 s");
  });

  it("shows a failed turn's error with Retry, and a stopped one with Retry and Continue", () => {
    const failed = renderMessage({
      id: "a2",
      role: "assistant",
      metadata: { status: "failed", error: { code: "rate_limit", message: "Too many requests" } },
      parts: [],
    });
    expect(failed).toContain("Too many requests");
    expect(failed).toContain("rate-limiting");
    expect(failed).toContain(" Retry</button>");

    const stopped = renderMessage({ id: "a3", role: "assistant", parts: [text("Partial")] }, { stopped: true });
    expect(stopped).toContain("Stopped");
    expect(stopped).toContain("Continue");
  });

  it("asks for approval with Allow and Deny", () => {
    const html = renderMessage({
      id: "a4",
      role: "assistant",
      metadata: { status: "awaiting_approval" },
      parts: [toolPart({ type: "tool-delete", toolCallId: "c2", state: "approval-requested", input: { path: "dist", recursive: true }, approval: { id: "ap" } })],
    });
    expect(html).toContain("The agent wants to");
    expect(html).toContain("delete dist and everything in it");
    expect(html).toContain(">Allow<");
    expect(html).toContain(">Deny<");
    expect(html).toContain("Waiting for your approval");
  });

  it("shows work under way while streaming", () => {
    const html = renderMessage(
      {
        id: "a5",
        role: "assistant",
        parts: [toolPart({ type: "tool-read_file", toolCallId: "c3", state: "input-available", input: { path: "src/a.ts" } })],
      },
      { streaming: true, busy: true },
    );
    expect(html).toContain("Working…");
    expect(html).toContain("Reading");
    expect(html).not.toContain("agent-message-footer");
  });
});

describe("waiting for the model", () => {
  it.each([
    ["before the first token", [] as Part[]],
    ["after a call finished, before the next step", [toolPart({ type: "tool-read_file", toolCallId: "c6", state: "output-available", input: { path: "a.ts" }, output: { content: "x" } })]],
    ["after a finished paragraph", [text("Let me look.")]],
  ])("says so, with the time waited, %s", (_, parts) => {
    const html = renderMessage({ id: "w1", role: "assistant", metadata: { status: "running" }, parts }, { streaming: true, busy: true });
    expect(html).toContain("Waiting for the model…");
    expect(html).toContain('data-testid="agent-waiting-elapsed">0 s<');
    expect(html).not.toContain("Working…");
  });

  it("says Working… while a call runs, and nothing once the turn is over", () => {
    const running = toolPart({ type: "tool-run_command", toolCallId: "c7", state: "input-available", input: { command: "sleep 5" } });
    expect(renderMessage({ id: "w2", role: "assistant", parts: [running] }, { streaming: true, busy: true })).not.toContain("Waiting for the model");
    expect(renderMessage({ id: "w3", role: "assistant", metadata: { status: "completed" }, parts: [text("Done.")] })).not.toContain("Waiting for the model");
  });
});

describe("ToolCard", () => {
  it("streams a running command's output, stderr apart", () => {
    let output = appendLiveOutput(emptyLiveOutput, { stream: "stdout", text: "compiling…\n" });
    output = appendLiveOutput(output, { stream: "stderr", text: "warning: x\n" });
    const html = renderToStaticMarkup(
      createElement(ToolCard, {
        toolName: "run_command",
        part: { type: "tool-run_command", toolCallId: "c4", state: "input-available", input: { command: "npm run build" } } as unknown as ToolPart,
        run: null,
        live: true,
        output,
        approvalDisabled: false,
        onApprovalResponse: noop,
      }),
    );
    expect(html).toContain('data-state="running"');
    expect(html).toContain('aria-expanded="true"');
    expect(html).toContain("compiling…");
    expect(html).toContain('<span class="text-red-300">warning: x');
  });

  it("shows U+0000 in output as the ␀ symbol", () => {
    const html = renderToStaticMarkup(
      createElement(ToolCard, {
        toolName: "run_code",
        part: {
          type: "tool-run_code",
          toolCallId: "c8",
          state: "output-available",
          input: { language: "javascript", code: "x" },
          output: { exitCode: 0, stdout: "bin:\u0000:end\n", stderr: "", value: "a\u0000b", durationMs: 5 },
        } as unknown as ToolPart,
        run: { toolCallId: "c8", durationMs: 5, status: "ok" },
        live: false,
        output: undefined,
        approvalDisabled: false,
        onApprovalResponse: noop,
      }),
    );
    expect(html).toContain("bin:␀:end");
    expect(html).toContain("a␀b");
    expect(html).not.toContain("\u0000");

    const answer = renderMessage({ id: "n1", role: "assistant", metadata: { status: "completed" }, parts: [text("Output:\n```\nbin:\u0000:end\n```")] });
    expect(answer).toContain("bin:␀:end");
  });

  it("shows an error in red and opens by itself", () => {
    const html = renderToStaticMarkup(
      createElement(ToolCard, {
        toolName: "edit_file",
        part: {
          type: "tool-edit_file",
          toolCallId: "c5",
          state: "output-available",
          input: { path: "a.ts", oldText: "x", newText: "y" },
          output: { error: "oldText was not found in a.ts" },
        } as unknown as ToolPart,
        run: { toolCallId: "c5", durationMs: 3, status: "error" },
        live: false,
        output: undefined,
        approvalDisabled: false,
        onApprovalResponse: noop,
      }),
    );
    expect(html).toContain('data-state="error"');
    expect(html).toContain('aria-expanded="true"');
    expect(html).toContain("oldText was not found in a.ts");
  });
});
