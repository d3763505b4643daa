import { beforeEach, describe, expect, it } from "vitest";
import { GET as getChanges } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/changes/route";
import { GET as getBlob } from "@/app/api/projects/[projectId]/blobs/[hash]/route";
import { POST as undo } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/undo/route";
import { getDb } from "@/lib/db/client";
import type { ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { answerApprovals, headText, lastMessage, newAgentProject, sendChat, userPrompt, withScriptedModel, type Chunk } from "./agent-helpers";
import { call, type TestUser } from "./helpers";

// Ask mode holds everything that acts, whichever agent runs the turn; and the built-in agent's
// turns are reviewable and undoable like a model's.

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Asker", (context) => ({ server, user } = context));

const status = (chunks: Chunk[]) => chunks.at(-1)!.messageMetadata.status;
const text = (chunks: Chunk[]) => chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("");
const writeCode = "execute code\n```js\nrequire('fs').writeFileSync('made.txt', 'by the agent'); 6 * 7\n```";

describe("Ask mode gates every way the agent acts", () => {
  beforeEach(() => server.setScript([]));

  it("asks before run_code, and runs it only once allowed", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.txt": "a\n" }, { ask: true });
    server.push(
      { toolCalls: [{ name: "run_code", args: { language: "javascript", code: "import fs from 'node:fs'; fs.writeFileSync('by-code.txt', 'x'); console.log('ran')" }, id: "call_code" }] },
      { text: "Done." },
    );
    const first = await sendChat(user, projectId, sessionId, userPrompt("write a file with code"));
    expect(status(first.chunks)).toBe("awaiting_approval");
    expect(first.chunks.find((c) => c.type === "tool-approval-request")!.toolCallId).toBe("call_code");
    expect(await headText(user, projectId, "by-code.txt")).toBeNull();

    const second = await sendChat(user, projectId, sessionId, answerApprovals(await lastMessage(user, projectId, sessionId), true));
    expect(status(second.chunks)).toBe("completed");
    expect(await headText(user, projectId, "by-code.txt")).toBe("x");
  });

  it("the built-in agent asks before running a block; allowed, it runs and its files are the turn's", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.txt": "a\n" }, { ask: true });
    const first = await sendChat(user, projectId, sessionId, userPrompt(writeCode, "offline"));
    expect(status(first.chunks)).toBe("awaiting_approval");
    expect(first.chunks.some((c) => c.type === "tool-output-available")).toBe(false);
    expect(await headText(user, projectId, "made.txt")).toBeNull();
    const db = await getDb();
    expect(await db.agentToolRun.count({ where: { turnId: first.turnId } })).toBe(0);

    // After a reload the request is still there and answerable, as for a model's.
    const asked = await lastMessage(user, projectId, sessionId);
    expect(asked.parts.find((p: { type: string }) => p.type === "tool-run_code").state).toBe("approval-requested");
    const second = await sendChat(user, projectId, sessionId, answerApprovals(asked, true));
    expect(status(second.chunks)).toBe("completed");
    expect(text(second.chunks)).toContain("42");
    expect(await headText(user, projectId, "made.txt")).toBe("by the agent");
    const changes = second.chunks.find((c) => c.type === "data-turn-changes")!;
    expect(changes.data.files.map((f: { path: string; change: string }) => `${f.change} ${f.path}`)).toEqual(["added made.txt"]);
    const turn = await db.agentTurn.findUniqueOrThrow({ where: { id: first.turnId } });
    expect(turn.status).toBe("completed");
    expect(turn.resultSnapshotId).not.toBeNull();
  });

  it("the built-in agent runs nothing when denied", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.txt": "a\n" }, { ask: true });
    await sendChat(user, projectId, sessionId, userPrompt(writeCode, "offline"));
    const denied = await sendChat(user, projectId, sessionId, answerApprovals(await lastMessage(user, projectId, sessionId), false));
    expect(status(denied.chunks)).toBe("completed");
    expect(text(denied.chunks)).toMatch(/did not run/);
    expect(await headText(user, projectId, "made.txt")).toBeNull();
    const stored = await lastMessage(user, projectId, sessionId);
    expect(stored.parts.find((p: { type: string }) => p.type === "tool-run_code").state).toBe("output-denied");
  });
});

describe("the built-in agent's file changes", () => {
  it("are recorded with the turn: reviewable and undoable like a model's", async () => {
    const { projectId, sessionId, head } = await newAgentProject(user, { "a.txt": "a\n" });
    const turn = await sendChat(user, projectId, sessionId, userPrompt(writeCode, "offline"));
    expect(status(turn.chunks)).toBe("completed");
    expect(turn.chunks.find((c) => c.type === "data-turn-changes")!.data).toMatchObject({ checkpointSnapshotId: head, files: [{ path: "made.txt", change: "added" }] });

    const changes = await call(getChanges, { user, params: { projectId, turnId: turn.turnId } });
    expect(changes.data.files).toMatchObject([{ path: "made.txt", change: "added", before: null, size: "by the agent".length }]);
    const blob = await call(getBlob, { user, params: { projectId, hash: changes.data.files[0].after } });
    expect(Buffer.from(blob.data as Uint8Array).toString()).toBe("by the agent");
    const undone = await call(undo, { user, params: { projectId, turnId: turn.turnId }, method: "POST" });
    expect(undone.status).toBe(200);
    expect(await headText(user, projectId, "made.txt")).toBeNull();
    expect(await headText(user, projectId, "a.txt")).toBe("a\n");
  });
});
