import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as forkRoute from "@/app/api/projects/[projectId]/fork/route";
import * as linkRoute from "@/app/api/projects/[projectId]/links/[linkId]/route";
import * as linksRoute from "@/app/api/projects/[projectId]/links/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as filesRoute from "@/app/api/projects/[projectId]/files/route";
import * as projectsRoute from "@/app/api/projects/route";
import * as shareForkRoute from "@/app/api/share/[token]/fork/route";
import * as shareRawRoute from "@/app/api/share/[token]/files/raw/route";
import * as shareFilesRoute from "@/app/api/share/[token]/files/route";
import * as shareHeadRoute from "@/app/api/share/[token]/head/route";
import * as shareRoute from "@/app/api/share/[token]/route";
import { getDb } from "@/lib/db/client";
import { createWorkspace } from "@/lib/workspaces/lifecycle";
import { call, signUpUser, type TestUser } from "./helpers";
import { withOwnDatabase } from "./own-database";

// The constant-time compare is observed, not assumed: the real one runs, counted.
vi.hoisted(() => {
  // Wrong link tokens here share one count with other files on the test database (addresses are
  // unknown in process); the limit has a test of its own (share-rate-limit.test.ts).
  process.env.LINK_RATE_LIMIT_MAX = "100000";
});
const crypto = vi.hoisted(() => ({ timingSafeEqualCalls: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  const timingSafeEqual: typeof actual.timingSafeEqual = (a, b) => {
    crypto.timingSafeEqualCalls++;
    return actual.timingSafeEqual(a, b);
  };
  return { ...actual, default: { ...actual, timingSafeEqual }, timingSafeEqual };
});

// Fork counts every row of three tables before and after; other files must not write meanwhile.
withOwnDatabase();

let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let aliceWorkspace: string;
let bobWorkspace: string;

beforeAll(async () => {
  alice = await signUpUser("Alice");
  bob = await signUpUser("Bob");
  carol = await signUpUser("Carol");
  const db = await getDb();
  aliceWorkspace = (await db.membership.findFirstOrThrow({ where: { userId: alice.userId } })).workspaceId;
  bobWorkspace = (await db.membership.findFirstOrThrow({ where: { userId: bob.userId } })).workspaceId;
});

async function newProject(user: TestUser, name: string) {
  const res = await call(projectsRoute.POST, { user, json: { name } });
  expect(res.status).toBe(201);
  return res.data.project as { id: string; headSnapshotId: string };
}

async function save(user: TestUser, projectId: string, base: string, files: Record<string, string>): Promise<string> {
  const changes = Object.entries(files).map(([path, content]) => ({ type: "write", path, content }));
  const res = await call(saveRoute.POST, { user, params: { projectId }, json: { baseSnapshotId: base, changes } });
  expect(res.status).toBe(200);
  return res.data.snapshotId;
}

async function makeLink(user: TestUser, projectId: string, body: { access: "view" | "fork"; snapshotId?: string; expiresAt?: string }) {
  const res = await call(linksRoute.POST, { user, params: { projectId }, json: body });
  expect(res.status).toBe(201);
  return res.data as { token: string; link: { id: string } };
}

type ShareHandler = (req: Request, ctx: { params: Promise<{ token: string }> }) => Promise<Response>;

const share = (handler: ShareHandler, token: string, options: { user?: TestUser; url?: string; method?: string; json?: unknown } = {}) =>
  call(handler, { ...options, params: { token }, url: options.url ?? `/api/share/${token}` });

/** Opens a share link's head stream as EventSource would; `close` ends it. */
async function openShareHead(token: string, since?: string) {
  const abort = new AbortController();
  const url = `http://localhost:3000/api/share/${token}/head${since ? `?since=${since}` : ""}`;
  const res = await shareHeadRoute.GET(new Request(url, { signal: abort.signal }), { params: Promise.resolve({ token }) });
  return { res, close: () => abort.abort() };
}

/** Reads a share head stream until `count` events arrived (comments skipped). */
async function readEvents(res: Response, count: number) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: any }[] = [];
  let buffer = "";
  while (events.length < count) {
    const chunk = await reader.read();
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = block.split("\n").find((l) => l.startsWith("event: "));
      const data = block.split("\n").find((l) => l.startsWith("data: "));
      if (event && data) events.push({ event: event.slice(7), data: JSON.parse(data.slice(6)) });
    }
  }
  await reader.cancel();
  return events;
}

describe("share link tokens", () => {
  it("are 256 random bits in base64url, stored only as their sha256, and checked with a constant-time compare", async () => {
    const project = await newProject(alice, "tokens");
    const { token, link } = await makeLink(alice, project.id, { access: "view" });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url").length).toBe(32);
    const row = await (await getDb()).shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    // Listing the links never shows a token again.
    const listed = await call(linksRoute.GET, { user: alice, params: { projectId: project.id } });
    expect(JSON.stringify(listed.data)).not.toContain(token);
    expect(JSON.stringify(listed.data)).not.toContain(row.tokenHash);

    const before = crypto.timingSafeEqualCalls;
    expect((await share(shareRoute.GET, token)).status).toBe(200);
    expect(crypto.timingSafeEqualCalls).toBeGreaterThan(before);
  });

  it("answer wrong, malformed, revoked and expired tokens with the same 404, byte for byte, on every share route", async () => {
    const project = await newProject(alice, "uniform");
    await save(alice, project.id, project.headSnapshotId, { "a.txt": "uniform 404\n" });
    const revoked = await makeLink(alice, project.id, { access: "fork" });
    expect((await call(linkRoute.DELETE, { user: alice, params: { projectId: project.id, linkId: revoked.link.id }, method: "DELETE" })).status).toBe(200);
    const expired = await makeLink(alice, project.id, { access: "fork", expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await (await getDb()).shareLink.update({ where: { id: expired.link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const working = await makeLink(alice, project.id, { access: "fork" });
    const wrong = working.token.slice(0, -1) + (working.token.endsWith("A") ? "B" : "A");

    const tokens = { wrong, malformed: "nope", revoked: revoked.token, expired: expired.token };
    const routes: [string, ShareHandler, string, string?][] = [
      ["link", shareRoute.GET, ""],
      ["files", shareFilesRoute.GET, "/files"],
      ["raw", shareRawRoute.GET, "/files/raw?path=a.txt"],
      ["head", shareHeadRoute.GET, "/head"],
      ["fork", shareForkRoute.POST, "/fork", "POST"],
    ];
    for (const [name, handler, suffix, method] of routes) {
      const answers = [];
      for (const token of Object.values(tokens)) {
        const res = await share(handler, token, { user: bob, url: `/api/share/${token}${suffix}`, method });
        answers.push({ status: res.status, body: res.data });
      }
      expect(answers[0], name).toEqual({ status: 404, body: { error: { code: "not_found:link", message: expect.any(String) } } });
      for (const answer of answers) expect(answer, name).toEqual(answers[0]);
      if (name === "head") {
        const open = await openShareHead(working.token);
        expect(open.res.status, name).toBe(200);
        open.close();
      } else {
        const ok = await share(handler, working.token, { user: bob, url: `/api/share/${working.token}${suffix}`, method });
        expect(ok.status, name).toBeLessThan(300);
      }
    }
  });

  it("are made, listed and revoked only by admins and owners of the project's workspace", async () => {
    const project = await newProject(alice, "who shares");
    const db = await getDb();
    await db.membership.create({ data: { workspaceId: aliceWorkspace, userId: carol.userId, role: "editor" } });
    try {
      const asEditor = await call(linksRoute.POST, { user: carol, params: { projectId: project.id }, json: { access: "view" } });
      expect(asEditor.status).toBe(403);
      expect((await call(linksRoute.GET, { user: carol, params: { projectId: project.id } })).status).toBe(403);
      const asStranger = await call(linksRoute.POST, { user: bob, params: { projectId: project.id }, json: { access: "view" } });
      expect(asStranger.status).toBe(404);
      const { link } = await makeLink(alice, project.id, { access: "view" });
      const revokeAsEditor = await call(linkRoute.DELETE, { user: carol, params: { projectId: project.id, linkId: link.id }, method: "DELETE" });
      expect(revokeAsEditor.status).toBe(403);
    } finally {
      await db.membership.delete({ where: { workspaceId_userId: { workspaceId: aliceWorkspace, userId: carol.userId } } });
    }
  });
});

describe("what a link shows", () => {
  it("a pinned link serves only its snapshot and never a later head; a live link follows the head, live", async () => {
    const project = await newProject(alice, "pinned and live");
    const first = await save(alice, project.id, project.headSnapshotId, { "page.txt": "pinned version\n" });
    const pinned = await makeLink(alice, project.id, { access: "view", snapshotId: first });
    const live = await makeLink(alice, project.id, { access: "view" });
    const second = await save(alice, project.id, first, { "page.txt": "later version\n", "new.txt": "only later\n" });

    const pinnedView = await share(shareRoute.GET, pinned.token);
    expect(pinnedView.data).toEqual({ projectName: "pinned and live", access: "view", pinned: true, snapshotId: first });
    const pinnedFiles = await share(shareFilesRoute.GET, pinned.token, { url: `/api/share/${pinned.token}/files` });
    expect(pinnedFiles.data.entries.map((e: { path: string }) => e.path)).toEqual(["page.txt"]);
    const pinnedRaw = await share(shareRawRoute.GET, pinned.token, { url: `/api/share/${pinned.token}/files/raw?path=page.txt` });
    expect(Buffer.from(pinnedRaw.data).toString()).toBe("pinned version\n");
    const laterThroughPinned = await share(shareFilesRoute.GET, pinned.token, { url: `/api/share/${pinned.token}/files?snapshotId=${second}` });
    expect(laterThroughPinned.status).toBe(404);
    expect(laterThroughPinned.data.error.code).toBe("not_found:link");
    const pinnedHead = await openShareHead(pinned.token);
    expect(pinnedHead.res.status).toBe(409);

    const liveRaw = await share(shareRawRoute.GET, live.token, { url: `/api/share/${live.token}/files/raw?path=page.txt` });
    expect(Buffer.from(liveRaw.data).toString()).toBe("later version\n");

    const { res, close } = await openShareHead(live.token, second);
    expect(res.status).toBe(200);
    const events = readEvents(res, 1);
    const third = await save(alice, project.id, second, { "page.txt": "third version\n" });
    const [moved] = await events;
    close();
    expect(moved).toMatchObject({ event: "head", data: { type: "head", from: second, to: third, author: { kind: "user", userId: null } } });
  });

  it("an open head stream of a link revoked meanwhile ends at the next head move instead of sending it", async () => {
    const project = await newProject(alice, "revoked while open");
    const first = await save(alice, project.id, project.headSnapshotId, { "r.txt": "before revoke\n" });
    const live = await makeLink(alice, project.id, { access: "view" });
    const { res, close } = await openShareHead(live.token, first);
    expect(res.status).toBe(200);
    const events = readEvents(res, 1);
    await call(linkRoute.DELETE, { user: alice, params: { projectId: project.id, linkId: live.link.id }, method: "DELETE" });
    await save(alice, project.id, first, { "r.txt": "after revoke\n" });
    expect(await events).toEqual([]);
    close();
  });

  it("never reveals the workspace, its people, other projects or agent sessions", async () => {
    const project = await newProject(alice, "private neighbours");
    const other = await newProject(alice, "the other project");
    const otherHead = await save(alice, other.id, other.headSnapshotId, { "secret.txt": "other project's secret\n" });
    await save(alice, project.id, project.headSnapshotId, { "shown.txt": "shown through a link\n" });
    const db = await getDb();
    const session = await db.agentSession.create({ data: { projectId: project.id, userId: alice.userId, title: "Alice's chat", state: {} } });
    const { token } = await makeLink(alice, project.id, { access: "fork" });

    const answers = [
      await share(shareRoute.GET, token),
      await share(shareFilesRoute.GET, token, { url: `/api/share/${token}/files` }),
    ];
    for (const answer of answers) {
      const text = JSON.stringify(answer.data);
      for (const hidden of [aliceWorkspace, alice.userId, alice.email, other.id, session.id, "Alice"]) expect(text).not.toContain(hidden);
    }
    // Another project's snapshot through this link: as unknown as a wrong token.
    const otherThroughLink = await share(shareFilesRoute.GET, token, { url: `/api/share/${token}/files?snapshotId=${otherHead}` });
    expect(otherThroughLink.status).toBe(404);
    const otherRaw = await share(shareRawRoute.GET, token, { url: `/api/share/${token}/files/raw?path=secret.txt&snapshotId=${otherHead}` });
    expect(otherRaw.status).toBe(404);
  });

  it("a link to a project of a deleted team answers like a wrong token until the team is restored", async () => {
    const team = await createWorkspace({ caller: { userId: alice.userId, name: "Alice", email: alice.email }, name: "Doomed team" });
    const res = await call(projectsRoute.POST, { user: alice, json: { name: "team project", workspaceId: team.id } });
    expect(res.status).toBe(201);
    const { token } = await makeLink(alice, res.data.project.id, { access: "fork" });
    const db = await getDb();
    await db.workspace.update({ where: { id: team.id }, data: { deletedAt: new Date() } });
    const hidden = await share(shareRoute.GET, token);
    expect(hidden).toMatchObject({ status: 404, data: { error: { code: "not_found:link" } } });
    await db.workspace.update({ where: { id: team.id }, data: { deletedAt: null } });
    expect((await share(shareRoute.GET, token)).status).toBe(200);
  });

  it("a view link grants nothing on the project's own routes: no save, no agent, no box, for visitors signed in or not", async () => {
    const project = await newProject(alice, "view only");
    await makeLink(alice, project.id, { access: "view" });
    const saveAsVisitor = await call(saveRoute.POST, { user: bob, params: { projectId: project.id }, json: { baseSnapshotId: project.headSnapshotId, changes: [] } });
    expect(saveAsVisitor.status).toBe(404);
    const saveSignedOut = await call(saveRoute.POST, { params: { projectId: project.id }, json: { baseSnapshotId: project.headSnapshotId, changes: [] } });
    expect(saveSignedOut.status).toBe(401);
    const { POST: agentSessions } = await import("@/app/api/projects/[projectId]/agent/sessions/route");
    expect((await call(agentSessions, { user: bob, params: { projectId: project.id }, json: {} })).status).toBe(404);
    const { POST: boxExec } = await import("@/app/api/projects/[projectId]/box/exec/route");
    expect((await call(boxExec as never, { user: bob, params: { projectId: project.id }, json: { command: "ls" } })).status).toBe(404);
    expect((await call(filesRoute.GET, { user: bob, params: { projectId: project.id } })).status).toBe(404);
  });
});

describe("fork", () => {
  async function counts() {
    const db = await getDb();
    return { projects: await db.project.count(), snapshots: await db.snapshot.count(), objects: await db.storedObject.count() };
  }

  it("copies a project in O(1): one project row, one snapshot row on the same root tree, no objects; lineage shows in both", async () => {
    const project = await newProject(alice, "fork source");
    const files = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`src/f${i}.txt`, `fork O(1) file ${i}\n`]));
    const head = await save(alice, project.id, project.headSnapshotId, files);
    const before = await counts();
    const res = await call(forkRoute.POST, { user: alice, params: { projectId: project.id }, json: { name: "my fork" } });
    expect(res.status).toBe(201);
    const after = await counts();
    expect(after).toEqual({ projects: before.projects + 1, snapshots: before.snapshots + 1, objects: before.objects });

    const db = await getDb();
    const fork = res.data.project;
    const [source, copy] = await Promise.all([
      db.snapshot.findUniqueOrThrow({ where: { id: head } }),
      db.snapshot.findUniqueOrThrow({ where: { id: fork.headSnapshotId } }),
    ]);
    expect(copy.rootTree).toBe(source.rootTree);
    expect(copy.fileCount).toBe(50);

    const forkLineage = await call(forkRoute.GET, { user: alice, params: { projectId: fork.id } });
    expect(forkLineage.data.forkedFrom).toEqual({ projectId: project.id, snapshotId: head, name: "fork source" });
    const sourceLineage = await call(forkRoute.GET, { user: alice, params: { projectId: project.id } });
    expect(sourceLineage.data.forks.map((f: { id: string }) => f.id)).toEqual([fork.id]);
    const listing = await call(filesRoute.GET, { user: alice, params: { projectId: fork.id } });
    expect(listing.data.entries.filter((e: { kind: string }) => e.kind === "file")).toHaveLength(50);
  });

  it("through a fork link needs a signed-in visitor, lands in their workspace, and keeps working after the link is revoked", async () => {
    const project = await newProject(alice, "shared for forking");
    const head = await save(alice, project.id, project.headSnapshotId, { "readme.md": "fork through a link\n" });
    const forkLink = await makeLink(alice, project.id, { access: "fork" });
    const viewLink = await makeLink(alice, project.id, { access: "view" });

    expect((await share(shareForkRoute.POST, forkLink.token, { method: "POST" })).status).toBe(401);
    const viaView = await share(shareForkRoute.POST, viewLink.token, { user: bob, method: "POST" });
    expect(viaView.status).toBe(403);

    const res = await share(shareForkRoute.POST, forkLink.token, { user: bob, method: "POST" });
    expect(res.status).toBe(201);
    const fork = res.data.project;
    expect(fork.workspaceId).toBe(bobWorkspace);
    // The visitor sees their fork; the source's members see it among the forks, the visitor not the source's.
    const bobLineage = await call(forkRoute.GET, { user: bob, params: { projectId: fork.id } });
    expect(bobLineage.data.forkedFrom).toMatchObject({ snapshotId: head, name: "shared for forking" });
    expect(bobLineage.data.forks).toEqual([]);
    expect((await call(forkRoute.GET, { user: bob, params: { projectId: project.id } })).status).toBe(404);
    const aliceLineage = await call(forkRoute.GET, { user: alice, params: { projectId: project.id } });
    expect(aliceLineage.data.forks.map((f: { id: string }) => f.id)).toContain(fork.id);

    await call(linkRoute.DELETE, { user: alice, params: { projectId: project.id, linkId: forkLink.link.id }, method: "DELETE" });
    expect((await share(shareRoute.GET, forkLink.token)).status).toBe(404);
    const next = await save(bob, fork.id, fork.headSnapshotId, { "readme.md": "mine now\n" });
    expect(next).toBeTruthy();
    const sourceRaw = await share(shareRawRoute.GET, viewLink.token, { url: `/api/share/${viewLink.token}/files/raw?path=readme.md` });
    expect(Buffer.from(sourceRaw.data).toString()).toBe("fork through a link\n");
  });

  it("into a workspace the caller cannot create projects in is refused, and writes nothing", async () => {
    const project = await newProject(alice, "refused fork");
    await save(alice, project.id, project.headSnapshotId, { "x.txt": "refused fork\n" });
    const { token } = await makeLink(alice, project.id, { access: "fork" });
    const db = await getDb();
    const before = await counts();
    const notMember = await share(shareForkRoute.POST, token, { user: bob, method: "POST", json: { workspaceId: aliceWorkspace } });
    expect(notMember.status).toBe(404);
    expect(notMember.data.error.code).toBe("not_found:workspace");
    await db.membership.create({ data: { workspaceId: bobWorkspace, userId: carol.userId, role: "viewer" } });
    try {
      const asViewer = await share(shareForkRoute.POST, token, { user: carol, method: "POST", json: { workspaceId: bobWorkspace } });
      expect(asViewer.status).toBe(403);
      const memberAsViewer = await call(forkRoute.POST, { user: carol, params: { projectId: project.id }, json: { workspaceId: bobWorkspace } });
      expect(memberAsViewer.status).toBe(404);
    } finally {
      await db.membership.delete({ where: { workspaceId_userId: { workspaceId: bobWorkspace, userId: carol.userId } } });
    }
    expect(await counts()).toEqual(before);
  });
});
