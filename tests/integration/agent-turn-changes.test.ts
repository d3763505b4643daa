import { describe, expect, it } from "vitest";
import { GET as getChanges } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/changes/route";
import { POST as createSession } from "@/app/api/projects/[projectId]/agent/sessions/route";
import { GET as getBlob } from "@/app/api/projects/[projectId]/blobs/[hash]/route";
import type { ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { newAgentProject, sendChat, userPrompt, withScriptedModel } from "./agent-helpers";
import { call, type TestUser } from "./helpers";

// The turn's change list carries paths, counts, sizes and hashes, never the texts: its size follows
// the number of files the turn changed, not their size nor the project's (issue 13: it used to send
// both full texts, 178 kB for ten one-line changes).

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Changes", (context) => ({ server, user } = context));

const line = (n: number) => `export const value${n} = ${n}; // ${"x".repeat(60)}\n`;
const text = (lines: number) => Array.from({ length: lines }, (_, n) => line(n)).join("");
const appendLine = (content: string) => `${content}// changed by the agent\n`;

/** One turn, in a chat of its own (a long chat would be compacted first, a model call of its own). */
async function turnWriting(projectId: string, files: Record<string, string>) {
  const sessionId = (await call(createSession, { user, params: { projectId }, json: {} })).data.session.id as string;
  server.push(
    { toolCalls: Object.entries(files).map(([path, content]) => ({ name: "write_file", args: { path, content, overwrite: true } })) },
    { text: "Done." },
  );
  const turn = await sendChat(user, projectId, sessionId, userPrompt("change them"));
  expect(turn.chunks.at(-1)!.messageMetadata.status).toBe("completed");
  const res = await call(getChanges, { user, params: { projectId, turnId: turn.turnId } });
  expect(res.status).toBe(200);
  return { files: res.data.files as { path: string; before: string; after: string; size: number; additions: number; deletions: number }[], bytes: JSON.stringify(res.data).length };
}

describe("a turn's change list", () => {
  it("grows with the number of changed files, not with their size or the project's", async () => {
    const small = text(10);
    const big = text(3_000);
    const project: Record<string, string> = { "big.ts": big };
    for (let i = 0; i < 60; i++) project[`src/f${String(i).padStart(2, "0")}.ts`] = small;
    const { projectId } = await newAgentProject(user, project);

    const one = await turnWriting(projectId, { "src/f00.ts": appendLine(small) });
    const tenPaths = Array.from({ length: 10 }, (_, i) => `src/f${String(i + 10).padStart(2, "0")}.ts`);
    const ten = await turnWriting(projectId, Object.fromEntries(tenPaths.map((p) => [p, appendLine(small)])));
    const oneBig = await turnWriting(projectId, { "big.ts": appendLine(big) });

    expect(one.files).toMatchObject([{ path: "src/f00.ts", change: "modified", additions: 1, deletions: 0, size: appendLine(small).length }]);
    expect(oneBig.files).toMatchObject([{ path: "big.ts", additions: 1, deletions: 0, size: appendLine(big).length }]);
    expect(ten.files.map((f) => f.path)).toEqual(tenPaths);
    // A 230 kB file answers what a 700-byte one does (give or take the digits of its size and name).
    expect(big.length).toBeGreaterThan(200_000);
    expect(Math.abs(oneBig.bytes - one.bytes)).toBeLessThan(20);
    // Each further file adds its own entry only: a path, two hashes, counts.
    const perFile = (ten.bytes - one.bytes) / 9;
    expect(perFile).toBeLessThan(300);
    expect(ten.bytes).toBeLessThan(one.bytes + 9 * 300);

    // The texts come from the blob route, by the hashes in the list.
    const blob = await call(getBlob, { user, params: { projectId, hash: oneBig.files[0]!.after } });
    expect(Buffer.from(blob.data as Uint8Array).toString()).toBe(appendLine(big));
    const before = await call(getBlob, { user, params: { projectId, hash: oneBig.files[0]!.before } });
    expect(Buffer.from(before.data as Uint8Array).toString()).toBe(big);
  });
});
