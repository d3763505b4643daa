import { beforeAll, describe, expect, it } from "vitest";
import { GET as headRoute } from "@/app/api/projects/[projectId]/head/route";
import * as execRoute from "@/app/api/projects/[projectId]/box/exec/route";
import * as rawRoute from "@/app/api/projects/[projectId]/files/raw/route";
import * as filesRoute from "@/app/api/projects/[projectId]/files/route";
import * as projectRoute from "@/app/api/projects/[projectId]/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as projectsRoute from "@/app/api/projects/route";
import * as tokenRoute from "@/app/api/tokens/[tokenId]/route";
import * as tokensRoute from "@/app/api/tokens/route";
import * as auditRoute from "@/app/api/workspaces/[workspaceId]/audit/route";
import { getDb } from "@/lib/db/client";
import { headEventSchema } from "@/lib/head-channel/types";
import { createBoxClient } from "@/lib/sandbox/box/client";
import { call, signUpUser, type TestUser } from "./helpers";

/** What a headless client sends: only its token, no cookie, no Origin. */
const asToken = (secret: string): TestUser => ({ userId: "", email: "", headers: new Headers({ authorization: `Bearer ${secret}`, host: "localhost:3000" }) });

async function personalWorkspaceId(user: TestUser) {
  const db = await getDb();
  return (await db.workspace.findUniqueOrThrow({ where: { personalFor: user.userId } })).id;
}

async function mintToken(user: TestUser, name: string, workspaceId?: string) {
  const res = await call(tokensRoute.POST, { user, json: { name, workspaceId } });
  expect(res.status).toBe(201);
  return { id: res.data.token.id as string, secret: res.data.secret as string, token: asToken(res.data.secret) };
}

async function newProject(user: TestUser, name: string) {
  const res = await call(projectsRoute.POST, { user, json: { name } });
  expect(res.status).toBe(201);
  return res.data.project as { id: string; headSnapshotId: string; workspaceId?: string };
}

/** The first `head` event of the project's channel after `since`, read as an EventSource would. */
async function nextHeadEvent(user: TestUser, projectId: string, since: string, trigger: () => Promise<unknown>) {
  const abort = new AbortController();
  const res = await headRoute(new Request(`http://localhost:3000/api/projects/${projectId}/head?since=${since}`, { headers: user.headers, signal: abort.signal }), {
    params: Promise.resolve({ projectId }),
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  await trigger();
  let buffer = "";
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const data = buffer.slice(0, end).split("\n").find((line) => line.startsWith("data: "));
        buffer = buffer.slice(end + 2);
        // Presence and turn events share the channel; the save is a `head` one.
        const event = data ? headEventSchema.parse(JSON.parse(data.slice(6))) : null;
        if (event?.type === "head") return event;
      }
    }
    throw new Error("the head channel closed without an event");
  } finally {
    abort.abort();
  }
}

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await signUpUser("Alice");
  bob = await signUpUser("Bob");
});

describe("API tokens on project routes", () => {
  it("lets a headless client create a project, save files, read them, run the box and follow the head", async () => {
    const { token } = await mintToken(alice, "headless");
    const project = await newProject(token, "made by a token");
    expect((await call(projectRoute.GET, { user: alice, params: { projectId: project.id } })).status).toBe(200);

    const saved = await call(saveRoute.POST, {
      user: token,
      params: { projectId: project.id },
      json: { baseSnapshotId: project.headSnapshotId, changes: [{ type: "write", path: "hello.txt", content: "hello from a token\n" }] },
    });
    expect(saved.status).toBe(200);
    const listing = await call(filesRoute.GET, { user: token, params: { projectId: project.id } });
    expect(listing.data.entries.map((e: { path: string }) => e.path)).toEqual(["hello.txt"]);
    const raw = await call(rawRoute.GET, { user: token, params: { projectId: project.id }, url: "/api/x?path=hello.txt" });
    expect(Buffer.from(raw.data).toString()).toBe("hello from a token\n");

    // The box: the token's command sees the saved file, and what it writes is saved to the project.
    const box = createBoxClient({
      projectId: project.id,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        token.headers.forEach((value, key) => headers.set(key, value));
        return execRoute.POST(new Request(new URL(String(input), "http://localhost:3000"), { ...init, headers }), { params: Promise.resolve({ projectId: project.id }) });
      }) as typeof fetch,
    });
    const ran = await box.exec("cat hello.txt && echo ran > ran.txt", { timeoutMs: 30_000 });
    expect(ran).toMatchObject({ exitCode: 0, stdout: "hello from a token\n" });
    await box.dispose();
    const afterRun = await call(rawRoute.GET, { user: token, params: { projectId: project.id }, url: "/api/x?path=ran.txt" });
    expect(Buffer.from(afterRun.data).toString()).toBe("ran\n");

    // The head channel: a token follows saves made by someone else.
    const head = (await call(projectRoute.GET, { user: token, params: { projectId: project.id } })).data.project.headSnapshotId as string;
    const event = await nextHeadEvent(token, project.id, head, () =>
      call(saveRoute.POST, { user: alice, params: { projectId: project.id }, json: { baseSnapshotId: head, changes: [{ type: "write", path: "live.txt", content: "live" }] } }),
    );
    expect(event).toMatchObject({ type: "head", from: head, changes: [{ op: "add", path: "live.txt" }] });
  });

  it("keeps a workspace-scoped token inside its workspace: 404 elsewhere, projects created and listed only there", async () => {
    const aliceWorkspace = await personalWorkspaceId(alice);
    const bobWorkspace = await personalWorkspaceId(bob);
    // Alice edits in Bob's workspace too, so only the token's scope stands between it and Bob's project.
    const db = await getDb();
    await db.membership.create({ data: { workspaceId: bobWorkspace, userId: alice.userId, role: "editor" } });
    const bobsProject = await newProject(bob, "bob's, shared with alice");
    expect((await call(projectRoute.GET, { user: alice, params: { projectId: bobsProject.id } })).status).toBe(200);

    const { token: scoped } = await mintToken(alice, "scoped", aliceWorkspace);
    const { token: unscoped } = await mintToken(alice, "everywhere");
    expect((await call(projectRoute.GET, { user: unscoped, params: { projectId: bobsProject.id } })).status).toBe(200);

    for (const res of [
      await call(projectRoute.GET, { user: scoped, params: { projectId: bobsProject.id } }),
      await call(filesRoute.GET, { user: scoped, params: { projectId: bobsProject.id } }),
      await call(saveRoute.POST, { user: scoped, params: { projectId: bobsProject.id }, json: { baseSnapshotId: bobsProject.headSnapshotId, changes: [{ type: "write", path: "x", content: "x" }] } }),
      await call(projectRoute.DELETE, { user: scoped, params: { projectId: bobsProject.id }, method: "DELETE" }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.data.error.code).toBe("not_found:project");
    }
    // The save route's role cache, filled by Alice's own session, does not let the scoped token through.
    await call(saveRoute.POST, { user: alice, params: { projectId: bobsProject.id }, json: { baseSnapshotId: bobsProject.headSnapshotId, changes: [{ type: "write", path: "by-alice", content: "a" }] } });
    const viaCache = await call(saveRoute.POST, { user: scoped, params: { projectId: bobsProject.id }, json: { baseSnapshotId: null, changes: [{ type: "write", path: "y", content: "y" }] } });
    expect(viaCache.status).toBe(404);
    expect((await call(filesRoute.GET, { user: bob, params: { projectId: bobsProject.id } })).data.entries.map((e: { path: string }) => e.path)).toEqual(["by-alice"]);

    const made = await newProject(scoped, "scoped project");
    expect((await db.project.findUniqueOrThrow({ where: { id: made.id } })).workspaceId).toBe(aliceWorkspace);
    const listed = (await call(projectsRoute.GET, { user: scoped })).data.projects.map((p: { id: string }) => p.id);
    expect(listed).toContain(made.id);
    expect(listed).not.toContain(bobsProject.id);
    expect((await call(auditRoute.GET, { user: scoped, params: { workspaceId: bobWorkspace } })).status).toBe(404);

    // Scoped to a workspace the person is not in: refused at creation.
    const carol = await signUpUser("Carol");
    const foreign = await call(tokensRoute.POST, { user: carol, json: { name: "sneaky", workspaceId: bobWorkspace } });
    expect(foreign.status).toBe(404);
    expect(foreign.data.error.code).toBe("not_found:workspace");
  });

  it("refuses a revoked token at once, even right after it was accepted", async () => {
    const { id, token } = await mintToken(alice, "soon revoked");
    const project = await newProject(token, "before revocation");
    expect((await call(projectRoute.GET, { user: token, params: { projectId: project.id } })).status).toBe(200);
    expect((await call(tokenRoute.DELETE, { user: alice, params: { tokenId: id }, method: "DELETE" })).status).toBe(200);
    const refused = await call(projectRoute.GET, { user: token, params: { projectId: project.id } });
    expect(refused.status).toBe(401);
    expect(refused.data.error.code).toBe("unauthorized:revoked_token");
    expect((await call(projectsRoute.POST, { user: token, json: { name: "after" } })).status).toBe(401);
  });

  it("cannot create or revoke tokens", async () => {
    const { id, token } = await mintToken(alice, "no minting");
    const minted = await call(tokensRoute.POST, { user: token, json: { name: "minted by a token" } });
    expect(minted.status).toBe(403);
    expect(minted.data.error.code).toBe("forbidden:api_token");
    expect((await call(tokenRoute.DELETE, { user: token, params: { tokenId: id }, method: "DELETE" })).status).toBe(403);
    const names = (await call(tokensRoute.GET, { user: alice })).data.tokens.map((t: { name: string }) => t.name);
    expect(names).not.toContain("minted by a token");
  });
});
