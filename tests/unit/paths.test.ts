import { describe, expect, it } from "vitest";
import { normalizeProjectPath } from "@/lib/validation/paths";

describe("normalizeProjectPath", () => {
  it.each([
    ["src/index.ts", "src/index.ts"],
    ["src//lib/./a.ts", "src/lib/a.ts"],
    ["a/b/", "a/b"],
    ["名前/ファイル.txt", "名前/ファイル.txt"],
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
  ])("rejects %j", (input, reason) => {
    const result = normalizeProjectPath(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
