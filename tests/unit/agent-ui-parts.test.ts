import { describe, expect, it } from "vitest";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import {
  appendLiveOutput,
  emptyLiveOutput,
  formatDuration,
  formatRelativeTime,
  formatTokenCount,
  groupMessageParts,
  mergeReview,
  messageText,
  readToolResult,
  splitTruncationMarkers,
  summarizeChanges,
  summarizeToolCall,
  toolPhase,
  type ToolPart,
  type ToolRun,
} from "@/lib/client/agent-message-view";

type Part = AgentUIMessage["parts"][number];
const assistant = (parts: Part[], id = "a1"): AgentUIMessage => ({ id, role: "assistant", parts });
const tool = (name: string, state: ToolPart["state"], extra: Record<string, unknown> = {}): ToolPart =>
  ({ type: `tool-${name}`, toolCallId: `call-${name}`, state, input: { path: "src/a.ts" }, ...extra }) as unknown as ToolPart;

describe("groupMessageParts", () => {
  it("merges neighbouring text across step boundaries and drops empty text", () => {
    const blocks = groupMessageParts({
      message: assistant([
        { type: "step-start" },
        { type: "text", text: "Hello", state: "done" },
        { type: "step-start" },
        { type: "text", text: "", state: "done" },
        { type: "text", text: "world", state: "streaming" },
      ]),
    });
    expect(blocks).toEqual([{ kind: "text", key: "a1:1", text: "Hello\n\nworld", streaming: true }]);
  });

  it("pairs each tool call with its stored run, puts the user's edits first and the changes last", () => {
    const changes = { turnId: "t1", checkpointSnapshotId: "s0", resultSnapshotId: "s1", files: [] };
    const blocks = groupMessageParts({
      message: assistant([
        { type: "text", text: "Let me look", state: "done" },
        tool("read_file", "output-available", { output: { content: "x" } }),
        { type: "data-turn-changes", id: "changes-t1", data: changes },
        { type: "data-tool-run", id: "run-call-read_file", data: { toolCallId: "call-read_file", durationMs: 12, status: "ok" } },
        { type: "data-user-edits", id: "edits-t1", data: { paths: ["README.md"] } },
        { type: "reasoning", text: "  ", state: "done" },
      ]),
    });
    expect(blocks.map((b) => b.kind)).toEqual(["user-edits", "text", "tool", "changes"]);
    const toolBlock = blocks[2]!;
    expect(toolBlock.kind === "tool" && toolBlock.toolName).toBe("read_file");
    expect(toolBlock.kind === "tool" && toolBlock.run?.durationMs).toBe(12);
  });

  it("keeps one changes card per turn, the latest", () => {
    const files = [{ path: "a", change: "added" as const, additions: 1, deletions: 0, binary: false }];
    const blocks = groupMessageParts({
      message: assistant([
        { type: "data-turn-changes", data: { turnId: "t1", checkpointSnapshotId: null, resultSnapshotId: "s1", files: [] } },
        { type: "data-turn-changes", data: { turnId: "t1", checkpointSnapshotId: null, resultSnapshotId: "s2", files } },
      ]),
    });
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.kind === "changes" && blocks[0]!.changes.resultSnapshotId).toBe("s2");
  });

  it("reads dynamic tools by their name", () => {
    const part = { type: "dynamic-tool", toolName: "mcp_fetch", toolCallId: "c", state: "input-available", input: {} } as unknown as Part;
    const [block] = groupMessageParts({ message: assistant([part]) });
    expect(block?.kind === "tool" && block.toolName).toBe("mcp_fetch");
  });
});

describe("messageText", () => {
  it("joins the text parts only", () => {
    expect(messageText({ message: assistant([{ type: "text", text: "a" }, tool("read_file", "input-available"), { type: "text", text: "b" }]) })).toBe(
      "a\n\nb",
    );
  });
});

describe("summarizeToolCall", () => {
  it.each<[string, unknown, string, string | null, string]>([
    ["read_file", { path: "src/a.ts" }, "Read", "src/a.ts", "read"],
    ["read_file", { path: "src/a.ts", offset: 40 }, "Read", "src/a.ts:40", "read"],
    ["edit_file", { path: "b.ts", oldText: "x", newText: "y" }, "Edited", "b.ts", "write"],
    ["write_file", { path: "c.md", content: "" }, "Wrote", "c.md", "write"],
    ["rename", { from: "a", to: "b" }, "Renamed", "a → b", "write"],
    ["delete", { path: "old", recursive: true }, "Deleted", "old", "delete"],
    ["run_command", { command: "npm test\n--watch" }, "Ran", "npm test", "command"],
    ["run_code", { language: "python", code: "\nprint(1)" }, "Ran Python", "print(1)", "command"],
    ["search", { pattern: "TODO", glob: "**/*.ts" }, "Searched", "TODO in **/*.ts", "search"],
    ["list_files", {}, "Listed files", null, "read"],
    ["some_new_tool", { path: "x" }, "Some new tool", "x", "other"],
    // Input still streaming: partial or missing.
    ["edit_file", undefined, "Edited", null, "write"],
  ])("%s %j", (toolName, input, label, target, category) => {
    const summary = summarizeToolCall({ toolName, input });
    expect({ label: summary.label, target: summary.target, category: summary.category }).toEqual({ label, target, category });
  });

  it("words approval requests", () => {
    expect(summarizeToolCall({ toolName: "delete", input: { path: "dist", recursive: true } }).request).toBe("delete dist and everything in it");
    expect(summarizeToolCall({ toolName: "write_file", input: { path: "a.ts" } }).request).toBe("write a.ts");
    expect(summarizeToolCall({ toolName: "run_command", input: { command: "ls" } }).request).toBe("run a command");
  });
});

describe("toolPhase", () => {
  const run = (status: ToolRun["status"]): ToolRun => ({ toolCallId: "c", durationMs: 5, status });
  it.each<[string, ToolPart, ToolRun | null, boolean, string]>([
    ["input streaming, live", tool("write_file", "input-streaming"), null, true, "input"],
    ["running, live", tool("run_command", "input-available"), null, true, "running"],
    ["no output after the stream ended", tool("run_command", "input-available"), null, false, "interrupted"],
    ["stored as interrupted", tool("run_command", "input-available"), run("interrupted"), true, "interrupted"],
    ["waiting for approval", tool("delete", "approval-requested", { approval: { id: "ap" } }), null, false, "approval"],
    ["approved, running", tool("delete", "approval-responded", { approval: { id: "ap", approved: true } }), null, true, "approved"],
    ["denied", tool("delete", "approval-responded", { approval: { id: "ap", approved: false } }), null, false, "denied"],
    ["output-denied", tool("delete", "output-denied", { approval: { id: "ap", approved: false } }), null, false, "denied"],
    ["done", tool("read_file", "output-available", { output: { content: "" } }), run("ok"), false, "done"],
    ["an { error } output", tool("read_file", "output-available", { output: { error: "missing" } }), run("error"), false, "error"],
    ["output-error", tool("read_file", "output-error", { errorText: "boom" }), null, false, "error"],
  ])("%s", (_name, part, stored, live, expected) => {
    expect(toolPhase({ part, run: stored, live })).toBe(expected);
  });
});

describe("readToolResult", () => {
  it("is null while the call has no output", () => {
    expect(readToolResult({ part: tool("run_command", "input-available") })).toBeNull();
  });

  it("reads a command's exit code and streams, and spots truncation markers", () => {
    const result = readToolResult({
      part: tool("run_command", "output-available", {
        output: { exitCode: 1, stdout: "[… 300 earlier characters cut …]\nend", stderr: "bad", durationMs: 4, note: "Interrupted." },
      }),
    });
    expect(result).toMatchObject({ exitCode: 1, stdout: "[… 300 earlier characters cut …]\nend", stderr: "bad", truncated: true, note: "Interrupted.", error: null });
  });

  it("reads the value of a snippet's last expression", () => {
    const result = readToolResult({ part: tool("run_code", "output-available", { output: { exitCode: 0, stdout: "", stderr: "", value: "42" } }) });
    expect(result?.value).toBe("42");
  });

  it.each<[string, unknown, Record<string, unknown>]>([
    ["an error object", { error: "src/a.ts does not exist" }, { error: "src/a.ts does not exist" }],
    ["file content", { path: "a", content: "one\n[… 20 more lines; continues at line 401]" }, { text: "one\n[… 20 more lines; continues at line 401]", truncated: true }],
    ["a file list", { files: ["a", "b"], truncated: true, note: "narrow it" }, { text: "a\nb", truncated: true, note: "narrow it" }],
    ["search matches", { matches: [{ path: "a", line: 3, text: "TODO" }] }, { text: "a:3: TODO" }],
    ["anything else", { path: "a", created: true, bytes: 3 }, { text: JSON.stringify({ path: "a", created: true, bytes: 3 }, null, 2) }],
    ["a string", "plain", { text: "plain" }],
  ])("reads %s", (_name, output, expected) => {
    expect(readToolResult({ part: tool("x", "output-available", { output }) })).toMatchObject(expected);
  });

  it("reads errors and denials", () => {
    expect(readToolResult({ part: tool("x", "output-error", { errorText: "crashed" }) })?.error).toBe("crashed");
    expect(readToolResult({ part: tool("x", "output-denied", { approval: { id: "a", approved: false, reason: "no" } }) })?.note).toBe("Denied: no");
  });
});

describe("splitTruncationMarkers", () => {
  it.each<[string, { text: string; marker: boolean }[]]>([
    ["plain", [{ text: "plain", marker: false }]],
    [
      "[… 5 earlier characters cut …]\ntail",
      [
        { text: "[… 5 earlier characters cut …]", marker: true },
        { text: "\ntail", marker: false },
      ],
    ],
    [
      "a long [line cut] b",
      [
        { text: "a long ", marker: false },
        { text: "[line cut]", marker: true },
        { text: " b", marker: false },
      ],
    ],
    ["arrays [1, 2] stay", [{ text: "arrays [1, 2] stay", marker: false }]],
  ])("%j", (text, segments) => {
    expect(splitTruncationMarkers(text)).toEqual(segments);
  });
});

describe("appendLiveOutput", () => {
  it("joins chunks of the same stream and keeps the order of streams", () => {
    let output = emptyLiveOutput;
    for (const chunk of [
      { stream: "stdout" as const, text: "a" },
      { stream: "stdout" as const, text: "b" },
      { stream: "stderr" as const, text: "E" },
      { stream: "stdout" as const, text: "c" },
      { stream: "stdout" as const, text: "" },
    ])
      output = appendLiveOutput(output, chunk);
    expect(output).toEqual({
      chunks: [
        { stream: "stdout", text: "ab" },
        { stream: "stderr", text: "E" },
        { stream: "stdout", text: "c" },
      ],
      chars: 4,
      dropped: 0,
    });
  });

  it("drops the oldest output past the cap", () => {
    let output = appendLiveOutput(emptyLiveOutput, { stream: "stdout", text: "0123456789" }, 8);
    expect(output).toEqual({ chunks: [{ stream: "stdout", text: "23456789" }], chars: 8, dropped: 2 });
    output = appendLiveOutput(output, { stream: "stderr", text: "abcdefghij" }, 8);
    expect(output).toEqual({ chunks: [{ stream: "stderr", text: "cdefghij" }], chars: 8, dropped: 12 });
  });
});

describe("summarizeChanges and mergeReview", () => {
  it("adds up a turn's changes", () => {
    expect(
      summarizeChanges({
        files: [
          { path: "a", change: "added", additions: 3, deletions: 0, binary: false },
          { path: "b", change: "modified", additions: 2, deletions: 5, binary: false },
        ],
      }),
    ).toEqual({ files: 2, additions: 5, deletions: 5 });
  });

  it.each<[string, unknown, Record<string, string>]>([
    ["the server's map", { a: "accepted", b: "rejected" }, { a: "accepted", b: "rejected", old: "accepted" }],
    ["no map", null, { a: "rejected", old: "accepted" }],
    ["something else", "ok", { a: "rejected", old: "accepted" }],
  ])("merges a decision with %s", (_name, response, expected) => {
    expect(mergeReview({ previous: { old: "accepted" }, path: "a", decision: response && typeof response === "object" ? "accept" : "reject", response })).toEqual(
      expected,
    );
  });
});

describe("formatting", () => {
  it.each<[number, string]>([
    [0, "0 ms"],
    [850, "850 ms"],
    [1234, "1.2 s"],
    [12_345, "12 s"],
    [60_000, "1 min"],
    [125_000, "2 min 5 s"],
    [119_900, "2 min"],
  ])("duration %d ms → %s", (ms, text) => {
    expect(formatDuration({ ms })).toBe(text);
  });

  it.each<[number, string]>([
    [999, "999"],
    [1234, "1.2k"],
    [45_600, "46k"],
    [2_500_000, "2.5M"],
  ])("token count %d → %s", (count, text) => {
    expect(formatTokenCount({ count })).toBe(text);
  });

  it.each<[number, string]>([
    [10_000, "just now"],
    [5 * 60_000, "5 min ago"],
    [3 * 3_600_000, "3 h ago"],
    [30 * 3_600_000, "yesterday"],
  ])("relative time %d ms ago → %s", (ago, text) => {
    const now = Date.parse("2026-03-10T12:00:00Z");
    expect(formatRelativeTime({ iso: new Date(now - ago).toISOString(), now })).toBe(text);
  });
});
