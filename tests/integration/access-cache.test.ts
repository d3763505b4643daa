import { beforeAll, describe, expect, it } from "vitest";
import * as projectRoute from "@/app/api/projects/[projectId]/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as projectsRoute from "@/app/api/projects/route";
import * as authRoute from "@/app/api/auth/[...all]/route";
import { accessCacheMs } from "@/lib/auth/guard";
import { getDb } from "@/lib/db/client";
import { call, signUpUser, type TestUser } from "./helpers";

// The save route answers the caller's role from a per-process cache (lib/auth/guard.ts). These check
// that the cache never widens access: a raised role counts at once, a removed membership stops the
// saves within accessCacheMs, and the uncached routes refuse at once.

let owner: TestUser;
let member: TestUser;

beforeAll(async () => {
  owner = await signUpUser("Cache Owner");
  member = await signUpUser("Cache Member");
});

describe("cached access on saves", () => {
  it("counts a raised role at once and a removed membership within the cache's bound", async () => {
    const { project } = (await call(projectsRoute.POST, { user: owner, json: { name: "Shared" } })).data as { project: { id: string; workspaceId: string; headSnapshotId: string } };
    const db = await getDb();
    const membership = { workspaceId: project.workspaceId, userId: member.userId };
    await db.membership.create({ data: { ...membership, role: "viewer" } });
    let head = project.headSnapshotId;
    const save = async (content: string) => {
      const res = await call(saveRoute.POST, { user: member, params: { projectId: project.id }, json: { baseSnapshotId: head, changes: [{ type: "write", path: "cache.txt", content }] } });
      if (res.status === 200) head = res.data.snapshotId;
      return res;
    };

    // A viewer's save is refused, and the refusal caches nothing that outlives the next change.
    const refused = await save("as a viewer");
    expect(refused.status).toBe(403);
    expect(refused.data.error.code).toBe("forbidden:project:write");

    await db.membership.update({ where: { workspaceId_userId: membership }, data: { role: "editor" } });
    expect((await save("as an editor")).status).toBe(200);
    // Now cached as an editor: the next save needs no lookup.
    expect((await save("as an editor, again")).status).toBe(200);

    await db.membership.delete({ where: { workspaceId_userId: membership } });
    // Routes that read the project check the membership in the same query: refused at once.
    expect((await call(projectRoute.GET, { user: member, params: { projectId: project.id } })).status).toBe(404);
    // The save may still be answered from the cache, but never for longer than its bound.
    await expect
      .poll(async () => (await save(`after removal ${Date.now()}`)).status, { timeout: accessCacheMs * 3, interval: 250 })
      .toBe(404);
  });
});

describe("cached sessions", () => {
  const signOut = (user: TestUser) => {
    const headers = new Headers(user.headers);
    headers.set("origin", "http://localhost:3000");
    headers.set("content-type", "application/json");
    return authRoute.POST(new Request("http://localhost:3000/api/auth/sign-out", { method: "POST", headers, body: "{}" }));
  };

  it("end at once on this instance when the person signs out", async () => {
    const user = await signUpUser("Signing Out");
    const { project } = (await call(projectsRoute.POST, { user, json: { name: "Out" } })).data as { project: { id: string; headSnapshotId: string } };
    const save = (base: string) =>
      call(saveRoute.POST, { user, params: { projectId: project.id }, json: { baseSnapshotId: base, changes: [{ type: "write", path: "out.txt", content: `signed in ${base}` }] } });
    const first = await save(project.headSnapshotId);
    expect(first.status).toBe(200);

    expect((await signOut(user)).status).toBe(200);
    // Without forgetting, the cached session would carry this save for up to accessCacheMs more.
    const after = await save(first.data.snapshotId);
    expect(after.status).toBe(401);
  });
});
