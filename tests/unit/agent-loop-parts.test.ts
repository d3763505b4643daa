import type { UIMessage } from "ai";
import { describe, expect, it } from "vitest";
import { approvalRule } from "@/lib/agent/approval";
import { closeOpenToolCalls, compactionCut, estimateTokens, mechanicalSummary, shrinkOldToolOutputs } from "@/lib/agent/history";
import { toTurnRequest } from "@/lib/agent/requests";
import { createInitialAgentState, mergeAgentState, type AgentState, type ExecutionRecord } from "@/lib/agent/state";
import type { AgentUIMessage } from "@/lib/agent/ui-types";

const run = (code: string): ExecutionRecord => ({ language: "javascript", code, stdout: "", stderr: "", value: null, exitCode: 0, durationMs: 1, at: "2026-11-29T00:00:00Z" });

describe("approvalRule", () => {
  it("asks nothing in auto mode", () => {
    const rule = approvalRule("auto", []);
    expect(rule("run_command", { command: "rm -rf /" })).toBe(false);
    expect(rule("delete", { path: "a" })).toBe(false);
  });

  it("asks before commands, code, deletes and writes outside the allow-list", () => {
    const rule = approvalRule("ask", ["docs/**", "*.md"]);
    expect(rule("run_command", { command: "ls" })).toBe(true);
    expect(rule("delete", { path: "docs/a.md" })).toBe(true);
    expect(rule("write_file", { path: "docs/deep/a.md" })).toBe(false);
    expect(rule("edit_file", { path: "README.md" })).toBe(false);
    expect(rule("edit_file", { path: "src/README.md" })).toBe(true);
    expect(rule("write_file", { path: "./docs/x" })).toBe(false);
    expect(rule("rename", { from: "docs/a", to: "src/a" })).toBe(true);
    expect(rule("rename", { from: "docs/a", to: "docs/b" })).toBe(false);
    expect(rule("read_file", { path: "src/a.ts" })).toBe(false);
    // Code can write files and run anything a command can.
    expect(rule("run_code", { language: "javascript", code: "1" })).toBe(true);
  });
});

describe("mergeAgentState", () => {
  it("keeps what two concurrent turns each did", () => {
    const base: AgentState = { ...createInitialAgentState(), executionHistory: [run("0")], definedVariables: { a: "1" } };
    const one: AgentState = { ...base, executionHistory: [run("0"), run("one")], lastExecutedCode: { language: "javascript", code: "one" } };
    const two: AgentState = { ...base, definedVariables: { a: "1", b: "2" }, notes: ["remember two"] };
    const afterOne = mergeAgentState(base, base, one);
    const afterBoth = mergeAgentState(afterOne, base, two);
    expect(afterBoth.executionHistory.map((r) => r.code)).toEqual(["0", "one"]);
    expect(afterBoth.lastExecutedCode?.code).toBe("one");
    expect(afterBoth.definedVariables).toEqual({ a: "1", b: "2" });
    expect(afterBoth.notes).toEqual(["remember two"]);
  });

  it("bounds the history", () => {
    const base = createInitialAgentState();
    const many = { ...base, executionHistory: Array.from({ length: 80 }, (_, i) => run(String(i))) };
    expect(mergeAgentState(base, base, many).executionHistory).toHaveLength(50);
  });
});

const user = (id: string, text: string): AgentUIMessage => ({ id, role: "user", parts: [{ type: "text", text }] });
const assistantWithTool = (id: string, state: string, output?: unknown): AgentUIMessage =>
  ({
    id,
    role: "assistant",
    parts: [{ type: "tool-run_command", toolCallId: `c-${id}`, state, input: { command: "ls" }, ...(output ? { output } : {}), ...(state === "approval-requested" ? { approval: { id: "ap" } } : {}) }],
  }) as unknown as AgentUIMessage;

describe("history", () => {
  it("closes tool calls that never got a result, except in the message being continued", () => {
    const messages = [user("u1", "go"), assistantWithTool("a1", "input-available"), assistantWithTool("a2", "approval-requested")];
    const closed = closeOpenToolCalls(messages, { keepOpenIn: "a2" });
    expect((closed[1]!.parts[0] as { state: string; errorText: string }).state).toBe("output-error");
    expect((closed[1]!.parts[0] as { errorText: string }).errorText).toMatch(/Interrupted/);
    expect((closed[2]!.parts[0] as { state: string }).state).toBe("approval-requested");
    const all = closeOpenToolCalls(messages);
    expect((all[2]!.parts[0] as { errorText: string }).errorText).toMatch(/did not answer/);
  });

  it("shortens old tool outputs and keeps recent ones whole", () => {
    const big = { stdout: "x".repeat(5000) };
    const messages = [assistantWithTool("a1", "output-available", big), assistantWithTool("a2", "output-available", big), assistantWithTool("a3", "output-available", big)];
    const shrunk = shrinkOldToolOutputs(messages, 2);
    expect(JSON.stringify(shrunk[0]).length).toBeLessThan(2500);
    expect(shrunk[1]).toBe(messages[1]);
    expect(shrunk[2]).toBe(messages[2]);
  });

  it("cuts at a user message so that the kept part fits", () => {
    const long = "word ".repeat(400);
    const messages = [user("u1", long), user("u2", long), user("u3", long), user("u4", "short")];
    expect(compactionCut(messages, 100, 1_000_000)).toBe(0);
    const cut = compactionCut(messages, 100, 1200);
    expect(cut).toBeGreaterThan(0);
    expect(messages[cut]!.role).toBe("user");
    const kept = messages.slice(cut).reduce((sum, m) => sum + estimateTokens(m), 100);
    expect(kept).toBeLessThanOrEqual(1200);
    // Even a last message bigger than the budget is kept (it is the question).
    expect(compactionCut([user("a", long), user("b", long)], 0, 10)).toBe(1);
  });

  it("summarizes mechanically when the model cannot", () => {
    const summary = mechanicalSummary("Earlier: set up the project.", [user("u", "make a todo app"), { id: "a", role: "assistant", parts: [{ type: "text", text: "Created todo.js" }] } as AgentUIMessage]);
    expect(summary).toContain("Earlier: set up the project.");
    expect(summary).toContain("- user: make a todo app");
    expect(summary).toContain("- assistant: Created todo.js");
  });
});

describe("toTurnRequest", () => {
  const message = (m: Partial<UIMessage>) => ({ message: { role: "user", parts: [], ...m } as never, trigger: "submit-message" as const });

  it("takes only the text of a user message", () => {
    expect(toTurnRequest(message({ parts: [{ type: "text", text: "hello" }, { type: "data-context", data: { text: "shown only" } } as never] }))).toEqual({ kind: "prompt", text: "hello" });
  });

  it("refuses empty and oversized prompts", () => {
    expect(() => toTurnRequest(message({ parts: [{ type: "text", text: "  " }] }))).toThrow(/empty/);
    expect(() => toTurnRequest(message({ parts: [{ type: "text", text: "x".repeat(100_001) }] }))).toThrow(/too long/);
  });

  it("takes only approval answers from an assistant message", () => {
    const answered = message({
      id: "m1",
      role: "assistant",
      parts: [
        { type: "text", text: "ignored" },
        { type: "tool-run_command", toolCallId: "c", state: "approval-responded", input: {}, approval: { id: "ap1", approved: false, reason: "no" } } as never,
      ],
    });
    expect(toTurnRequest(answered)).toEqual({ kind: "answer", messageId: "m1", decisions: [{ approvalId: "ap1", approved: false, reason: "no" }], toolResults: [] });
    expect(() => toTurnRequest(message({ id: "m1", role: "assistant", parts: [{ type: "text", text: "forged" }] }))).toThrow(/approval/);
  });

  it("retries without a message", () => {
    expect(toTurnRequest({ trigger: "regenerate-message" })).toEqual({ kind: "regenerate" });
  });
});
