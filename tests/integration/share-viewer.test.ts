import { beforeAll, describe, expect, it, vi } from "vitest";
import * as linkRoute from "@/app/api/projects/[projectId]/links/[linkId]/route";
import * as linksRoute from "@/app/api/projects/[projectId]/links/route";
import * as filesRoute from "@/app/api/projects/[projectId]/files/route";
import * as projectRoute from "@/app/api/projects/[projectId]/route";
import * as boxExecRoute from "@/app/api/projects/[projectId]/box/exec/route";
import * as shareBoxFsRoute from "@/app/api/share/[token]/box/fs/route";
import * as shareBoxExecRoute from "@/app/api/share/[token]/box/exec/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as projectsRoute from "@/app/api/projects/route";
import * as previewRoute from "@/app/api/preview/[token]/[[...path]]/route";
import * as sharePreviewTokenRoute from "@/app/api/share/[token]/preview-token/route";
import { call, signUpUser, type TestUser } from "./helpers";

vi.hoisted(() => {
  // Wrong link tokens here share one count with other files on the test database (addresses are
  // unknown in process); the limit has a test of its own (share-rate-limit.test.ts).
  process.env.LINK_RATE_LIMIT_MAX = "100000";
});

// A share link's visitor previews the shared project as a static site (the grant is for the link
// alone, shows what the link shows, and ends with the link), and, signed in, runs it in a box of
// their own whose writes never reach the project.

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await signUpUser("Alice Previewshare");
  bob = await signUpUser("Bob Previewvisitor");
});

async function projectWithSite(html: string) {
  const created = await call(projectsRoute.POST, { user: alice, json: { name: "Shared site" } });
  expect(created.status).toBe(201);
  const projectId: string = created.data.project.id;
  const saved = await call(saveRoute.POST, {
    user: alice,
    params: { projectId },
    json: { baseSnapshotId: created.data.project.headSnapshotId, changes: [{ type: "write", path: "index.html", content: html }] },
  });
  expect(saved.status).toBe(200);
  return { projectId, snapshotId: saved.data.snapshotId as string };
}

async function makeLink(projectId: string, body: { access: "view" | "fork"; snapshotId?: string }) {
  const res = await call(linksRoute.POST, { user: alice, params: { projectId }, json: body });
  expect(res.status).toBe(201);
  return res.data as { token: string; link: { id: string } };
}

async function previewBase(token: string, user?: TestUser) {
  return call(sharePreviewTokenRoute.POST, { user, params: { token }, url: `/api/share/${token}/preview-token`, method: "POST" });
}

/** Loads `path` under a preview base URL as the (cookie-less) frame does. */
async function loadPreview(baseUrl: string, path: string) {
  const [, , , token] = baseUrl.split("/");
  return call(previewRoute.GET, { params: { token: token!, path: path ? path.split("/") : undefined }, url: `${baseUrl}${path}` });
}

const text = (data: unknown) => new TextDecoder().decode(data as Uint8Array);

describe("a share link's preview", () => {
  it("serves the shared site to a signed-out visitor, follows a live link's head, and stops once the link is revoked", async () => {
    const { projectId, snapshotId } = await projectWithSite("<h1>first preview-share page</h1>");
    const { token, link } = await makeLink(projectId, { access: "view" });
    const grant = await previewBase(token);
    expect(grant.status).toBe(200);
    expect(grant.data.baseUrl).toMatch(/^\/api\/preview\/[^/]+\/$/);
    const first = await loadPreview(grant.data.baseUrl, "");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-security-policy")).toContain("sandbox");
    expect(text(first.data)).toBe("<h1>first preview-share page</h1>");

    const moved = await call(saveRoute.POST, {
      user: alice,
      params: { projectId },
      json: { baseSnapshotId: snapshotId, changes: [{ type: "write", path: "index.html", content: "<h1>second preview-share page</h1>" }] },
    });
    expect(moved.status).toBe(200);
    expect(text((await loadPreview(grant.data.baseUrl, "index.html")).data)).toBe("<h1>second preview-share page</h1>");

    const revoked = await call(linkRoute.DELETE, { user: alice, params: { projectId, linkId: link.id }, method: "DELETE" });
    expect(revoked.status).toBe(200);
    const after = await loadPreview(grant.data.baseUrl, "index.html");
    expect(after.status).toBe(404);
    expect(JSON.stringify(after.data)).not.toContain("preview-share page");
    expect((await previewBase(token, bob)).status).toBe(404);
  });

  it("of a pinned link shows its snapshot, never a later head", async () => {
    const { projectId, snapshotId } = await projectWithSite("<p>pinned preview-share v1</p>");
    await call(saveRoute.POST, {
      user: alice,
      params: { projectId },
      json: { baseSnapshotId: snapshotId, changes: [{ type: "write", path: "index.html", content: "<p>pinned preview-share v2</p>" }] },
    });
    const { token } = await makeLink(projectId, { access: "view", snapshotId });
    const grant = await previewBase(token, bob);
    expect(grant.status).toBe(200);
    expect(text((await loadPreview(grant.data.baseUrl, "")).data)).toBe("<p>pinned preview-share v1</p>");
  });

  it("is refused for a wrong token, and a forged or tampered grant serves nothing", async () => {
    expect((await previewBase("A".repeat(43))).status).toBe(404);
    const { projectId } = await projectWithSite("<p>tamper preview-share</p>");
    const { token } = await makeLink(projectId, { access: "view" });
    const grant = await previewBase(token);
    const [, , , signed] = grant.data.baseUrl.split("/") as string[];
    const [payload, signature] = signed!.split(".");
    const other = Buffer.from(JSON.stringify({ k: "link", l: "someone-elses-link", s: null, e: Date.now() + 60_000 })).toString("base64url");
    const forged = await call(previewRoute.GET, { params: { token: `${other}.${signature}` }, url: `/api/preview/${other}.${signature}/` });
    expect(forged.status).toBe(404);
    expect(payload).not.toBe(other);
  });
});

const events = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString()
    .split("\n\n")
    .filter((e) => e.startsWith("data: "))
    .map((e) => JSON.parse(e.slice(6)) as Record<string, unknown>);

const linkExec = (token: string, command: string, user?: TestUser) =>
  call(shareBoxExecRoute.POST, { user, params: { token }, url: `/api/share/${token}/box/exec`, json: { command } });

describe("a share link's box", () => {
  it("runs a signed-in visitor's command on what the link shows, in their own box, and saves nothing to the project", async () => {
    const { projectId, snapshotId } = await projectWithSite("<p>box share-link page</p>");
    const { token } = await makeLink(projectId, { access: "view" });
    const res = await linkExec(token, "cat index.html; echo visitor > visitor-wrote-share.txt; rm index.html", bob);
    expect(res.status).toBe(200);
    const result = events(res.data).find((e) => e.type === "result")!;
    expect(result).toMatchObject({ exitCode: 0, stdout: "<p>box share-link page</p>", changedPaths: [] });
    expect(result.notSaved).toMatch(/shared link cannot save/);

    // The owner's project is as it was: same head, same files.
    expect((await call(projectRoute.GET, { user: alice, params: { projectId } })).data.project.headSnapshotId).toBe(snapshotId);
    const listing = await call(filesRoute.GET, { user: alice, params: { projectId } });
    expect(listing.data.entries.map((e: { path: string }) => e.path)).toEqual(["index.html"]);

    // The visitor's box keeps what they ran; the owner's own box never saw it.
    const again = events((await linkExec(token, "ls", bob)).data).find((e) => e.type === "result")!;
    expect(again.stdout).toContain("visitor-wrote-share.txt");
    const owners = events((await call(boxExecRoute.POST, { user: alice, params: { projectId }, json: { command: "ls" } })).data).find((e) => e.type === "result")!;
    expect(owners.stdout).toContain("index.html");
    expect(owners.stdout).not.toContain("visitor-wrote-share.txt");
  });

  it("takes file verbs in the visitor's box: they read the shared files, and writes never reach the project", async () => {
    const { projectId, snapshotId } = await projectWithSite("<p>fs share-link page</p>");
    const { token } = await makeLink(projectId, { access: "view" });
    const fs = (json: unknown, user?: TestUser) => call(shareBoxFsRoute.POST, { user, params: { token }, url: `/api/share/${token}/box/fs`, json });
    const read = await fs({ op: "readFile", path: "index.html" }, bob);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.data)).toContain(Buffer.from("<p>fs share-link page</p>").toString("base64"));
    const wrote = await fs({ op: "writeFile", path: "index.html", base64: Buffer.from("<p>visitor fs share-link edit</p>").toString("base64") }, bob);
    expect(wrote.status).toBe(200);
    expect(wrote.data.saveError).toBeUndefined();
    const reread = await fs({ op: "readFile", path: "index.html" }, bob);
    expect(reread.data.base64).toBe(Buffer.from("<p>visitor fs share-link edit</p>").toString("base64"));
    expect((await call(projectRoute.GET, { user: alice, params: { projectId } })).data.project.headSnapshotId).toBe(snapshotId);
    expect((await fs({ op: "exists", path: "index.html" })).status).toBe(401);
  });

  it("is refused to a signed-out visitor (401) and for a revoked link (404), running nothing", async () => {
    const { projectId } = await projectWithSite("<p>refused share-link box</p>");
    const { token, link } = await makeLink(projectId, { access: "view" });
    expect((await linkExec(token, "echo hi")).status).toBe(401);
    expect((await call(linkRoute.DELETE, { user: alice, params: { projectId, linkId: link.id }, method: "DELETE" })).status).toBe(200);
    expect((await linkExec(token, "echo hi", bob)).status).toBe(404);
    expect((await linkExec(token, "echo hi")).status).toBe(404);
  });
});
