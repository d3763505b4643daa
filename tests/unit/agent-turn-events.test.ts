import { describe, expect, it } from "vitest";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { planTurnEvent, shownTurnStatus } from "@/lib/client/agent-turn-follow";
import { createHeadFeed } from "@/lib/client/head-feed";
import { headEventSchema, type TurnEvent } from "@/lib/head-channel/types";
import { FakeEventSource } from "../fixtures/fake-head-channel";

const turn = (status: TurnEvent["status"], sessionId = "s1", turnId = "t1"): TurnEvent => ({
  type: "turn",
  sessionId,
  turnId,
  status,
  startedBy: { userId: "u1", source: "panel" },
});
const idle = { sessionId: "s1", sending: false, following: false, shown: undefined };

describe("planTurnEvent: what an open chat does when a turn starts or ends elsewhere", () => {
  it.each<[string, Parameters<typeof planTurnEvent>[0], ReturnType<typeof planTurnEvent>]>([
    ["a turn started elsewhere on the chat shown is followed", { ...idle, event: turn("running") }, "follow"],
    ["one it shows running without following (found on load, its follow cut) is followed", { ...idle, event: turn("running"), shown: "running" }, "follow"],
    ["a turn of another chat is not its business", { ...idle, event: turn("running", "s2") }, "ignore"],
    ["its own turn, streamed through useChat, is not followed as well", { ...idle, event: turn("running"), sending: true }, "ignore"],
    ["its own turn's end comes through its own stream", { ...idle, event: turn("completed"), sending: true }, "ignore"],
    ["a turn it follows ends through the followed stream", { ...idle, event: turn("completed"), following: true }, "ignore"],
    ["a turn that ended elsewhere is loaded as stored", { ...idle, event: turn("completed") }, "load"],
    ["so is one stopped elsewhere", { ...idle, event: turn("interrupted"), shown: "running" }, "load"],
    ["and one waiting for an approval", { ...idle, event: turn("awaiting_approval"), shown: "running" }, "load"],
    ["an end it already shows (its own turn, told late) needs nothing", { ...idle, event: turn("completed"), shown: "completed" }, "ignore"],
    ["a start told after the page saw the turn end is not followed", { ...idle, event: turn("running"), shown: "failed" }, "ignore"],
  ])("%s", (_name, input, plan) => {
    expect(planTurnEvent(input)).toBe(plan);
  });
});

describe("shownTurnStatus", () => {
  const message = (id: string, turnId: string | undefined, status: TurnEvent["status"] | undefined, role: "user" | "assistant" = "assistant") =>
    ({ id, role, parts: [], metadata: turnId ? { turnId, status } : undefined }) as AgentUIMessage;
  it("reads the status of the turn's answer, the latest one when it was continued", () => {
    const messages = [message("m1", "t0", "completed"), message("m2", undefined, undefined, "user"), message("m3", "t1", "awaiting_approval"), message("m4", "t1", "running")];
    expect(shownTurnStatus({ messages, turnId: "t1" })).toBe("running");
    expect(shownTurnStatus({ messages, turnId: "t0" })).toBe("completed");
    expect(shownTurnStatus({ messages, turnId: "t9" })).toBeUndefined();
  });
});

describe("head feed and turn events", () => {
  it("opens the stream with this tab's presence id, so the server keeps the tab present while it is open", () => {
    const urls: string[] = [];
    const feed = createHeadFeed({ projectId: "p1", tab: "tab_0123456789abcdef", openEventSource: (url) => (urls.push(url), new FakeEventSource(url)) });
    feed.connect("s1");
    feed.connect(null);
    expect(urls).toEqual(["/api/projects/p1/head?since=s1&tab=tab_0123456789abcdef", "/api/projects/p1/head?tab=tab_0123456789abcdef"]);
    feed.close();
  });

  it("hands turn events to subscribers, and drops malformed ones", () => {
    let source!: FakeEventSource;
    const feed = createHeadFeed({ projectId: "p1", tab: null, openEventSource: (url) => (source = new FakeEventSource(url)) });
    const seen: unknown[] = [];
    feed.subscribe((event) => seen.push(event));
    feed.connect(null);
    source.send("turn", JSON.stringify(turn("running")));
    source.send("turn", JSON.stringify({ ...turn("running"), status: "paused" }));
    expect(seen).toEqual([turn("running")]);
    expect(headEventSchema.safeParse(turn("running")).success).toBe(true);
    feed.close();
  });
});
