import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { AgentToolName } from "@/lib/agent/tools";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { writtenFiles } from "@/lib/client/agent-follow-writes";
import type { ToolPart, ToolPhase } from "@/lib/client/agent-message-view";
import { toolCardTitle, toolCardTitleText } from "@/lib/client/agent-tool-wording";
import { splitMatch } from "@/lib/client/session-match";
import { ToolCard } from "@/components/agent/tool-card";

// A tool card's title says where the call stands: a question while it waits for approval, present
// tense while it runs, past tense once done, and never "done" words for a call that was denied,
// failed or cut off.

// Every tool the agent has (typecheck fails when one is added and not worded here), plus one unknown.
const agentTools = {
  list_files: { path: "src" },
  read_file: { path: "a.ts" },
  outline: { path: "a.ts" },
  search: { pattern: "TODO" },
  write_file: { path: "a.ts", content: "x" },
  edit_file: { path: "a.ts", oldText: "x", newText: "y" },
  rename: { from: "a.ts", to: "b.ts" },
  delete: { path: "dist" },
  run_command: { command: "npm test" },
  check: { path: "a.ts" },
  run_code: { language: "python", code: "print(1)" },
} satisfies Record<AgentToolName, Record<string, unknown>>;
const inputByTool: Record<string, Record<string, unknown>> = { ...agentTools, make_coffee: { path: "cup" } };

const phases: ToolPhase[] = ["approval", "running", "done", "denied", "error", "interrupted"];

// One row per tool: its title in each phase above, in that order.
const titles: [string, string[]][] = [
  ["list_files", ["List files src?", "Listing files src", "Listed files src", "Denied: list files src", "Failed to list files src", "Stopped: list files src"]],
  ["read_file", ["Read a.ts?", "Reading a.ts", "Read a.ts", "Denied: read a.ts", "Failed to read a.ts", "Stopped: read a.ts"]],
  ["outline", ["Outline a.ts?", "Outlining a.ts", "Outlined a.ts", "Denied: outline a.ts", "Failed to outline a.ts", "Stopped: outline a.ts"]],
  ["search", ["Search TODO?", "Searching TODO", "Searched TODO", "Denied: search TODO", "Failed to search TODO", "Stopped: search TODO"]],
  ["write_file", ["Write a.ts?", "Writing a.ts", "Wrote a.ts", "Denied: write a.ts", "Failed to write a.ts", "Stopped: write a.ts"]],
  ["edit_file", ["Edit a.ts?", "Editing a.ts", "Edited a.ts", "Denied: edit a.ts", "Failed to edit a.ts", "Stopped: edit a.ts"]],
  ["rename", ["Rename a.ts → b.ts?", "Renaming a.ts → b.ts", "Renamed a.ts → b.ts", "Denied: rename a.ts → b.ts", "Failed to rename a.ts → b.ts", "Stopped: rename a.ts → b.ts"]],
  ["delete", ["Delete dist?", "Deleting dist", "Deleted dist", "Denied: delete dist", "Failed to delete dist", "Stopped: delete dist"]],
  ["run_command", ["Run npm test?", "Running npm test", "Ran npm test", "Denied: run npm test", "Failed to run npm test", "Stopped: run npm test"]],
  ["check", ["Check a.ts?", "Checking a.ts", "Checked a.ts", "Denied: check a.ts", "Failed to check a.ts", "Stopped: check a.ts"]],
  [
    "run_code",
    ["Run Python print(1)?", "Running Python print(1)", "Ran Python print(1)", "Denied: run Python print(1)", "Failed to run Python print(1)", "Stopped: run Python print(1)"],
  ],
  ["make_coffee", ["Make coffee cup?", "Make coffee cup", "Make coffee cup", "Denied: make coffee cup", "Failed to make coffee cup", "Stopped: make coffee cup"]],
];

describe("toolCardTitle", () => {
  it("has a row for every tool the agent has", () => {
    expect(titles.map(([tool]) => tool).filter((tool) => tool !== "make_coffee").sort()).toEqual(Object.keys(agentTools).sort());
  });

  it.each(titles.flatMap(([tool, expected]) => phases.map((phase, i) => [tool, phase, expected[i]!] as const)))("%s, %s: %s", (tool, phase, expected) => {
    expect(toolCardTitleText(toolCardTitle({ toolName: tool, input: inputByTool[tool], phase }))).toBe(expected);
  });

  it.each([
    ["input", "Writing a.ts"],
    ["approved", "Writing a.ts"],
  ] as const)("reads as running while the input streams in or once approved (%s)", (phase, expected) => {
    expect(toolCardTitleText(toolCardTitle({ toolName: "write_file", input: inputByTool.write_file, phase }))).toBe(expected);
  });

  it("a command left to the browser says what will run, without a question", () => {
    const title = toolCardTitle({ toolName: "run_command", input: { command: "npm test" }, phase: "interrupted", waitingForBrowser: true });
    expect(toolCardTitleText(title)).toBe("Run npm test");
  });

  it("words a call whose input has not arrived yet without a target", () => {
    expect(toolCardTitleText(toolCardTitle({ toolName: "write_file", input: undefined, phase: "approval" }))).toBe("Write?");
  });
});

const card = (part: Record<string, unknown>, live = false) =>
  renderToStaticMarkup(
    createElement(ToolCard, {
      toolName: String(part.type).slice("tool-".length),
      part: { toolCallId: "c1", ...part } as unknown as ToolPart,
      run: null,
      live,
      output: undefined,
      approvalDisabled: false,
      onApprovalResponse: () => undefined,
    }),
  );

describe("ToolCard by phase", () => {
  it("asks while waiting for approval", () => {
    const html = card({ type: "tool-run_command", state: "approval-requested", input: { command: "node hello.js" }, approval: { id: "ap" } });
    expect(html).toContain('aria-label="Run node hello.js? (waiting for your approval)"');
    expect(html).not.toContain(">Ran<");
  });

  it("a denied call reads Denied, and its body never says Done", () => {
    const html = card({ type: "tool-write_file", state: "output-denied", input: { path: "a.ts" }, approval: { id: "ap", approved: false } });
    expect(html).toContain(">Denied: write<");
    expect(html).toContain("data-testid=\"agent-tool-note\"");
    expect(html).not.toContain("Done");
    expect(html).not.toContain(">Wrote<");
  });

  it("a failed call says it failed", () => {
    const html = card({ type: "tool-write_file", state: "output-error", input: { path: "a.ts" }, errorText: "disk full" });
    expect(html).toContain(">Failed to write<");
  });
});

describe("writtenFiles", () => {
  const message = (parts: Record<string, unknown>[]): AgentUIMessage => ({ id: "m", role: "assistant", parts: parts as unknown as AgentUIMessage["parts"] });
  const call = (id: string, type: string, input: Record<string, unknown>, state = "output-available", output: unknown = { text: "ok" }) => ({ type, toolCallId: id, state, input, output });

  it("lists what finished writing calls wrote, in order, once, as the listing names them", () => {
    const found = writtenFiles({
      messages: [
        { id: "u", role: "user", parts: [{ type: "text", text: "go" }] },
        message([
          call("1", "tool-write_file", { path: "./src/a.ts" }),
          call("2", "tool-read_file", { path: "b.ts" }),
          call("3", "tool-edit_file", { path: "src/a.ts" }),
          call("4", "tool-rename", { from: "c.ts", to: "d.ts" }),
          call("5", "tool-write_file", { path: "e.ts" }, "input-available"),
          call("6", "tool-write_file", { path: "f.ts" }, "output-available", { error: "locked" }),
          call("7", "tool-write_file", { path: "g.ts" }, "output-denied"),
        ]),
      ],
      seen: new Set(["4"]),
    });
    expect(found).toEqual({ ids: ["1", "3"], paths: ["src/a.ts"] });
  });
});

describe("splitMatch", () => {
  it.each([
    ["a match near the start stays whole", "Pelicans carry fish", "CARRY", { lead: "Pelicans ", hit: "carry", rest: " fish" }],
    [
      "a match far in is shown from a word before it",
      "Pelicans carry the fish they catch in a stretchy throat pouch.",
      "pouch",
      { lead: "…in a stretchy throat ", hit: "pouch", rest: "." },
    ],
    ["a query not in the text leaves it whole", "Bird facts", "zebra", { lead: "Bird facts", hit: "", rest: "" }],
  ])("%s", (_name, text, query, expected) => {
    expect(splitMatch({ text, query })).toEqual(expected);
  });
});
