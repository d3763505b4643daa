import { describe, expect, it } from "vitest";
import type { PresentTab } from "@/lib/head-channel/types";
import { avatarColour, avatarInitial } from "@/lib/presence/avatar";
import { presenceAvatars, presenceByPath } from "@/lib/presence/avatars";

const tab = (tabId: string, userId: string, name: string, path: string | null): PresentTab => ({
  tab: tabId,
  userId,
  name,
  initial: avatarInitial(name),
  colour: avatarColour(userId),
  path,
});

const me = "mine-tab";

describe("presenceAvatars", () => {
  it.each<[string, PresentTab[], { title: string; you: boolean; initial: string }[]]>([
    ["nobody else", [tab(me, "u1", "Ada", "a.ts")], []],
    ["before this tab's own entry arrived: nothing is marked as the viewer's", [tab("t2", "u1", "Ada", "a.ts")], [{ title: "Ada — editing a.ts", you: false, initial: "A" }]],
    ["the viewer's other tab", [tab(me, "u1", "Ada", "a.ts"), tab("t2", "u1", "Ada", "src/b.ts")], [{ title: "You, in another tab — editing src/b.ts", you: true, initial: "A" }]],
    [
      "two other tabs of the viewer, one without a file",
      [tab(me, "u1", "Ada", null), tab("t2", "u1", "Ada", "b.ts"), tab("t3", "u1", "Ada", null)],
      [{ title: "You, in 2 other tabs — editing b.ts", you: true, initial: "A" }],
    ],
    [
      "other people first, one avatar per person, their files listed once",
      [tab("t4", "u1", "Ada", "x.ts"), tab(me, "u1", "Ada", "a.ts"), tab("t2", "u2", "bob", "x.ts"), tab("t3", "u2", "bob", "x.ts"), tab("t5", "u3", "Cy", null)],
      [
        { title: "bob — editing x.ts", you: false, initial: "B" },
        { title: "Cy — no file open", you: false, initial: "C" },
        { title: "You, in another tab — editing x.ts", you: true, initial: "A" },
      ],
    ],
    ["a person without a name", [tab("t2", "u2", "", "a.ts")], [{ title: "Someone — editing a.ts", you: false, initial: "?" }]],
  ])("%s", (_label, tabs, expected) => {
    expect(presenceAvatars({ tabs, clientId: me }).map(({ title, you, initial }) => ({ title, you, initial }))).toEqual(expected);
  });

  it("lists who has each file in front, each person once per file, never this tab", () => {
    const tabs = [tab(me, "u1", "Ada", "a.ts"), tab("t2", "u2", "Bob", "a.ts"), tab("t3", "u2", "Bob", "b.ts"), tab("t4", "u2", "Bob", "a.ts"), tab("t5", "u3", "Cy", "a.ts")];
    const byPath = presenceByPath(presenceAvatars({ tabs, clientId: me }));
    expect([...byPath.keys()].sort()).toEqual(["a.ts", "b.ts"]);
    expect(byPath.get("a.ts")!.map((a) => a.userId)).toEqual(["u2", "u3"]);
    expect(byPath.get("b.ts")!.map((a) => a.userId)).toEqual(["u2"]);
  });
});

describe("avatar look", () => {
  it.each([
    ["ada", "A"],
    ["  émile", "É"],
    ["e\u0301mile", "E\u0301"],
    ["🧑‍💻 dev", "🧑‍💻"],
    ["", "?"],
    ["   ", "?"],
  ])("the initial of %j is %j", (name, initial) => {
    expect(avatarInitial(name)).toBe(initial);
  });

  it("gives one user the same colour every time, and spreads users over the palette", () => {
    expect(avatarColour("user-1")).toBe(avatarColour("user-1"));
    const colours = new Set(Array.from({ length: 50 }, (_, i) => avatarColour(`user-${i}`)));
    expect(colours.size).toBeGreaterThan(5);
    for (const colour of colours) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
  });
});
