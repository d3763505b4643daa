import { generateText, stepCountIs, tool, type ModelMessage } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createPrepareStep, stepBudgetNote, trimToolResults } from "@/lib/agent/step-context";
import { createUpdatePlanTool, describePlan, updatePlanInputSchema } from "@/lib/agent/tools/update-plan";

type GenerateResult = Awaited<ReturnType<MockLanguageModelV3["doGenerate"]>>;
const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};
const toolCall = (id: string, toolName: string, input: unknown): GenerateResult => ({
  content: [{ type: "tool-call", toolCallId: id, toolName, input: JSON.stringify(input) }],
  finishReason: { unified: "tool-calls", raw: "tool_calls" },
  usage,
  warnings: [],
});
const answer = (text: string): GenerateResult => ({ content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] });

describe("update_plan validation", () => {
  const step = (title: string, status: string) => ({ title, status });
  it.each([
    ["a plan with one step in progress", [step("Read", "done"), step("Fix", "in_progress"), step("Test", "pending")], true],
    ["a plan with nothing in progress", [step("Read", "pending")], true],
    ["two steps in progress", [step("Read", "in_progress"), step("Fix", "in_progress")], false],
    ["an empty plan", [], false],
    ["an empty title", [step("  ", "pending")], false],
    ["an unknown status", [step("Read", "completed")], false],
    ["a title over 200 characters", [step("x".repeat(201), "pending")], false],
    ["more than 20 steps", Array.from({ length: 21 }, (_, i) => step(`Step ${i}`, "pending")), false],
  ])("%s → valid: %s", (_name, steps, valid) => {
    expect(updatePlanInputSchema.safeParse({ steps }).success).toBe(valid);
  });

  it("answers the model with where the plan stands", () => {
    expect(describePlan({ steps: [step("Read", "done"), step("Fix", "in_progress")] as never })).toBe("Plan updated: 1 of 2 steps done. In progress: Fix.");
    expect(describePlan({ steps: [step("Read", "done"), step("Fix", "pending")] as never })).toBe("Plan updated: 1 of 2 steps done. Next: Fix.");
    expect(describePlan({ steps: [step("Read", "done")] as never })).toBe("Plan updated: 1 of 1 steps done. All steps are done.");
  });

  it("tells the model why a plan with two steps in progress was refused, and takes the corrected one", async () => {
    const model = new MockLanguageModelV3({
      doGenerate: [
        toolCall("1", "update_plan", { steps: [step("Read", "in_progress"), step("Fix", "in_progress")] }),
        toolCall("2", "update_plan", { steps: [step("Read", "in_progress"), step("Fix", "pending")] }),
        answer("Planned."),
      ],
    });
    const result = await generateText({ model, tools: { update_plan: createUpdatePlanTool() }, prompt: "plan", stopWhen: stepCountIs(5) });
    expect(JSON.stringify(model.doGenerateCalls[1]!.prompt)).toContain("At most one step may be in_progress");
    expect(result.steps[1]!.toolResults[0]!.output).toBe("Plan updated: 0 of 2 steps done. In progress: Read.");
  });
});

describe("old tool results are trimmed as the turn goes on", () => {
  const call = (id: string, toolName: string, input: unknown): ModelMessage => ({ role: "assistant", content: [{ type: "tool-call", toolCallId: id, toolName, input }] });
  const result = (id: string, toolName: string, value: string): ModelMessage => ({
    role: "tool",
    content: [{ type: "tool-result", toolCallId: id, toolName, output: { type: "text", value } }],
  });
  const big = (label: string) => `${label}\n${"x".repeat(2000)}`;

  it("keeps the newest results whole and stubs older long ones, naming the call and how to get it again", () => {
    const messages: ModelMessage[] = [
      { role: "user", content: "go" },
      call("1", "read_file", { path: "src/a.ts" }),
      result("1", "read_file", big("1\tconst a = 1;")),
      call("2", "run_command", { command: "npm test" }),
      result("2", "run_command", "short"),
      call("3", "write_file", { path: "b.ts", content: "y".repeat(5000) }),
      result("3", "write_file", big("wrote b.ts")),
      call("4", "read_file", { path: "src/c.ts" }),
      result("4", "read_file", big("1\tconst c = 1;")),
    ];
    const trimmed = trimToolResults(messages, { keepWhole: 1 });
    const outputs = trimmed.flatMap((m) => (m.role === "tool" ? m.content.map((p) => (p.type === "tool-result" && p.output.type === "text" ? p.output.value : "")) : []));
    expect(outputs[0]).toBe(
      '[Older result of read_file src/a.ts elided to save context (2015 characters). It began: "1\tconst a = 1;". Call read_file again if you need it.]',
    );
    expect(outputs[1]).toBe("short");
    expect(outputs[2]).toMatch(/^\[Older result of write_file b\.ts elided/);
    expect(outputs[3]).toBe(big("1\tconst c = 1;"));
    // The long content the agent wrote earlier is elided from its old call too.
    expect((trimmed[5] as { content: Array<{ input: unknown }> }).content[0]!.input).toEqual({ path: "b.ts", content: "[5000 characters, elided to save context]" });
    expect(trimmed[0]).toBe(messages[0]);
  });

  it("leaves a conversation with few results as it is", () => {
    const messages: ModelMessage[] = [call("1", "read_file", { path: "a" }), result("1", "read_file", big("a"))];
    expect(trimToolResults(messages)).toBe(messages);
  });

  it("reaches the model: a later step's prompt holds the stub, the newest results whole", async () => {
    const model = new MockLanguageModelV3({
      doGenerate: [...Array.from({ length: 8 }, (_, i) => toolCall(`c${i}`, "read_file", { path: `f${i}.ts` })), answer("Read them all.")],
    });
    const read_file = tool({ inputSchema: z.object({ path: z.string() }), execute: async ({ path }) => `contents of ${path}\n${"z".repeat(1000)}` });
    await generateText({
      model,
      system: "sys",
      tools: { read_file },
      prompt: "read everything",
      stopWhen: stepCountIs(20),
      prepareStep: createPrepareStep({ system: "sys", maxSteps: 20 }),
    });
    const lastPrompt = JSON.stringify(model.doGenerateCalls[8]!.prompt);
    expect(lastPrompt).toContain("Older result of read_file f0.ts elided");
    expect(lastPrompt).toContain("Older result of read_file f1.ts elided");
    expect(lastPrompt).not.toContain("contents of f1.ts\\nz");
    for (let i = 2; i < 8; i++) expect(lastPrompt).toContain(`contents of f${i}.ts`);
    // Early steps are sent as they are.
    expect(JSON.stringify(model.doGenerateCalls[6]!.prompt)).not.toContain("elided");
  });
});

describe("the step budget", () => {
  it.each([
    [0, 50, null],
    [44, 50, null],
    [45, 50, "Step budget: 5 steps left in this turn"],
    [48, 50, "Step budget: 2 steps left in this turn"],
    [49, 50, "Step budget: this is your last step in this turn; a tool called now will not be answered."],
  ])("step %i of %i → %s", (stepNumber, maxSteps, start) => {
    const note = stepBudgetNote({ stepNumber, maxSteps });
    if (start === null) expect(note).toBeNull();
    else expect(note?.startsWith(start)).toBe(true);
  });

  it("warns the model near the cap, each step, until the last", async () => {
    const model = new MockLanguageModelV3({ doGenerate: async () => toolCall(crypto.randomUUID(), "noop", {}) });
    const noop = tool({ inputSchema: z.object({}), execute: async () => "ok" });
    const result = await generateText({
      model,
      system: "sys",
      tools: { noop },
      prompt: "loop",
      stopWhen: stepCountIs(8),
      prepareStep: createPrepareStep({ system: "sys", maxSteps: 8 }),
    });
    expect(result.steps).toHaveLength(8);
    const systemOf = (i: number) => JSON.stringify(model.doGenerateCalls[i]!.prompt.find((m) => m.role === "system"));
    expect(systemOf(2)).not.toContain("Step budget");
    expect(systemOf(3)).toContain("Step budget: 5 steps left");
    expect(systemOf(6)).toContain("Step budget: 2 steps left");
    expect(systemOf(7)).toContain("this is your last step");
  });

  it("counts the steps a retried stream already took", () => {
    const prepare = createPrepareStep({ system: "sys", maxSteps: 10, stepOffset: 6 });
    const step = prepare({ stepNumber: 0, steps: [], messages: [], model: "m" as never, experimental_context: undefined }) as { system?: string };
    expect(step.system).toContain("Step budget: 4 steps left");
  });
});
