import { describe, expect, it } from "vitest";
import { planCreate, planMove, planRename } from "@/lib/client/tree-operations";

const existing = new Set(["src", "src/a.ts", "src/lib", "README.md"]);

describe("planCreate", () => {
  it.each<[string, string, string]>([
    ["", "new.ts", "new.ts"],
    ["src", "b.ts", "src/b.ts"],
    ["src", "  b.ts  ", "src/b.ts"],
    ["src", "components/button.tsx", "src/components/button.tsx"],
    ["src", "./c.ts", "src/c.ts"],
  ])("in %j, %j becomes %j", (parentDir, name, path) => {
    expect(planCreate({ parentDir, name, existingPaths: existing })).toEqual({ ok: true, path });
  });

  it.each<[string, string, RegExp]>([
    ["", "", /enter a name/i],
    ["", "README.md", /already exists/],
    ["src", "a.ts", /"src\/a.ts" already exists/],
    ["src", "../x.ts", /\.\./],
    ["", "/etc/passwd", /absolute/],
    ["", "a\\b", /backslash/],
    ["", "bad\u0007name", /control character/],
    ["", "x".repeat(300), /segment is longer/],
  ])("in %j, rejects %j", (parentDir, name, reason) => {
    const result = planCreate({ parentDir, name, existingPaths: existing });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe("planRename", () => {
  it.each<[string, string, string]>([
    ["src/a.ts", "b.ts", "src/b.ts"],
    ["README.md", "readme.md", "readme.md"],
    ["src", "app", "app"],
  ])("%j renamed to %j is %j", (path, name, to) => {
    expect(planRename({ path, name, existingPaths: existing })).toEqual({ ok: true, path: to });
  });

  it.each<[string, string, RegExp]>([
    ["src/a.ts", "", /enter a name/i],
    ["src/a.ts", "a.ts", /unchanged/],
    ["src/a.ts", "lib", /"src\/lib" already exists/],
    ["src/a.ts", "x/y.ts", /cannot contain \//],
    ["src/a.ts", "..", /not a valid name/],
  ])("%j renamed to %j is refused", (path, name, reason) => {
    const result = planRename({ path, name, existingPaths: existing });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe("planMove", () => {
  it.each<[string, string, string]>([
    ["README.md", "src", "src/README.md"],
    ["src/a.ts", "", "a.ts"],
    ["src/lib", "", "lib"],
  ])("%j dropped on %j goes to %j", (path, targetDir, to) => {
    expect(planMove({ path, targetDir, existingPaths: existing })).toEqual({ ok: true, path: to });
  });

  it.each<[string, string, RegExp]>([
    ["src/a.ts", "src", /already in that folder/],
    ["src", "src/lib", /into itself/],
    ["src", "src", /into itself/],
    ["README.md", "", /already in that folder/],
  ])("%j dropped on %j is refused", (path, targetDir, reason) => {
    const result = planMove({ path, targetDir, existingPaths: existing });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("refuses to overwrite a same-named item in the target", () => {
    const result = planMove({ path: "a.ts", targetDir: "src", existingPaths: new Set([...existing, "a.ts"]) });
    expect(result).toEqual({ ok: false, reason: '"src/a.ts" already exists' });
  });
});
