import { describe, expect, it } from "vitest";
import { GET as getSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/route";
import { GET as getChanges } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/changes/route";
import { GET as getFiles } from "@/app/api/projects/[projectId]/files/route";
import * as historyRoute from "@/app/api/projects/[projectId]/history/route";
import { POST as save } from "@/app/api/projects/[projectId]/save/route";
import { findPendingClientToolCalls, runClientToolCall, type AgentBrowserRuntime } from "@/lib/client/agent-client-tools";
import { createWebContainerSync } from "@/lib/client/sandbox-sync";
import { getDb } from "@/lib/db/client";
import type { TimelineEntry } from "@/lib/history/types";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import type { ProjectListing } from "@/lib/validation/projects";
import type { ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { newAgentProject, sendChat, userPrompt, withScriptedModel } from "./agent-helpers";
import { call, type TestUser } from "./helpers";

// A command the agent runs in the browser's WebContainer writes files there; the browser saves them
// through POST /save naming the turn, so the snapshot is the agent's and linked to the turn, as the
// box's flush saves it on the server. The server takes only a turn of the caller's own chat in the
// same project.

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Browser Turns", (context) => ({ server, user } = context));

async function listing(projectId: string): Promise<ProjectListing> {
  const res = await call(getFiles, { user, params: { projectId } });
  expect(res.status).toBe(200);
  return res.data;
}

/** The page's side: a sandbox (the faithful in-memory one) kept in step with the project by the real sync, saving through the route. */
async function browserFor(projectId: string) {
  let current = await listing(projectId);
  // The project's files each hold their own path and a newline (see the projects below).
  const sandbox = createMemorySandbox({
    files: current.entries.map((e) => (e.kind === "dir" ? { path: e.path, kind: "dir" as const } : { path: e.path, kind: "file" as const, content: `${e.path}\n` })),
  });
  const saves: { turnId?: string; status: number }[] = [];
  const sync = createWebContainerSync({
    getListing: () => current,
    save: async ({ changes, baseSnapshotId, turnId }) => {
      const res = await call(save, { user, params: { projectId }, json: { baseSnapshotId, changes, ...(turnId ? { turnId } : {}) } });
      saves.push({ turnId, status: res.status });
      if (res.status === 409) return "conflict";
      if (res.status !== 200) return "failed";
      current = await listing(projectId);
      return "saved";
    },
    readFiles: async () => new Map(),
    notify: { error: (message) => expect.fail(message), info: () => {} },
    quietMs: 10,
    maxWaitMs: 50,
    reconcileEveryMs: 60_000,
  });
  sync.attach(sandbox);
  const browser: AgentBrowserRuntime = {
    state: "ready",
    sandbox,
    catchUp: async () => true,
    saveChanges: () => sync.flush(),
    attributeSaves: (turnId) => sync.attribute(turnId),
  };
  return { browser, sandbox, sync, saves };
}

describe("files an agent command wrote in WebContainer", () => {
  it("are saved as the agent's snapshot of that turn, shown in the timeline and the turn's changes", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.txt": "a.txt\n" });
    const page = await browserFor(projectId);
    server.push({ toolCalls: [{ name: "run_command", args: { command: "echo built > out.txt" }, id: "call_wc" }] }, { text: "Built it." });
    const first = await sendChat(user, projectId, sessionId, { ...userPrompt("build it"), runtime: "webcontainer" });
    expect(first.chunks.at(-1)!.messageMetadata.status).toBe("awaiting_client");

    const messages = (await call(getSession, { user, params: { projectId, sessionId } })).data.messages;
    const [pending] = findPendingClientToolCalls({ messages });
    expect(pending).toMatchObject({ toolCallId: "call_wc", turnId: first.turnId });
    const result = await runClientToolCall({ call: pending!, browser: page.browser });
    expect(result).toMatchObject({ state: "output-available", output: { exitCode: 0 } });
    expect(page.saves).toEqual([{ turnId: first.turnId, status: 200 }]);

    const db = await getDb();
    const head = await db.snapshot.findFirstOrThrow({ where: { projectId }, orderBy: { createdAt: "desc" } });
    expect(head).toMatchObject({ author: "agent", turnId: first.turnId, userId: user.userId });

    // The person's own later changes in the sandbox are theirs again.
    await page.sandbox.writeFile("mine.txt", new TextEncoder().encode("typed in the terminal\n"));
    await page.sync.flush();
    expect(page.saves.at(-1)).toEqual({ turnId: undefined, status: 200 });
    const mine = await db.snapshot.findFirstOrThrow({ where: { projectId }, orderBy: { createdAt: "desc" } });
    expect(mine).toMatchObject({ author: "user", turnId: null });

    // The timeline names the turn; the turn's changes list the file its command wrote.
    const entries: TimelineEntry[] = (await call(historyRoute.GET, { user, params: { projectId }, url: `/api/projects/${projectId}/history?limit=10` })).data.entries;
    expect(entries.find((e) => e.id === head.id)!.author).toMatchObject({ kind: "agent", turn: { id: first.turnId, sessionId } });
    const answered = messages.at(-1);
    answered.parts = answered.parts.map((p: { toolCallId?: string }) => (p.toolCallId === "call_wc" ? { ...p, state: "output-available", output: (result as { output: unknown }).output } : p));
    const second = await sendChat(user, projectId, sessionId, { message: answered, trigger: "submit-message", runtime: "webcontainer" });
    expect(second.chunks.at(-1)!.messageMetadata.status).toBe("completed");
    const changes = await call(getChanges, { user, params: { projectId, turnId: first.turnId } });
    expect(changes.data.files.map((f: { path: string }) => f.path)).toContain("out.txt");
    page.sync.dispose();
  });

  it.each([
    ["a turn of another project", "other"],
    ["a turn that does not exist", "missing"],
  ] as const)("refuses %s with 404, saving nothing", async (_, which) => {
    const { projectId, head } = await newAgentProject(user, { "a.txt": "a\n" });
    let turnId = "no-such-turn";
    if (which === "other") {
      const other = await newAgentProject(user, { "b.txt": "b\n" });
      server.push({ text: "Hello." });
      turnId = (await sendChat(user, other.projectId, other.sessionId, userPrompt("hi"))).turnId;
    }
    const res = await call(save, { user, params: { projectId }, json: { baseSnapshotId: head, turnId, changes: [{ type: "write", path: "x.txt", content: "x" }] } });
    expect(res.status).toBe(404);
    expect(res.data.error).toMatchObject({ code: "not_found:turn", message: expect.stringContaining("does not exist or is not yours") });
    const db = await getDb();
    expect((await db.project.findUniqueOrThrow({ where: { id: projectId } })).headSnapshotId).toBe(head);
  });
});
