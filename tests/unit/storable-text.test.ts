import { describe, expect, it } from "vitest";
import { fromStorable, toStorable } from "@/lib/db/storable-text";

const storable = (text: string) => !text.includes("\u0000") && !/\p{Cs}/u.test(text);

describe("storable text", () => {
  it.each([
    ["plain", "hello"],
    ["NUL", "a\u0000b"],
    ["NULs only", "\u0000\u0000"],
    ["the escape itself", "x\uffffy"],
    ["the escape before 0", "\uffff0"],
    ["escape then NUL", "\uffff\u0000"],
    ["lone high surrogate", "a\ud800b"],
    ["lone low surrogate", "\udc00"],
    ["a real pair", "😀"],
    ["everything", "\u0000\uffff\ud83d\ude00\ud800\uffffs0041\u0000"],
  ])("round-trips %s", (_, text) => {
    const stored = toStorable(text);
    expect(storable(stored)).toBe(true);
    expect(fromStorable(stored)).toBe(text);
  });

  it("walks nested values, keys included, and leaves other types alone", () => {
    const date = new Date(0);
    const value = { "k\u0000": [{ out: "a\u0000b", n: 1, ok: true, none: null }], at: date };
    const stored = toStorable(value);
    expect(JSON.stringify(stored)).not.toContain("\\u0000");
    expect(stored.at).toBe(date);
    expect(fromStorable(stored)).toEqual(value);
  });

  it("leaves text that needs no escape exactly as it is", () => {
    expect(toStorable({ a: "plain ✓" })).toEqual({ a: "plain ✓" });
    expect(fromStorable("plain ✓")).toBe("plain ✓");
  });
});
