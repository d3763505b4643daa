import { describe, expect, it } from "vitest";
import { normalizeProjectPath } from "@/lib/validation/paths";

describe("normalizeProjectPath", () => {
  it.each([
    ["src/index.ts", "src/index.ts"],
    ["src//lib/./a.ts", "src/lib/a.ts"],
    ["a/b/", "a/b"],
    ["名前/ファイル.txt", "名前/ファイル.txt"],
    // NFD (as macOS spells it) and NFC "é" name the same file.
    ["e\u0301.txt", "\u00e9.txt"],
    ["caf\u00e9/e\u0301", "caf\u00e9/\u00e9"],
    ["\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.txt", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.txt"],
    ["\u{1F468}\u200d\u{1F469}.txt", "\u{1F468}\u200d\u{1F469}.txt"],
  ])("accepts %j as %j", (input, expected) => {
    expect(normalizeProjectPath(input)).toEqual({ ok: true, path: expected });
  });

  it.each([
    ["", /empty/],
    ["/etc/passwd", /absolute/],
    ["../secret", /\.\./],
    ["a/../../b", /\.\./],
    ["a\u0000b", /control/],
    ["a\\b", /backslash/],
    [".", /names no file/],
    ["x".repeat(1025), /longer than/],
    [Array(40).fill("d").join("/"), /deeper/],
    ["y".repeat(300), /segment/],
    ["x".repeat(10_000), /longer than/],
    ["a\u0000b", /^U\+0000 NULL \(a control character\) is not allowed in file names$/],
    ["a\nb", /^U\+000A LINE FEED/],
    ["a\u0085b", /^U\+0085 \(a control character\)/],
    ["gnp.\u202eexe", /^U\+202E RIGHT-TO-LEFT OVERRIDE \(an invisible formatting character\) is not allowed in file names$/],
    ["a\u2066b", /^U\+2066 LEFT-TO-RIGHT ISOLATE/],
    ["a\u200bb", /^U\+200B ZERO WIDTH SPACE/],
    ["\ufeffindex.js", /^U\+FEFF ZERO WIDTH NO-BREAK SPACE/],
    ["\ud800.txt", /^U\+D800 \(half of a surrogate pair, not a character\) is not allowed in file names$/],
    ["a\udc00b", /^U\+DC00 \(half of a surrogate pair/],
  ])("rejects %j", (input, reason) => {
    const result = normalizeProjectPath(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe("normalizeProjectPath for names already stored", () => {
  it.each([
    ["e\u0301.txt", "e\u0301.txt"],
    ["gnp.\u202eexe", "gnp.\u202eexe"],
    ["soft\u00adhyphen", "soft\u00adhyphen"],
    ["a\u0085b", "a\u0085b"],
  ])("keeps %j exactly, so it can be deleted or renamed", (input, expected) => {
    expect(normalizeProjectPath(input, { existing: true })).toEqual({ ok: true, path: expected });
  });

  it.each([["../x"], ["a\u0000b"], ["a\nb"], ["/abs"]])("still refuses %j", (input) => {
    expect(normalizeProjectPath(input, { existing: true }).ok).toBe(false);
  });
});
