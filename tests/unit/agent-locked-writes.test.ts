import { describe, expect, it } from "vitest";
import { holdsLockedPath, isLockedPath, planLockedWrites, type BaseEntry, type SandboxChange } from "@/lib/agent/locked-writes";

const bytes = new Uint8Array([1]);
const write = (path: string): SandboxChange => ({ type: "write", path, content: bytes });
const del = (path: string): SandboxChange => ({ type: "delete", path });
const mkdir = (path: string): SandboxChange => ({ type: "mkdir", path });
const base: BaseEntry[] = [
  { path: "a.txt", kind: "file" },
  { path: "src", kind: "dir" },
  { path: "src/keep.ts", kind: "file" },
  { path: "src/gone.ts", kind: "file" },
  { path: "src/deep", kind: "dir" },
  { path: "src/deep/x.ts", kind: "file" },
  { path: "config", kind: "dir" },
  { path: "config/app.json", kind: "file" },
];
const locked = ["a.txt", "src/keep.ts", "config"];
const summary = (changes: SandboxChange[]) => {
  const plan = planLockedWrites({ changes, locked, base: () => base });
  return { allowed: plan.allowed.map((c) => `${c.type} ${c.path}`).sort(), refused: plan.refused, restore: plan.restore, remove: plan.remove };
};

describe("isLockedPath / holdsLockedPath", () => {
  it.each([
    ["a.txt", true, false],
    ["config/app.json", true, false],
    ["config", true, false],
    ["src", false, true],
    ["src/gone.ts", false, false],
  ])("%s: locked %s, holds a locked path %s", (path, isLocked, holds) => {
    expect(isLockedPath(locked, path)).toBe(isLocked);
    expect(holdsLockedPath(locked, path)).toBe(holds);
  });
});

describe("planLockedWrites", () => {
  it.each<[string, SandboxChange[], ReturnType<typeof summary>]>([
    ["keeps everything when nothing locked is touched", [write("b.txt"), del("src/gone.ts")], { allowed: ["delete src/gone.ts", "write b.txt"], refused: [], restore: [], remove: [] }],
    ["refuses an overwrite of a locked file and restores it", [write("a.txt"), write("b.txt")], { allowed: ["write b.txt"], refused: ["a.txt"], restore: ["a.txt"], remove: [] }],
    ["refuses a delete of a locked file (a move leaves a copy)", [del("a.txt"), write("moved.txt")], { allowed: ["write moved.txt"], refused: ["a.txt"], restore: ["a.txt"], remove: [] }],
    ["refuses a new file in a locked folder and removes it", [write("config/new.json")], { allowed: [], refused: ["config"], restore: [], remove: ["config/new.json"] }],
    ["refuses deleting a locked folder and restores all of it", [del("config")], { allowed: [], refused: ["config"], restore: ["config", "config/app.json"], remove: [] }],
    [
      "deletes the rest of a folder holding a locked file",
      [del("src")],
      { allowed: ["delete src/deep", "delete src/gone.ts"], refused: ["src/keep.ts"], restore: ["src/keep.ts"], remove: [] },
    ],
    [
      "refuses a file put where a folder holding a locked file was",
      [del("src"), write("src")],
      { allowed: ["delete src/deep", "delete src/gone.ts"], refused: ["src/keep.ts"], restore: ["src/keep.ts"], remove: ["src"] },
    ],
    ["lets a new folder be made beside locked files", [mkdir("src/new")], { allowed: ["mkdir src/new"], refused: [], restore: [], remove: [] }],
  ])("%s", (_name, changes, expected) => {
    expect(summary(changes)).toEqual(expected);
  });

  it("reads the base tree only when something is refused", () => {
    let reads = 0;
    planLockedWrites({ changes: [write("b.txt")], locked, base: () => (reads++, base) });
    expect(reads).toBe(0);
  });
});
