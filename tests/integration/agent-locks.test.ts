import { beforeEach, describe, expect, it } from "vitest";
import type { ChatCompletionRequest, ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { headText, lastMessage, newAgentProject, sendChat, userPrompt, withScriptedModel } from "./agent-helpers";
import type { TestUser } from "./helpers";

// A locked file keeps its content whatever the agent runs: code, a command, or the built-in
// agent's code blocks. Checked in the project and in the box the next command sees.

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Locker", (context) => ({ server, user } = context));

const toolResults = (request: ChatCompletionRequest) => request.messages.filter((m) => m.role === "tool").map((m) => String(m.content));

/** Runs `command` in the box through the agent and returns what it printed. */
async function boxSees(projectId: string, sessionId: string, command: string) {
  server.push({ toolCalls: [{ name: "run_command", args: { command } }] }, { text: "Looked." });
  await sendChat(user, projectId, sessionId, userPrompt("look"));
  return toolResults(server.requests.at(-1)!).at(-1)!;
}

describe("agent locks on every path", () => {
  beforeEach(() => server.setScript([]));

  it("refuses run_code's write to a locked file, says so, and puts it back in the box", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "locked.txt": "mine\n", "free.txt": "free\n" }, { locks: ["locked.txt"] });
    server.push(
      {
        toolCalls: [
          { name: "run_code", args: { language: "javascript", code: "import fs from 'node:fs'; fs.writeFileSync('locked.txt', 'agent was here'); fs.writeFileSync('free.txt', 'changed'); console.log('wrote')" } },
        ],
      },
      { text: "Done." },
    );
    const turn = await sendChat(user, projectId, sessionId, userPrompt("overwrite them"));
    expect(turn.status).toBe(200);
    const result = toolResults(server.requests.at(-1)!).at(-1)!;
    expect(result).toContain("wrote");
    expect(result).toContain("Refused and undone");
    expect(result).toMatch(/locked\.txt.*locked/);

    expect(await headText(user, projectId, "locked.txt")).toBe("mine\n");
    expect(await headText(user, projectId, "free.txt")).toBe("changed");
    expect(await boxSees(projectId, sessionId, "cat locked.txt")).toContain("mine");
  });

  it("refuses run_command's delete, move and overwrite of locked files and of a folder holding one", async () => {
    const { projectId, sessionId } = await newAgentProject(
      user,
      { "src/keep.ts": "keep\n", "src/gone.ts": "gone\n", "src/deep/other.ts": "other\n", "a.txt": "a\n", "config/app.json": "{}\n" },
      { locks: ["src/keep.ts", "a.txt", "config"] },
    );
    server.push(
      { toolCalls: [{ name: "run_command", args: { command: "rm -rf src && mv a.txt b.txt && echo new > config/new.json && echo x > config/app.json && echo ok" } }] },
      { text: "Done." },
    );
    await sendChat(user, projectId, sessionId, userPrompt("clean up"));
    const result = toolResults(server.requests.at(-1)!).at(-1)!;
    expect(result).toContain("Refused and undone");
    for (const path of ["src/keep.ts", "a.txt", "config"]) expect(result).toContain(path);

    // Locked paths as they were; the rest of the command's work saved.
    expect(await headText(user, projectId, "src/keep.ts")).toBe("keep\n");
    expect(await headText(user, projectId, "a.txt")).toBe("a\n");
    expect(await headText(user, projectId, "config/app.json")).toBe("{}\n");
    expect(await headText(user, projectId, "config/new.json")).toBeNull();
    expect(await headText(user, projectId, "src/gone.ts")).toBeNull();
    expect(await headText(user, projectId, "src/deep/other.ts")).toBeNull();
    expect(await headText(user, projectId, "b.txt")).toBe("a\n");

    // The box agrees with the project.
    const listing = await boxSees(projectId, sessionId, "cat src/keep.ts a.txt config/app.json; ls src config");
    expect(listing).toContain("keep");
    expect(listing).not.toContain("gone.ts");
    expect(listing).not.toContain("new.json");
  });

  it("passes on what the browser refused when its WebContainer ran the command", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "locked.txt": "mine\n" }, { locks: ["locked.txt"] });
    server.push({ toolCalls: [{ name: "run_command", args: { command: "echo x > locked.txt" }, id: "call_wc" }] }, { text: "It was locked." });
    await sendChat(user, projectId, sessionId, { ...userPrompt("overwrite"), runtime: "webcontainer" });
    const pending = await lastMessage(user, projectId, sessionId);
    const refusedWrites = { paths: ["locked.txt"], message: "Refused and undone: changes to locked.txt." };
    const answered = {
      ...pending,
      parts: pending.parts.map((p: { toolCallId?: string }) =>
        p.toolCallId === "call_wc" ? { ...p, state: "output-available", output: { exitCode: 0, stdout: "", stderr: "", durationMs: 3, refusedWrites } } : p,
      ),
    };
    const done = await sendChat(user, projectId, sessionId, { message: answered, trigger: "submit-message", runtime: "webcontainer" });
    expect(done.chunks.at(-1)!.messageMetadata.status).toBe("completed");
    expect(toolResults(server.requests.at(-1)!).at(-1)).toContain("Refused and undone: changes to locked.txt.");
  });

  it("refuses the built-in agent's code block writing a locked file", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "locked.txt": "mine\n" }, { locks: ["locked.txt"] });
    const turn = await sendChat(user, projectId, sessionId, userPrompt("execute code\n```js\nrequire('fs').writeFileSync('locked.txt', 'overwritten'); 'done'\n```", "offline"));
    const output = turn.chunks.find((c) => c.type === "tool-output-available")!.output;
    expect(output.refusedWrites.paths).toEqual(["locked.txt"]);
    const text = turn.chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("");
    expect(text).toMatch(/locked\.txt/);
    expect(await headText(user, projectId, "locked.txt")).toBe("mine\n");
    const again = await sendChat(user, projectId, sessionId, userPrompt("execute code\n```js\nrequire('fs').readFileSync('locked.txt', 'utf8')\n```", "offline"));
    expect(again.chunks.find((c) => c.type === "tool-output-available")!.output.value).toContain("mine");
  });
});
