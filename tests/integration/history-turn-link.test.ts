import { describe, expect, it } from "vitest";
import { GET as getSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/route";
import { POST as createSession } from "@/app/api/projects/[projectId]/agent/sessions/route";
import * as historyRoute from "@/app/api/projects/[projectId]/history/route";
import { getDb } from "@/lib/db/client";
import type { TimelineEntry } from "@/lib/history/types";
import type { ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { newAgentProject, sendChat, userPrompt, withScriptedModel } from "./agent-helpers";
import { call, type TestUser } from "./helpers";

// An agent's snapshot names the turn whose tool call made it (snapshots.turnId), not whichever turn
// happened to be running at that time: the timeline links it to the chat message, and the chat's
// changes card (its turn-changes part) to the snapshot.

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Turn Link", (context) => ({ server, user } = context));

async function timeline(projectId: string): Promise<TimelineEntry[]> {
  const res = await call(historyRoute.GET, { user, params: { projectId }, url: `/api/projects/${projectId}/history?limit=50` });
  expect(res.status).toBe(200);
  return res.data.entries;
}

async function agentWrites(projectId: string, sessionId: string, path: string) {
  server.push({ toolCalls: [{ name: "write_file", args: { path, content: `${path}\n` } }] }, { text: "Written." });
  const turn = await sendChat(user, projectId, sessionId, userPrompt(`write ${path}`));
  expect(turn.chunks.at(-1)!.messageMetadata.status).toBe("completed");
  return { turnId: turn.turnId, changes: turn.chunks.find((c) => c.type === "data-turn-changes")!.data };
}

describe("agent snapshots and their turns", () => {
  it("link both ways: the snapshot names its turn and chat message, the turn's changes name its snapshot", async () => {
    const { projectId, sessionId, head } = await newAgentProject(user, { "a.txt": "a\n" });
    const first = await agentWrites(projectId, sessionId, "one.txt");
    const otherChat = (await call(createSession, { user, params: { projectId }, json: {} })).data.session.id as string;
    const second = await agentWrites(projectId, otherChat, "two.txt");

    const db = await getDb();
    const agentSnapshots = await db.snapshot.findMany({ where: { projectId, author: "agent" }, orderBy: { createdAt: "asc" } });
    expect(agentSnapshots.map((s) => s.turnId)).toEqual([first.turnId, second.turnId]);

    // Chat → history: the card's snapshots are the turn's own.
    expect(first.changes).toMatchObject({ checkpointSnapshotId: head, resultSnapshotId: agentSnapshots[0]!.id });
    expect(second.changes).toMatchObject({ checkpointSnapshotId: agentSnapshots[0]!.id, resultSnapshotId: agentSnapshots[1]!.id });

    // History → chat: each entry names its turn, its chat and the assistant message the chat shows.
    const entries = await timeline(projectId);
    const byId = new Map(entries.map((e) => [e.id, e]));
    for (const [snapshot, turnId, chat] of [
      [agentSnapshots[0]!, first.turnId, sessionId],
      [agentSnapshots[1]!, second.turnId, otherChat],
    ] as const) {
      const messages = (await call(getSession, { user, params: { projectId, sessionId: chat } })).data.messages as { id: string; role: string }[];
      const assistant = messages.filter((m) => m.role === "assistant").at(-1)!;
      expect(byId.get(snapshot.id)!.author).toEqual({
        kind: "agent",
        turn: { id: turnId, seq: 1, sessionId: chat, messageId: assistant.id, startedBy: "Turn Link" },
      });
    }
  });

  it("keeps the snapshot when the chat goes, without a link to it", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.txt": "a\n" });
    const { turnId } = await agentWrites(projectId, sessionId, "gone.txt");
    const db = await getDb();
    await db.agentSession.delete({ where: { id: sessionId } });
    const snapshot = await db.snapshot.findFirstOrThrow({ where: { projectId, author: "agent" } });
    expect(snapshot.turnId).toBeNull();
    expect(await db.agentTurn.count({ where: { id: turnId } })).toBe(0);
    const entry = (await timeline(projectId)).find((e) => e.id === snapshot.id)!;
    expect(entry.author).toEqual({ kind: "agent", turn: null });
  });
});
