import { asSchema, type Tool } from "ai";
import { describe, expect, it } from "vitest";
import { systemPrompt } from "@/lib/agent/context-prompt";
import { composeInstructions, describeScripts } from "@/lib/agent/project-context";
import { createInitialAgentState } from "@/lib/agent/state";
import { createTurnTools } from "@/lib/agent/turn-tools";
import type { AgentRuntime } from "@/lib/agent/ui-types";
import type { Caller } from "@/lib/auth/guard";

/**
 * What the model sees, as files beside this test: the system prompt of each runtime and every tool's
 * name, description and input schema. A change to any of them changes a snapshot, so it is reviewed
 * with the code. Regenerate with `npx vitest run -u tests/unit/agent-model-view.test.ts`.
 */
const runtimes: AgentRuntime[] = ["box", "webcontainer"];
const snapshot = (name: string) => `./__snapshots__/agent-model-view/${name}`;

describe.each(runtimes)("the model's view in %s", (runtime) => {
  it("system prompt", async () => {
    const state = { ...createInitialAgentState(), notes: ["Tests live in test/*.test.js"] };
    const prompt = systemPrompt({
      projectName: "demo",
      listing: "README.md\npackage.json\nsrc/\nsrc/app.js\ntest/\ntest/app.test.js",
      state,
      lockedPaths: ["package.json"],
      summary: null,
      runtime,
      project: {
        instructions: composeInstructions([{ name: "AGENTS.md", text: "Run `node test/app.test.js` after every change.\n" }]),
        scripts: describeScripts(JSON.stringify({ scripts: { test: "node test/app.test.js", start: "node src/app.js" } }), runtime),
      },
    });
    await expect(prompt).toMatchFileSnapshot(snapshot(`system-${runtime}.txt`));
  });

  it("tools", async () => {
    const tools = createTurnTools({
      caller: { userId: "u" } as unknown as Caller,
      projectId: "p",
      approval: { mode: "auto", allowList: [] },
      clientCommands: runtime === "webcontainer",
      emit: () => undefined,
      onRun: () => undefined,
      onNote: () => undefined,
    });
    const view = await Promise.all(
      Object.entries(tools)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(async ([name, tool]) => ({ name, description: (tool as Tool).description, inputSchema: await asSchema((tool as Tool).inputSchema).jsonSchema })),
    );
    await expect(`${JSON.stringify(view, null, 2)}\n`).toMatchFileSnapshot(snapshot(`tools-${runtime}.json`));
  });
});
