import { describe, expect, it } from "vitest";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import { SandboxError } from "@/lib/sandbox/types";
import { runSandboxContract } from "../contract/sandbox-contract";

runSandboxContract("memory", async ({ files, limits }) => ({ sandbox: createMemorySandbox({ files, limits }) }));

describe("createMemorySandbox", () => {
  it("refuses a seed over the project limits", () => {
    const files = [
      { path: "a.txt", kind: "file" as const, content: "a" },
      { path: "b.txt", kind: "file" as const, content: "b" },
    ];
    expect(() => createMemorySandbox({ files, limits: { projectFiles: 1 } })).toThrow(SandboxError);
    expect(() => createMemorySandbox({ files: [{ path: "../x", kind: "dir" }] })).toThrow(/Invalid path/);
    expect(() =>
      createMemorySandbox({ files: [{ path: "a", kind: "file", content: "" }, { path: "a/b", kind: "dir" }] }),
    ).toThrow(/which is a file/);
  });

  it("lets tests raise runtime events", () => {
    const sandbox = createMemorySandbox();
    const seen: unknown[] = [];
    sandbox.onEvent((e) => seen.push(e));
    sandbox.emit({ type: "server-ready", port: 3000, url: "http://localhost:3000" });
    expect(seen).toEqual([{ type: "server-ready", port: 3000, url: "http://localhost:3000" }]);
  });
});
