import { describe, expect, it } from "vitest";
import { createHeadFeed, planHeadEvent } from "@/lib/client/head-feed";
import type { HeadEvent } from "@/lib/head-channel/types";
import { FakeEventSource } from "../fixtures/fake-head-channel";

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const moved = (from: string | null, to: string | null): HeadEvent => ({ type: "head", from, to, author: null, changes: [] });

function setup({ retryMs = { first: 1, max: 4 } } = {}) {
  const sources: FakeEventSource[] = [];
  const feed = createHeadFeed({
    projectId: "p/1",
    openEventSource: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source;
    },
    retryMs,
  });
  const events: HeadEvent[] = [];
  feed.subscribe((event) => events.push(event));
  return { feed, sources, events, last: () => sources[sources.length - 1]! };
}

describe("head feed", () => {
  it("opens the project's channel from the snapshot held, and hands on the events that parse", () => {
    const { feed, sources, events, last } = setup();
    feed.connect("s1");
    expect(sources.map((s) => s.url)).toEqual(["/api/projects/p%2F1/head?since=s1"]);
    last().send("head", JSON.stringify(moved("s1", "s2")));
    last().send("reload", JSON.stringify({ type: "reload", head: "s3" }));
    last().send("head", "{not json");
    last().send("head", JSON.stringify({ type: "head", from: "s3" }));
    // A head event sent under another event name still parses as what it says it is.
    last().send("reload", JSON.stringify(moved("s3", "s4")));
    expect(events).toEqual([moved("s1", "s2"), { type: "reload", head: "s3" }, moved("s3", "s4")]);
  });

  it("opens a project without snapshots without `since`", () => {
    const { feed, sources } = setup();
    feed.connect(null);
    expect(sources[0]!.url).toBe("/api/projects/p%2F1/head");
  });

  it("drops the events of a stream it replaced, and of a closed one", () => {
    const { feed, sources, events } = setup();
    feed.connect("s1");
    feed.connect("s5");
    expect(sources[0]!.closed).toBe(true);
    sources[0]!.readyState = 1;
    sources[0]!.send("head", JSON.stringify(moved("s1", "s2")));
    sources[1]!.send("head", JSON.stringify(moved("s5", "s6")));
    feed.close();
    sources[1]!.readyState = 1;
    sources[1]!.send("head", JSON.stringify(moved("s6", "s7")));
    expect(events).toEqual([moved("s5", "s6")]);
  });

  it("opens a refused stream again after a pause, from the same snapshot", async () => {
    const { feed, sources, last } = setup();
    feed.connect("s1");
    last().refuse();
    await until(() => sources.length === 2, "the second try");
    expect(last().url).toBe("/api/projects/p%2F1/head?since=s1");
    feed.close();
  });

  it("leaves a dropped connection to EventSource's own reconnect, and a nudge reopens only a closed stream", () => {
    const { feed, sources, last } = setup({ retryMs: { first: 60_000, max: 60_000 } });
    feed.connect("s1");
    feed.nudge();
    expect(sources).toHaveLength(1);
    last().refuse();
    feed.nudge();
    expect(sources).toHaveLength(2);
    feed.close();
    feed.nudge();
    expect(sources).toHaveLength(2);
  });

  it("stops handing events to a listener that unsubscribed", () => {
    const { feed, events, last } = setup();
    const other: HeadEvent[] = [];
    const off = feed.subscribe((event) => other.push(event));
    feed.connect("s1");
    off();
    last().send("head", JSON.stringify(moved("s1", "s2")));
    expect(other).toEqual([]);
    expect(events).toHaveLength(1);
  });
});

describe("planHeadEvent: what the holder of a listing does with an event", () => {
  it.each<[string, string | null, HeadEvent, ReturnType<typeof planHeadEvent>]>([
    ["the next move", "s1", moved("s1", "s2"), "apply"],
    ["a move it already holds (its own save, answered first)", "s2", moved("s1", "s2"), "drop"],
    ["a move from elsewhere in the chain", "s3", moved("s1", "s2"), "resync"],
    ["the first snapshot of an empty project", null, moved(null, "s1"), "apply"],
    ["a reload to what it holds", "s1", { type: "reload", head: "s1" }, "drop"],
    ["a reload to another head", "s1", { type: "reload", head: "s2" }, "reload"],
    ["a reload of an empty project it holds empty", null, { type: "reload", head: null }, "drop"],
  ])("%s", (_name, held, event, plan) => {
    expect(planHeadEvent({ held, event: event as Extract<HeadEvent, { type: "head" | "reload" }> })).toBe(plan);
  });
});
