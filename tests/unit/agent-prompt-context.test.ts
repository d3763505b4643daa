import { asSchema } from "ai";
import { describe, expect, it } from "vitest";
import { systemPrompt } from "@/lib/agent/context-prompt";
import { environmentBlock, runCodeLanguagesByRuntime } from "@/lib/agent/environment";
import { imagePartSchema, mentionedPaths, messageContextLimits } from "@/lib/agent/message-context";
import { modelAcceptsImages } from "@/lib/agent/model-images";
import { composeInstructions, contextPartToModel, describeScripts, projectContextBudget, renderMessageContext } from "@/lib/agent/project-context";
import { chatRequestSchema, toTurnRequest } from "@/lib/agent/requests";
import { createInitialAgentState } from "@/lib/agent/state";
import { runCodeDefinition } from "@/lib/agent/tools/run-code";
import type { AgentRuntime, ModelInfo } from "@/lib/agent/ui-types";

const prompt = (runtime: AgentRuntime, extra: Partial<Parameters<typeof systemPrompt>[0]> = {}) =>
  systemPrompt({ projectName: "demo", listing: "a.js", state: createInitialAgentState(), lockedPaths: [], summary: null, runtime, ...extra });

describe("the Environment block", () => {
  it.each<[AgentRuntime, string[], string[]]>([
    ["box", ["offline box", "bash emulator", "Not available: npm, npx", "QuickJS", "no TypeScript", "no `sqlite3` module", "sqlite3 app.db"], ["npm install` fetches"]],
    ["webcontainer", ["WebContainer", "npm and npx are real", "Not available: python3", "JavaScript only"], ["QuickJS", "offline box"]],
  ])("%s says what exists and what does not", (runtime, says, never) => {
    const text = prompt(runtime);
    expect(text).toContain(environmentBlock(runtime));
    for (const phrase of [...says, "fresh shell", "never start servers"]) expect(text).toContain(phrase);
    for (const phrase of never) expect(text).not.toContain(phrase);
    // The old one-size line is gone.
    expect(text).not.toContain("bash with node, python3, sqlite3");
  });

  it.each<[AgentRuntime, string[]]>([
    ["box", ["javascript", "python"]],
    ["webcontainer", ["javascript"]],
  ])("run_code in %s offers %j", async (runtime, languages) => {
    const { inputSchema, description } = runCodeDefinition(runCodeLanguagesByRuntime[runtime]);
    const json = (await asSchema(inputSchema).jsonSchema) as { properties: { language: { enum: string[] } } };
    expect(json.properties.language.enum).toEqual(languages);
    expect(description.includes("Python")).toBe(languages.includes("python"));
  });

  it("says values the user defined are not defined in run_code", () => {
    const text = prompt("box", { state: { ...createInitialAgentState(), definedVariables: { rate: "0.2" } } });
    expect(text).toContain("not defined in run_code or the shell");
    expect(text).toContain("rate = 0.2");
  });
});

describe("project instructions and scripts", () => {
  it("puts AGENTS.md, CLAUDE.md and .cursorrules into the prompt, in order", () => {
    const instructions = composeInstructions([
      { name: "AGENTS.md", text: "Use tabs." },
      { name: "CLAUDE.md", text: "Run make check." },
      { name: ".cursorrules", text: "  " },
    ]);
    expect(instructions).toBe("### AGENTS.md\nUse tabs.\n\n### CLAUDE.md\nRun make check.");
    expect(prompt("box", { project: { instructions, scripts: null } })).toContain(`The project's instructions for agents (from its root; follow them):\n${instructions}`);
  });

  it("caps the instructions and says where they were cut", () => {
    const big = "x".repeat(projectContextBudget.instructionChars + 500);
    const instructions = composeInstructions([
      { name: "AGENTS.md", text: big },
      { name: "CLAUDE.md", text: "never shown" },
    ])!;
    expect(instructions).toContain("[… cut here: 500 more characters; read AGENTS.md for the rest]");
    expect(instructions).toContain("### CLAUDE.md\n[not shown: the instructions above used the space; read CLAUDE.md yourself]");
    expect(instructions).not.toContain("never shown");
    expect(instructions.length).toBeLessThan(projectContextBudget.instructionChars + 300);
  });

  it.each<[AgentRuntime, string]>([
    ["box", "npm is not available here"],
    ["webcontainer", "run them with npm run <name>"],
  ])("names package.json scripts (%s)", (runtime, how) => {
    const scripts = describeScripts(JSON.stringify({ scripts: { test: "node test/run.js", build: "tsc -p ." } }), runtime)!;
    expect(scripts).toContain(how);
    expect(scripts).toContain("- test: node test/run.js\n- build: tsc -p .");
    expect(prompt(runtime, { project: { instructions: null, scripts } })).toContain(scripts);
  });

  it.each([["not json"], [JSON.stringify({ name: "x" })], [JSON.stringify({ scripts: {} })]])("no scripts line for %s", (text) => {
    expect(describeScripts(text, "box")).toBeNull();
  });

  it("bounds the number of scripts", () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`s${i}`, "node x.js"]));
    const scripts = describeScripts(JSON.stringify({ scripts: many }), "box")!;
    expect(scripts).toContain("- … and 10 more in package.json");
    expect(scripts).not.toContain("s30:");
  });
});

describe("what travels with a message", () => {
  it("renders the active file, cursor and selection for the model", async () => {
    const text = await renderMessageContext({
      rootTree: null,
      context: { activeFile: { path: "src/app.ts", line: 12, column: 5, selection: { startLine: 10, endLine: 12, text: "const a = 1;\nconst b = 2;" } } },
    });
    expect(text).toBe(
      "[Sent by the IDE with this message]\nThe user's editor shows src/app.ts, cursor at line 12, column 5.\n\nSelected in src/app.ts, lines 10-12:\n```\nconst a = 1;\nconst b = 2;\n```",
    );
  });

  it("cuts a long selection and says so", async () => {
    const text = await renderMessageContext({
      rootTree: null,
      context: { activeFile: { path: "a.js", line: 1, column: 1, selection: { startLine: 1, endLine: 1, text: "y".repeat(messageContextLimits.selectionChars + 100) } } },
    });
    expect(text).toContain("line 1 (cut: read the file for the rest)");
    expect(text!.match(/y{100,}/)![0]).toHaveLength(messageContextLimits.selectionChars);
  });

  it("says nothing when nothing was sent", async () => {
    expect(await renderMessageContext({ rootTree: null, context: {} })).toBeNull();
  });

  it("hands the rendered text to the model and ignores other data parts", () => {
    expect(contextPartToModel({ type: "data-context", data: { text: "ctx" } })).toEqual({ type: "text", text: "ctx" });
    expect(contextPartToModel({ type: "data-user-edits", data: { paths: [] } })).toBeUndefined();
  });

  it.each<[string, string[]]>([
    ["look at @src/a.ts, then @b.js.", ["src/a.ts", "b.js"]],
    ["mail me at me@example.com", []],
    ["@src/a.ts and @src/a.ts again, not @nope.ts", ["src/a.ts"]],
    ["(@b.js)", ["b.js"]],
  ])("finds the @-mentions in %j", (text, paths) => {
    expect(mentionedPaths({ text, paths: ["src/a.ts", "b.js", "src/a"] })).toEqual(paths);
  });

  const png = (bytes: number) => ({ type: "file", mediaType: "image/png", url: `data:image/png;base64,${"A".repeat(Math.ceil(bytes / 3) * 4)}` });

  it("takes the prompt's images, context and text", () => {
    const body = chatRequestSchema.parse({
      message: { id: "m1", role: "user", parts: [{ type: "text", text: "what is this?" }, png(10)] },
      context: { activeFile: { path: "a.js", line: 2, column: 1 }, mentions: ["b.js"] },
    });
    expect(toTurnRequest(body)).toEqual({
      kind: "prompt",
      text: "what is this?",
      images: [png(10)],
      context: { activeFile: { path: "a.js", line: 2, column: 1 }, mentions: ["b.js"] },
    });
  });

  it.each<[string, unknown[], RegExp]>([
    ["an image over the size limit", [png(messageContextLimits.imageBytes + 3000)], /larger than 2 MB/],
    ["too many images", Array.from({ length: messageContextLimits.images + 1 }, () => png(10)), /At most 4 images/],
    ["a file that is not an image", [{ type: "file", mediaType: "application/pdf", url: "data:application/pdf;base64,AA==" }], /Only images can be attached/],
    ["an image that is not a data URL", [{ type: "file", mediaType: "image/png", url: "https://example.com/a.png" }], /base64 data URL/],
  ])("refuses %s", (_name, files, message) => {
    const body = chatRequestSchema.parse({ message: { id: "m1", role: "user", parts: [{ type: "text", text: "hi" }, ...files] } });
    expect(() => toTurnRequest(body)).toThrow(message);
  });

  it("refuses a context with a path that leaves the project", () => {
    expect(chatRequestSchema.safeParse({ context: { mentions: ["../etc/passwd"] } }).success).toBe(false);
  });

  it("keeps image parts valid as sent", () => {
    expect(imagePartSchema.safeParse(png(10)).success).toBe(true);
  });

  it.each<[ModelInfo, Record<string, string>, boolean]>([
    [{ id: "offline", label: "", provider: "offline" }, {}, false],
    [{ id: "anthropic:claude-sonnet-4-5", label: "", provider: "anthropic" }, {}, true],
    [{ id: "openai:gpt-4.1-mini", label: "", provider: "openai" }, {}, true],
    [{ id: "openai:gpt-3.5-turbo", label: "", provider: "openai" }, {}, false],
    [{ id: "openai-compatible:qwen2.5-coder", label: "", provider: "openai-compatible" }, {}, false],
    [{ id: "openai-compatible:qwen2.5-vl", label: "", provider: "openai-compatible" }, {}, true],
    [{ id: "openai-compatible:fake", label: "", provider: "openai-compatible" }, { AGENT_IMAGE_MODELS: "other, fake" }, true],
  ])("images for %o (%o): %s", (info, env, accepts) => {
    expect(modelAcceptsImages(info, env)).toBe(accepts);
  });
});
