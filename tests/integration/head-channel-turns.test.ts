import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { POST as headless } from "@/app/api/agent/route";
import { POST as stopRoute } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/stop/route";
import { getDatabase } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/open";
import { getHeadHub, HeadHub } from "@/lib/head-channel/hub";
import type { HeadEvent, TurnEvent } from "@/lib/head-channel/types";
import type { ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { newAgentProject, sendChat, userPrompt, withScriptedModel } from "./agent-helpers";
import { call, signUpUser, type TestUser } from "./helpers";
import { holdModelAnswer } from "./model-gate";

// Agent turns on the project's head channel: a tab open on a session learns that a turn started
// elsewhere (another tab, the headless API, another server) and when it ended. The model waits on a
// gate the test opens, so the turn is surely running while the subscribers look.

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Turn Watcher", (context) => ({ server, user } = context));
beforeEach(() => server.setScript([]));

/** The turn events one subscriber gets, in order. */
function turnEvents() {
  const seen: TurnEvent[] = [];
  return {
    seen,
    send: (event: HeadEvent) => void (event.type === "turn" && seen.push(event)),
    statuses: (turnId: string) => seen.filter((e) => e.turnId === turnId).map((e) => e.status),
  };
}

async function secondHub() {
  const database = process.env.DATABASE_URL ? await openDatabase({ url: process.env.DATABASE_URL }) : await getDatabase();
  const hub = await HeadHub.open(database);
  opened.push(hub, ...(process.env.DATABASE_URL ? [database] : []));
  return hub;
}

describe("agent turns on the head channel", () => {
  it("a turn sent through the chat route reaches the owner's subscribers on two hubs as running then completed; one joining mid-turn is told it runs; others are told nothing", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.txt": "watch me\n" });
    const [a, b, stranger] = [turnEvents(), turnEvents(), turnEvents()];
    const hubA = await getHeadHub();
    const hubB = await secondHub();
    const leave = [
      await hubA.subscribe({ projectId, userId: user.userId, since: undefined, send: a.send }),
      await hubB.subscribe({ projectId, userId: user.userId, since: undefined, send: b.send }),
      // The hub is handed only authorized subscribers (the route checks access); sessions are private still.
      await hubB.subscribe({ projectId, userId: "someone-else", since: undefined, send: stranger.send }),
    ];

    const held = holdModelAnswer(server, "Watched to the end.");
    const posted = sendChat(user, projectId, sessionId, userPrompt("a turn for the watchers"));
    await expect.poll(() => held.reached, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => [a.seen.length, b.seen.length], { timeout: 15_000 }).toEqual([1, 1]);
    const turnId = a.seen[0]!.turnId;
    for (const events of [a, b]) expect(events.seen[0]).toEqual({ type: "turn", sessionId, turnId, status: "running", startedBy: { userId: user.userId, source: "panel" } });

    // A tab opened mid-turn is told on subscribing.
    const late = turnEvents();
    leave.push(await hubB.subscribe({ projectId, userId: user.userId, since: undefined, send: late.send }));
    expect(late.statuses(turnId)).toEqual(["running"]);

    const answeredAt = posted.then(() => performance.now());
    const endSeenOnB = expect.poll(() => b.statuses(turnId), { timeout: 15_000, interval: 5 }).toEqual(["running", "completed"]).then(() => performance.now());
    held.open();
    const sent = await posted;
    expect(sent.status).toBe(200);
    expect(sent.turnId).toBe(turnId);
    for (const events of [a, b, late]) await expect.poll(() => events.statuses(turnId), { timeout: 15_000 }).toEqual(["running", "completed"]);
    console.info(`The second hub told its subscriber of the turn's end ${Math.round((await endSeenOnB) - (await answeredAt))} ms after the chat request was answered`);
    expect(stranger.seen).toEqual([]);
    for (const l of leave) l();
  });

  it("a turn of the headless API (same user, bearer or cookie) is announced with its source", async () => {
    const { projectId } = await newAgentProject(user, { "b.txt": "headless\n" });
    const events = turnEvents();
    const leave = await (await getHeadHub()).subscribe({ projectId, userId: user.userId, since: undefined, send: events.send });
    const held = holdModelAnswer(server, "Headless answer.");
    const asked = call(headless, { user, json: { prompt: "a headless turn", projectId }, url: "/api/agent" });
    await expect.poll(() => events.seen.length, { timeout: 30_000 }).toBe(1);
    expect(events.seen[0]).toMatchObject({ status: "running", startedBy: { userId: user.userId, source: "api" } });
    held.open();
    const answer = await asked;
    expect(answer.status).toBe(200);
    expect(answer.data.turnId).toBe(events.seen[0]!.turnId);
    await expect.poll(() => events.statuses(answer.data.turnId as string), { timeout: 15_000 }).toEqual(["running", "completed"]);
    leave();
  });

  it("a stopped turn ends as interrupted for its watchers", async () => {
    const other = await signUpUser("Turn Watcher Two");
    const { projectId, sessionId } = await newAgentProject(other, { "c.txt": "stop me\n" });
    const events = turnEvents();
    const leave = await (await getHeadHub()).subscribe({ projectId, userId: other.userId, since: undefined, send: events.send });
    const held = holdModelAnswer(server, "Never shown.");
    const abort = new AbortController();
    const posted = sendChat(other, projectId, sessionId, userPrompt("a turn to stop"), abort.signal).catch(() => null);
    await expect.poll(() => events.seen.length, { timeout: 30_000 }).toBe(1);
    const { turnId } = events.seen[0]!;
    expect((await call(stopRoute, { user: other, params: { projectId, turnId }, json: {} })).status).toBeLessThan(300);
    await expect.poll(() => events.statuses(turnId), { timeout: 15_000 }).toEqual(["running", "interrupted"]);
    held.open();
    await posted;
    leave();
  });
});

const opened: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const o of opened) await o.close();
});
