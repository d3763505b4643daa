import { describe, expect, it, vi } from "vitest";
import { loadSandbox, SandboxError, type Sandbox } from "@/lib/sandbox";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import { createUnavailableSandbox } from "@/lib/sandbox/unavailable-sandbox";

const files = [{ path: "a.txt", kind: "file" as const, content: "a" }];
const ready = (kind: "webcontainer" | "box"): Sandbox => ({ ...createMemorySandbox({ files }), kind });

describe("loadSandbox", () => {
  it("uses WebContainer when it is ready", async () => {
    const box = vi.fn(async () => ready("box"));
    const loaded = await loadSandbox({ preferred: "webcontainer", files, backends: { box, webcontainer: async () => ready("webcontainer") } });
    expect(loaded).toMatchObject({ runtime: "webcontainer" });
    expect(loaded.webcontainerUnavailable).toBeUndefined();
    expect(box).not.toHaveBeenCalled();
  });

  it("falls back to the box when WebContainer is unavailable, says why and disposes the dead one", async () => {
    const dead = createUnavailableSandbox({ kind: "webcontainer", reason: "timeout", message: "did not start; use the offline box" });
    const statuses: string[] = [];
    const loaded = await loadSandbox({
      preferred: "webcontainer",
      files,
      onStatus: (s) => statuses.push(`${s.runtime}:${s.state}`),
      backends: { box: async () => ready("box"), webcontainer: async () => dead },
    });
    expect(loaded).toMatchObject({ runtime: "box", webcontainerUnavailable: { reason: "timeout", message: "did not start; use the offline box" } });
    expect(dead.status()).toEqual({ state: "disposed" });
    expect(statuses).toEqual(["box:booting", "box:ready"]);
  });

  it("falls back with reason network when the WebContainer chunk fails to load", async () => {
    const loaded = await loadSandbox({
      preferred: "webcontainer",
      files,
      backends: { box: async () => ready("box"), webcontainer: async () => Promise.reject(new Error("ChunkLoadError")) },
    });
    expect(loaded).toMatchObject({ runtime: "box", webcontainerUnavailable: { reason: "network" } });
  });

  it("does not fall back for a seed the box would refuse too", async () => {
    const box = vi.fn(async () => ready("box"));
    const refuse = async (): Promise<Sandbox> => Promise.reject(new SandboxError("ELIMIT", "too many files"));
    await expect(loadSandbox({ preferred: "webcontainer", files, backends: { box, webcontainer: refuse } })).rejects.toMatchObject({ code: "ELIMIT" });
    expect(box).not.toHaveBeenCalled();
  });

  it("goes straight to the box when it is preferred", async () => {
    const webcontainer = vi.fn(async () => ready("webcontainer"));
    const loaded = await loadSandbox({ preferred: "box", files, backends: { box: async () => ready("box"), webcontainer } });
    expect(loaded).toMatchObject({ runtime: "box", webcontainerUnavailable: { reason: "disabled" } });
    expect(webcontainer).not.toHaveBeenCalled();
  });

  it("falls back from the real adapter on a page that is not cross-origin isolated (Node)", async () => {
    const loaded = await loadSandbox({ preferred: "webcontainer", files, bootTimeoutMs: 100, backends: { box: async () => ready("box") } });
    expect(loaded).toMatchObject({ runtime: "box", webcontainerUnavailable: { reason: "not_isolated" } });
  });
});
