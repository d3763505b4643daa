import { readUIMessageStream, type UIMessageChunk } from "ai";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as followRoute } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/stream/route";
import { askOwnerToStop } from "@/lib/agent/turn-stop";
import { turnLease } from "@/lib/agent/turn-lease";
import { deleteEndedTurnChunks } from "@/lib/agent/turn-stream-store";
import { turnBaseChunkType } from "@/lib/agent/turn-stream-writer";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { getDb } from "@/lib/db/client";
import type { ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { lastMessage, newAgentProject, sendChat, userPrompt, withScriptedModel, type Chunk } from "./agent-helpers";
import { call, signUpUser, type TestUser } from "./helpers";
import { holdModelAnswer } from "./model-gate";

// A running turn's live stream, followed through GET …/sessions/:id/stream as a reloaded page or
// another tab does: served from the database (agent_turn_chunks + the turn channel), so any server
// serves it. The model waits on a gate the test opens, so the turn is surely running when followed.

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Follower", (context) => ({ server, user } = context));
beforeEach(() => server.setScript([]));

function followRequest(as: TestUser, projectId: string, sessionId: string) {
  const req = new Request(`http://localhost:3000/api/projects/${projectId}/agent/sessions/${sessionId}/stream`, { headers: as.headers });
  return followRoute(req, { params: Promise.resolve({ projectId, sessionId }) });
}

/** Reads an SSE UI message stream as it arrives: `chunks` grows, `ended` resolves at its end. */
function readAsItComes(res: Response) {
  const chunks: Chunk[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return chunks;
      buffer += value;
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const data = buffer.slice(0, end).replace(/^data: /, "").trim();
        buffer = buffer.slice(end + 2);
        if (data && data !== "[DONE]") chunks.push(JSON.parse(data) as Chunk);
      }
    }
  })();
  return { chunks, ended };
}

/** The assistant message a follower builds: the base it is sent first, then every chunk after it. */
async function messageFrom(chunks: Chunk[]): Promise<AgentUIMessage> {
  const [base, ...rest] = chunks;
  expect(base?.type).toBe(turnBaseChunkType);
  let message = base!.data.message as AgentUIMessage;
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of rest) controller.enqueue(chunk as UIMessageChunk);
      controller.close();
    },
  });
  for await (const built of readUIMessageStream<AgentUIMessage>({ message, stream, terminateOnError: true })) message = built;
  return message;
}

describe("following a running agent turn", () => {
  it("serves a follower the turn from its start, then live to its end; one joining later gets the same; 204 when none runs", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.txt": "follow me\n" });
    expect((await followRequest(user, projectId, sessionId)).status).toBe(204);

    const held = holdModelAnswer(server, "Both lines printed.", [
      { text: "Printing the lines.", toolCalls: [{ name: "run_command", args: { command: "echo follow-line-1; echo follow-line-2" } }] },
    ]);
    const posted = sendChat(user, projectId, sessionId, userPrompt("print two lines for the follower"));
    await expect.poll(() => held.reached, { timeout: 30_000 }).toBe(true);

    const first = await followRequest(user, projectId, sessionId);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("text/event-stream");
    const early = readAsItComes(first);
    // The command ran before this follower came: its output is replayed.
    await expect
      .poll(() => early.chunks.some((c) => c.type === "data-tool-output" && c.data.text.includes("follow-line-2")), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(() => early.chunks.some((c) => c.type === "tool-output-available"), { timeout: 15_000 }).toBe(true);
    const late = readAsItComes(await followRequest(user, projectId, sessionId));
    await expect.poll(() => late.chunks.length, { timeout: 15_000 }).toBe(early.chunks.length);
    // The clean-up leaves a running turn's stream alone.
    const db = await getDb();
    const { id: turnId } = await db.agentTurn.findFirstOrThrow({ where: { sessionId, status: "running" } });
    await deleteEndedTurnChunks({ endedBefore: new Date() });
    expect(await db.agentTurnChunk.count({ where: { turnId } })).toBeGreaterThan(0);

    const sentAt = posted.then(() => performance.now());
    const followedAt = early.ended.then(() => performance.now());
    held.open();
    const sent = await posted;
    expect(sent.status).toBe(200);
    const [earlyChunks, lateChunks] = await Promise.all([early.ended, late.ended]);
    console.info(`A follower saw the turn's end ${Math.round((await followedAt) - (await sentAt))} ms after the page that sent the prompt`);

    // Exactly what the page that sent the prompt was streamed, after the base message.
    expect(earlyChunks.slice(1)).toEqual(sent.chunks);
    expect(lateChunks).toEqual(earlyChunks);
    expect(earlyChunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "completed" } });
    const followed = await messageFrom(earlyChunks);
    const stored = await lastMessage(user, projectId, sessionId);
    expect(followed.id).toBe(stored.id);
    expect(followed.parts).toEqual(stored.parts);
    expect(JSON.stringify(followed.parts)).toContain("Both lines printed.");

    expect((await followRequest(user, projectId, sessionId)).status).toBe(204);
    // Once it has ended, its stream goes (the stored message is the record).
    await deleteEndedTurnChunks({ endedBefore: new Date() });
    expect(await db.agentTurnChunk.count({ where: { turnId } })).toBe(0);
  });

  it("follows a continuation from the message it continues (an approval answered)", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "b.txt": "ask me\n" }, { ask: true });
    server.setScript([{ toolCalls: [{ name: "run_command", args: { command: "echo approved-follow" }, id: "call_follow" }] }]);
    const asked = await sendChat(user, projectId, sessionId, userPrompt("run it after asking"));
    expect(asked.chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "awaiting_approval" } });
    const waiting = await lastMessage(user, projectId, sessionId);

    const held = holdModelAnswer(server, "It printed approved-follow.");
    const answer = { ...waiting, parts: waiting.parts.map((p: any) => (p.state === "approval-requested" ? { ...p, state: "approval-responded", approval: { id: p.approval.id, approved: true } } : p)) };
    const posted = sendChat(user, projectId, sessionId, { message: answer, trigger: "submit-message" });
    await expect.poll(() => held.reached, { timeout: 30_000 }).toBe(true);
    const follower = readAsItComes(await followRequest(user, projectId, sessionId));
    await expect.poll(() => follower.chunks.length, { timeout: 15_000 }).toBeGreaterThan(1);
    // The base is the message as the continuation found it: the call asked about, now answered.
    expect(follower.chunks[0]!.data.message.parts.some((p: any) => p.toolCallId === "call_follow")).toBe(true);
    held.open();
    await posted;
    const followed = await messageFrom(await follower.ended);
    expect(followed.parts).toEqual((await lastMessage(user, projectId, sessionId)).parts);
    expect(JSON.stringify(followed.parts)).toContain("approved-follow");
  });

  it("answers someone outside the project 404, and a running turn is not revealed to them", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "c.txt": "private\n" });
    const stranger = await signUpUser("Stranger");
    const held = holdModelAnswer(server, "Private answer.");
    const posted = sendChat(user, projectId, sessionId, userPrompt("a private turn"));
    await expect.poll(() => held.reached, { timeout: 30_000 }).toBe(true);
    const res = await call(followRoute, { user: stranger, params: { projectId, sessionId } });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.data)).not.toContain("Private");
    held.open();
    await posted;
  });

  it("ends a turn at once when another server is asked to stop it (the turn channel, not the heartbeat)", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "d.txt": "stop me\n" });
    const held = holdModelAnswer(server, "Never seen.");
    // No heartbeat during this turn: only the notification can carry the stop.
    const heartbeatMs = turnLease.heartbeatMs;
    turnLease.heartbeatMs = 10 * 60_000;
    try {
      const posted = sendChat(user, projectId, sessionId, userPrompt("wait until stopped"));
      await expect.poll(() => held.reached, { timeout: 30_000 }).toBe(true);
      const follower = readAsItComes(await followRequest(user, projectId, sessionId));
      const db = await getDb();
      const turn = await db.agentTurn.findFirstOrThrow({ where: { sessionId, status: "running" } });

      // What the stop routes do on a server that does not run the turn.
      const asked = performance.now();
      expect(await askOwnerToStop({ turnId: turn.id })).toBe(true);
      const sent = await posted;
      console.info(`A stop asked through the database ended the turn's stream after ${Math.round(performance.now() - asked)} ms`);
      expect(sent.chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "interrupted" } });
      expect(await db.agentTurn.findUniqueOrThrow({ where: { id: turn.id } })).toMatchObject({ status: "interrupted", error: "Stopped by the user" });
      expect((await follower.ended).at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "interrupted" } });
    } finally {
      turnLease.heartbeatMs = heartbeatMs;
      held.open();
    }
  });
});
