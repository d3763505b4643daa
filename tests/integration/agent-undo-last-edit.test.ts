import { beforeEach, describe, expect, it } from "vitest";
import { GET as getSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/route";
import { POST as undoLastEdit } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/undo-last-edit/route";
import { POST as save } from "@/app/api/projects/[projectId]/save/route";
import { getDb } from "@/lib/db/client";
import type { ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { headText, newAgentProject, sendChat, userPrompt, withScriptedModel } from "./agent-helpers";
import { call, type TestUser } from "./helpers";

// Undo of the agent's last edit: only the turn's last file-changing tool call goes back, as a new
// snapshot; never over what the person saved since.

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Last edit undoer", (context) => ({ server, user } = context));
beforeEach(() => server.setScript([]));

const undo = (projectId: string, turnId: string) => call(undoLastEdit, { user, params: { projectId, turnId } });

async function twoEdits(projectId: string, sessionId: string, last: { name: string; args: Record<string, unknown> }) {
  server.push(
    { toolCalls: [{ name: "write_file", args: { path: "a.js", content: "agent a\n", overwrite: true } }] },
    { toolCalls: [{ name: "update_plan", args: { steps: [{ title: "Edit a.js", status: "done" }, { title: "Then the last edit", status: "in_progress" }] } }] },
    { toolCalls: [last] },
    { toolCalls: [{ name: "read_file", args: { path: "a.js" } }] },
    { text: "Done." },
  );
  const turn = await sendChat(user, projectId, sessionId, userPrompt("edit twice"));
  expect(turn.chunks.at(-1)!.messageMetadata.status).toBe("completed");
  return turn.turnId;
}

describe("undo the agent's last edit", () => {
  it("puts back only the files of the turn's last file-changing call, as a new snapshot, once", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.js": "old a\n", "b.js": "old b\n" });
    const turnId = await twoEdits(projectId, sessionId, { name: "write_file", args: { path: "b.js", content: "agent b\n", overwrite: true } });
    expect(await headText(user, projectId, "b.js")).toBe("agent b\n");

    const db = await getDb();
    const before = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    const undone = await undo(projectId, turnId);
    expect(undone.status, JSON.stringify(undone.data)).toBe(200);
    expect(undone.data).toMatchObject({ paths: ["b.js"], edit: "write_file b.js" });
    expect(await headText(user, projectId, "b.js")).toBe("old b\n");
    expect(await headText(user, projectId, "a.js")).toBe("agent a\n");
    const snapshot = await db.snapshot.findUniqueOrThrow({ where: { id: undone.data.snapshotId } });
    expect(snapshot).toMatchObject({ parentId: before.headSnapshotId, author: "user" });
    expect(snapshot.message).toMatch(/^Undo the agent's last edit in turn 1/);

    // The panel learns it on reload; a second undo says it was done.
    const session = await call(getSession, { user, params: { projectId, sessionId } });
    expect(session.data.turns.at(-1)).toMatchObject({ id: turnId, lastEditUndoSnapshotId: undone.data.snapshotId });
    const again = await undo(projectId, turnId);
    expect(again.status).toBe(422);
    expect(again.data.error.message).toBe("The turn's last edit was undone already");
  });

  it("deletes a file the last call created", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.js": "old a\n" });
    const turnId = await twoEdits(projectId, sessionId, { name: "write_file", args: { path: "new/c.js", content: "c\n" } });
    expect((await undo(projectId, turnId)).status).toBe(200);
    expect(await headText(user, projectId, "new/c.js")).toBeNull();
    expect(await headText(user, projectId, "a.js")).toBe("agent a\n");
  });

  it("refuses, changing nothing, when the person changed those files since", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.js": "old a\n", "b.js": "old b\n" });
    const turnId = await twoEdits(projectId, sessionId, { name: "write_file", args: { path: "b.js", content: "agent b\n", overwrite: true } });
    const db = await getDb();
    const { headSnapshotId } = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    const saved = await call(save, { user, params: { projectId }, json: { baseSnapshotId: headSnapshotId, changes: [{ type: "write", path: "b.js", content: "my b\n" }] } });
    expect(saved.status).toBe(200);

    const refused = await undo(projectId, turnId);
    expect(refused.status).toBe(409);
    expect(refused.data.error).toMatchObject({ code: "conflict:changed_after_edit" });
    expect(refused.data.error.message).toBe(
      "b.js changed after the agent's last edit, so undoing it would discard those changes. Review the turn's files, or undo the whole turn, instead.",
    );
    expect(await headText(user, projectId, "b.js")).toBe("my b\n");
    expect((await db.project.findUniqueOrThrow({ where: { id: projectId } })).headSnapshotId).toBe(saved.data.snapshotId);
  });

  it("says there is nothing to undo for a turn that changed no files", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.js": "old a\n" });
    server.push({ toolCalls: [{ name: "update_plan", args: { steps: [{ title: "Look", status: "in_progress" }] } }] }, { text: "Nothing to change." });
    const turn = await sendChat(user, projectId, sessionId, userPrompt("just look"));
    const refused = await undo(projectId, turn.turnId);
    expect(refused.status).toBe(422);
    expect(refused.data.error.message).toBe("This turn changed no files; there is nothing to undo");
  });
});
