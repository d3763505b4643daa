import { describe, expect, it } from "vitest";
import { GET as getChanges } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/changes/route";
import { POST as review } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/review/route";
import { POST as save } from "@/app/api/projects/[projectId]/save/route";
import { getDb } from "@/lib/db/client";
import type { ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { headText, newAgentProject, sendChat, userPrompt, withScriptedModel } from "./agent-helpers";
import { call, type TestUser } from "./helpers";

// Reject puts the checkpoint's version back; it must not silently throw away what the person
// saved to the file after the agent's turn.

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Reviewer", (context) => ({ server, user } = context));

async function userSaves(projectId: string, path: string, content: string) {
  const db = await getDb();
  const { headSnapshotId } = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  const saved = await call(save, { user, params: { projectId }, json: { baseSnapshotId: headSnapshotId, changes: [{ type: "write", path, content }] } });
  expect(saved.status, JSON.stringify(saved.data)).toBe(200);
}

const reject = (projectId: string, turnId: string, path: string, force?: boolean) =>
  call(review, { user, params: { projectId, turnId }, json: { path, decision: "reject", ...(force === undefined ? {} : { force }) } });

async function agentTurn(projectId: string, sessionId: string) {
  server.push({ toolCalls: [{ name: "write_file", args: { path: "hello.js", content: "console.log('agent');\n", overwrite: true } }, { name: "write_file", args: { path: "other.js", content: "1;\n", overwrite: true } }] }, { text: "Done." });
  const turn = await sendChat(user, projectId, sessionId, userPrompt("rewrite hello"));
  expect(turn.chunks.at(-1)!.messageMetadata.status).toBe("completed");
  return turn.turnId;
}

describe("reject after the person changed the file", () => {
  it("answers 409 with the three versions and changes nothing; forced, restores the checkpoint", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "hello.js": "console.log('old');\n", "other.js": "0;\n" });
    const turnId = await agentTurn(projectId, sessionId);
    await userSaves(projectId, "hello.js", "console.log('my fix');\n");

    const refused = await reject(projectId, turnId, "hello.js");
    expect(refused.status).toBe(409);
    expect(refused.data.error).toMatchObject({
      code: "conflict:changed_after_turn",
      path: "hello.js",
      binary: false,
      versions: { checkpoint: "console.log('old');\n", agent: "console.log('agent');\n", current: "console.log('my fix');\n" },
    });
    expect(refused.data.error.message).toMatch(/changed after this turn/);
    expect(await headText(user, projectId, "hello.js")).toBe("console.log('my fix');\n");
    const changes = await call(getChanges, { user, params: { projectId, turnId } });
    expect(changes.data.files.find((f: { path: string }) => f.path === "hello.js").decision).toBeNull();

    const forced = await reject(projectId, turnId, "hello.js", true);
    expect(forced.status).toBe(200);
    expect(forced.data.review).toMatchObject({ "hello.js": "rejected" });
    expect(await headText(user, projectId, "hello.js")).toBe("console.log('old');\n");
  });

  it("rejects at once when the file is still as the agent left it; a created file changed later needs a choice too", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "hello.js": "console.log('old');\n" });
    const turnId = await agentTurn(projectId, sessionId);
    expect((await reject(projectId, turnId, "hello.js")).status).toBe(200);
    expect(await headText(user, projectId, "hello.js")).toBe("console.log('old');\n");

    // other.js was created by the turn and then changed by the person: deleting it needs a choice too.
    await userSaves(projectId, "other.js", "2;\n");
    const refused = await reject(projectId, turnId, "other.js");
    expect(refused.status).toBe(409);
    expect(refused.data.error.versions).toEqual({ checkpoint: null, agent: "1;\n", current: "2;\n" });
    expect(await headText(user, projectId, "other.js")).toBe("2;\n");
  });

  it("keeps the person's version when they accept instead", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "hello.js": "console.log('old');\n" });
    const turnId = await agentTurn(projectId, sessionId);
    await userSaves(projectId, "hello.js", "console.log('mine');\n");
    expect((await reject(projectId, turnId, "hello.js")).status).toBe(409);
    const kept = await call(review, { user, params: { projectId, turnId }, json: { path: "hello.js", decision: "accept" } });
    expect(kept.status).toBe(200);
    expect(await headText(user, projectId, "hello.js")).toBe("console.log('mine');\n");
  });
});
