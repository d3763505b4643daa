import type { UIMessageChunk } from "ai";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AgentUIMessage } from "@/lib/agent/ui-types";

// The owner's side of a followed turn: what it appends for followers, batch by batch, and where it
// stops. The database is replaced by a recording of the appends.
const appended: { turnId: string; seq: number; chunks: UIMessageChunk[]; final: boolean }[] = [];
let failAppends = false;
vi.mock("@/lib/agent/turn-stream-store", () => ({
  nextTurnChunkSeq: async () => 3,
  appendTurnChunks: async ({ turnId, seq, chunks, final }: { turnId: string; seq: number; chunks: string; final: boolean }) => {
    if (failAppends) throw new Error("database away");
    appended.push({ turnId, seq, chunks: JSON.parse(chunks) as UIMessageChunk[], final });
  },
}));

const { createTurnStreamWriter, turnStreamLimits } = await import("@/lib/agent/turn-stream-writer");
const defaults = { ...turnStreamLimits };
const base = { id: "msg-1", role: "assistant", parts: [] } as unknown as AgentUIMessage;
const text = (delta: string) => ({ type: "text-delta", id: "t", delta }) as UIMessageChunk;
const output = (toolCallId: string, chars: number) => ({ type: "data-tool-output", data: { toolCallId, stream: "stdout", text: "x".repeat(chars) }, transient: true }) as UIMessageChunk;

beforeEach(() => {
  appended.length = 0;
  failAppends = false;
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  Object.assign(turnStreamLimits, defaults);
  vi.restoreAllMocks();
});

describe("the live stream a turn keeps for followers", () => {
  it("appends numbered batches after those already kept, the base message first, the last one marked final", async () => {
    turnStreamLimits.batchChunks = 2;
    const writer = createTurnStreamWriter({ turnId: "turn-1", base });
    writer.push(text("a"));
    writer.push(text("b"));
    writer.push(text("c"));
    await writer.close();
    // Two full batches, then the end (nothing left to send with it).
    expect(appended.map((b) => b.seq)).toEqual([3, 4, 5]);
    expect(appended.map((b) => b.final)).toEqual([false, false, true]);
    expect(appended.flatMap((b) => b.chunks)).toEqual([{ type: "data-turn-base", data: { message: base }, transient: true }, text("a"), text("b"), text("c")]);
    writer.push(text("after the end"));
    await writer.close();
    expect(appended).toHaveLength(3);
  });

  it("keeps command output up to its bound, then says once per call that the rest shows when the call ends", async () => {
    turnStreamLimits.outputChars = 100;
    const writer = createTurnStreamWriter({ turnId: "turn-2", base });
    writer.push(output("call-a", 80));
    writer.push(output("call-a", 80));
    writer.push(output("call-a", 80));
    writer.push(output("call-b", 10));
    writer.push(text("still kept"));
    await writer.close();
    const outputs = appended.flatMap((b) => b.chunks).filter((c) => c.type === "data-tool-output") as { data: { toolCallId: string; text: string } }[];
    expect(outputs.map((c) => c.data.toolCallId)).toEqual(["call-a", "call-a", "call-b"]);
    expect(outputs[1]!.data.text).toMatch(/the rest shows when the call ends/);
    expect(outputs[2]!.data.text).toMatch(/the rest shows when the call ends/);
    expect(appended.flatMap((b) => b.chunks)).toContainEqual(text("still kept"));
  });

  it("ends the kept stream where it passes its bound, so followers load the turn as stored", async () => {
    turnStreamLimits.turnChars = 200;
    const writer = createTurnStreamWriter({ turnId: "turn-3", base });
    writer.push(text("y".repeat(50)));
    writer.push(text("z".repeat(200)));
    writer.push(text("never kept"));
    await writer.close();
    expect(appended.at(-1)!.final).toBe(true);
    expect(appended.filter((b) => b.final)).toHaveLength(1);
    const kept = JSON.stringify(appended.flatMap((b) => b.chunks));
    expect(kept).toContain("y".repeat(50));
    expect(kept).not.toContain("z".repeat(200));
    expect(kept).not.toContain("never kept");
  });

  it("writes nothing more after a failed write (followers must not see a gap)", async () => {
    turnStreamLimits.batchChunks = 1;
    const writer = createTurnStreamWriter({ turnId: "turn-4", base });
    await vi.waitFor(() => expect(appended).toHaveLength(1));
    failAppends = true;
    writer.push(text("lost"));
    await vi.waitFor(() => expect(console.error).toHaveBeenCalled());
    failAppends = false;
    writer.push(text("not after the gap"));
    await writer.close();
    expect(appended).toHaveLength(1);
  });
});
