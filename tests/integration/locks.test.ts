import { beforeAll, describe, expect, it } from "vitest";
import * as locksRoute from "@/app/api/projects/[projectId]/locks/route";
import * as projectsRoute from "@/app/api/projects/route";
import { getDb } from "@/lib/db/client";
import { getLockedPaths } from "@/lib/db/queries/projects";
import { call, signUpUser, type TestUser } from "./helpers";

let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let projectId: string;

/** Adds `user` to the workspace of `projectId` with `role`. */
async function addMember(user: TestUser, role: "editor" | "viewer") {
  const db = await getDb();
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  await db.membership.create({ data: { workspaceId: project.workspaceId, userId: user.userId, role } });
}

beforeAll(async () => {
  [owner, editor, viewer, stranger] = await Promise.all([signUpUser("Owner"), signUpUser("Editor"), signUpUser("Viewer"), signUpUser("Stranger")]);
  const created = await call(projectsRoute.POST, { user: owner, json: { name: "Locked" } });
  projectId = created.data.project.id;
  await addMember(editor, "editor");
  await addMember(viewer, "viewer");
});

const getLocks = (user: TestUser, id = projectId) => call(locksRoute.GET, { user, params: { projectId: id } });
const putLocks = (user: TestUser, json: unknown, id = projectId) =>
  call(locksRoute.PUT, { user, params: { projectId: id }, method: "PUT", json });

describe("locked paths", () => {
  it("starts empty, and stores paths normalized, deduplicated and sorted", async () => {
    const fresh = await call(projectsRoute.POST, { user: owner, json: { name: "Fresh" } });
    expect((await getLocks(owner, fresh.data.project.id)).data).toEqual({ lockedPaths: [] });

    const put = await putLocks(owner, { paths: ["src//b.ts", "./README.md", "src/a.ts", "src/./b.ts", "config/", "README.md"] });
    expect(put.status).toBe(200);
    expect(put.data).toEqual({ lockedPaths: ["README.md", "config", "src/a.ts", "src/b.ts"] });
    expect((await getLocks(owner)).data).toEqual({ lockedPaths: ["README.md", "config", "src/a.ts", "src/b.ts"] });
    // What the agent's tools read.
    expect(await getLockedPaths({ projectId })).toEqual(["README.md", "config", "src/a.ts", "src/b.ts"]);

    // PUT replaces the whole set; an empty list unlocks everything.
    expect((await putLocks(owner, { paths: ["package.json"] })).data.lockedPaths).toEqual(["package.json"]);
    expect((await putLocks(owner, { paths: [] })).data.lockedPaths).toEqual([]);
  });

  it.each([
    ["a parent path", ["ok.txt", "../secrets"], /\.\./],
    ["an absolute path", ["/etc/passwd"], /absolute/],
    ["a backslash", ["src\\a.ts"], /backslash/],
    ["a control character", ["a\u0000b"], /control/],
    ["a path naming nothing", ["./"], /names no file/],
    ["an empty path", [""], /paths\.0/],
    ["a path that is not text", [7], /paths\.0/],
    ["too many paths", Array.from({ length: 1001 }, (_, i) => `f${i}`), /paths/],
  ])("refuses %s with 400 and keeps the locks", async (_label, paths, message) => {
    await putLocks(owner, { paths: ["kept.txt"] });
    const res = await putLocks(owner, { paths });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(message);
    expect((await getLocks(owner)).data.lockedPaths).toEqual(["kept.txt"]);
  });

  it("names every bad path in `issues`", async () => {
    const res = await putLocks(owner, { paths: ["../a", "fine.txt", "/b"] });
    expect(res.status).toBe(400);
    expect(res.data.error.code).toBe("bad_request:path");
    expect(res.data.error.issues).toHaveLength(2);
  });

  it("refuses a body without `paths`", async () => {
    const res = await putLocks(owner, { path: "a.txt" });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(/paths/);
  });

  it.each([
    ["owner", 200, 200, () => owner],
    ["editor", 200, 200, () => editor],
    ["viewer", 200, 403, () => viewer],
    ["non-member", 404, 404, () => stranger],
  ])("answers the %s %i reading and %i changing the locks", async (_role, readStatus, writeStatus, user) => {
    await putLocks(owner, { paths: ["before.txt"] });
    const read = await getLocks(user());
    expect(read.status).toBe(readStatus);
    if (readStatus === 200) expect(read.data.lockedPaths).toEqual(["before.txt"]);
    else expect(read.data.error.code).toBe("not_found:project");

    const write = await putLocks(user(), { paths: ["after.txt"] });
    expect(write.status).toBe(writeStatus);
    if (writeStatus === 403) expect(write.data.error.code).toBe("forbidden:project:write");
    if (writeStatus === 404) expect(write.data.error.code).toBe("not_found:project");
    expect((await getLocks(owner)).data.lockedPaths).toEqual(writeStatus === 200 ? ["after.txt"] : ["before.txt"]);
  });

  it("answers 404 for a project that does not exist, and 401 without a session", async () => {
    expect((await getLocks(owner, "no-such-project")).status).toBe(404);
    expect((await putLocks(owner, { paths: [] }, "no-such-project")).status).toBe(404);
    expect((await call(locksRoute.GET, { params: { projectId } })).status).toBe(401);
  });
});
