import { describe, expect, it } from "vitest";
import { FileMirror } from "@/lib/sandbox/box/host/file-mirror";

const bytes = (text: string) => new TextEncoder().encode(text);
const seed = () =>
  new FileMirror([
    { kind: "file", path: "src/a.ts", data: bytes("a") },
    { kind: "file", path: "src/lib/b.ts", data: bytes("b") },
    { kind: "dir", path: "empty" },
  ]);

describe("FileMirror", () => {
  it("turns reported changes into events, ignoring no-ops and excluded folders", () => {
    const mirror = seed();
    expect(mirror.apply({ kind: "file", path: "src/a.ts", data: bytes("a") })).toEqual([]);
    expect(mirror.apply({ kind: "file", path: "src/a.ts", data: bytes("a2") })).toEqual([{ type: "file", change: "changed", path: "src/a.ts", kind: "file" }]);
    expect(mirror.apply({ kind: "dir", path: "src/new" })).toEqual([{ type: "file", change: "created", path: "src/new", kind: "dir" }]);
    expect(mirror.apply({ kind: "deleted", path: "empty" })).toEqual([{ type: "file", change: "deleted", path: "empty", kind: "dir" }]);
    expect(mirror.apply({ kind: "file", path: "node_modules/x/index.js", data: bytes("x") })).toEqual([]);
    expect(mirror.size).toEqual({ files: 3, bytes: 4 });
  });

  it.each([
    ["nothing changed", [], []],
    ["a write", [{ kind: "file", path: "n.txt", data: bytes("n") }], [{ type: "write", path: "n.txt", content: bytes("n") }]],
    ["a change reverted", [{ kind: "file", path: "src/a.ts", data: bytes("x") }, { kind: "file", path: "src/a.ts", data: bytes("a") }], []],
    ["a file created then deleted", [{ kind: "file", path: "t.txt", data: bytes("t") }, { kind: "deleted", path: "t.txt" }], []],
    [
      "a folder deleted with its files, as one delete",
      [{ kind: "deleted", path: "src/lib/b.ts" }, { kind: "deleted", path: "src/lib" }],
      [{ type: "delete", path: "src/lib" }],
    ],
    ["an empty new folder", [{ kind: "dir", path: "assets" }], [{ type: "mkdir", path: "assets" }]],
    [
      "a new folder with a file: the write is enough",
      [{ kind: "dir", path: "gen" }, { kind: "file", path: "gen/f.txt", data: bytes("f") }],
      [{ type: "write", path: "gen/f.txt", content: bytes("f") }],
    ],
    [
      "a file replaced by a folder",
      [{ kind: "deleted", path: "src/a.ts" }, { kind: "dir", path: "src/a.ts" }],
      [{ type: "delete", path: "src/a.ts" }, { type: "mkdir", path: "src/a.ts" }],
    ],
    ["dependencies are never saved", [{ kind: "file", path: "node_modules/p/i.js", data: bytes("p") }], []],
  ] as const)("takes %s", (_name, changes, expected) => {
    const mirror = seed();
    for (const change of changes) mirror.apply(change);
    expect(mirror.takeChanges()).toEqual(expected);
    expect(mirror.takeChanges()).toEqual([]);
  });

  it("re-seeds a box with everything, folders first", () => {
    const mirror = seed();
    mirror.apply({ kind: "deleted", path: "src/lib/b.ts" });
    expect(mirror.entries().map((e) => `${e.kind}:${e.path}`)).toEqual(["dir:src", "dir:empty", "dir:src/lib", "file:src/a.ts"]);
  });
});
