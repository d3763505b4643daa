import { beforeAll, describe, expect, it } from "vitest";
import * as projectRoute from "@/app/api/projects/[projectId]/route";
import * as filesRoute from "@/app/api/projects/[projectId]/files/route";
import * as rawRoute from "@/app/api/projects/[projectId]/files/raw/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as projectsRoute from "@/app/api/projects/route";
import { call, signUpUser, type TestUser } from "./helpers";

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await signUpUser("Alice");
  bob = await signUpUser("Bob");
});

async function newProject(user: TestUser, name = "Demo") {
  const res = await call(projectsRoute.POST, { user, json: { name } });
  expect(res.status).toBe(201);
  return res.data.project as { id: string; headSnapshotId: string };
}

async function save(user: TestUser, projectId: string, baseSnapshotId: string | null, changes: unknown[]) {
  return call(saveRoute.POST, { user, params: { projectId }, json: { baseSnapshotId, changes } });
}

const text = (path: string, content: string) => ({ type: "write", path, content });

describe("projects", () => {
  it("creates, lists, renames and deletes a project; other users see 404", async () => {
    const project = await newProject(alice, "First");
    const list = await call(projectsRoute.GET, { user: alice });
    expect(list.data.projects.map((p: { id: string }) => p.id)).toContain(project.id);
    expect((await call(projectsRoute.GET, { user: bob })).data.projects).toHaveLength(0);

    const renamed = await call(projectRoute.PATCH, { user: alice, params: { projectId: project.id }, method: "PATCH", json: { name: "Renamed" } });
    expect(renamed.data.project.name).toBe("Renamed");

    for (const handler of [projectRoute.GET, filesRoute.GET]) {
      const res = await call(handler, { user: bob, params: { projectId: project.id } });
      expect(res.status).toBe(404);
      expect(res.data.error.code).toBe("not_found:project");
    }
    const bobDelete = await call(projectRoute.DELETE, { user: bob, params: { projectId: project.id }, method: "DELETE" });
    expect(bobDelete.status).toBe(404);

    expect((await call(projectRoute.DELETE, { user: alice, params: { projectId: project.id }, method: "DELETE" })).status).toBe(204);
    expect((await call(projectRoute.GET, { user: alice, params: { projectId: project.id } })).status).toBe(404);
  });

  it("answers 401 without a session", async () => {
    const res = await call(projectsRoute.GET, {});
    expect(res.status).toBe(401);
    expect(res.data.error.message).toMatch(/sign in/i);
  });

  it.each([
    ["an empty name", { name: "  " }, /required/],
    ["a missing name", {}, /name/],
    ["an overlong name", { name: "x".repeat(101) }, /100/],
  ])("refuses %s with 400 and a message", async (_label, json, message) => {
    const res = await call(projectsRoute.POST, { user: alice, json });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(message);
  });

  it("refuses malformed JSON with 400", async () => {
    const res = await call(projectsRoute.POST, { user: alice, body: "{nope" });
    expect(res.status).toBe(400);
    expect(res.data.error.code).toBe("bad_request:json");
  });
});

describe("saving files", () => {
  it("saves, lists and reads files, folders included", async () => {
    const project = await newProject(alice);
    const saved = await save(alice, project.id, project.headSnapshotId, [
      text("src/index.ts", "export const a = 1;\n"),
      { type: "mkdir", path: "empty" },
      { type: "write", path: "img/dot.bin", content: Buffer.from([0, 1, 2, 255]).toString("base64"), encoding: "base64" },
    ]);
    expect(saved.status).toBe(200);
    const added = saved.data.changes.map((c: { op: string; path: string }) => `${c.op} ${c.path}`).sort();
    expect(added).toEqual(["add img/dot.bin", "add src/index.ts", "mkdir empty", "mkdir img", "mkdir src"]);

    const raw = await call(rawRoute.GET, {
      user: alice,
      params: { projectId: project.id },
      url: `/api/x?path=img/dot.bin&snapshotId=${saved.data.snapshotId}`,
    });
    expect([...raw.data]).toEqual([0, 1, 2, 255]);

    const listed = await call(filesRoute.GET, { user: alice, params: { projectId: project.id } });
    expect(listed.data.snapshotId).toBe(saved.data.snapshotId);
    expect(listed.data.entries.map((e: { path: string }) => e.path)).toEqual(["empty", "img", "img/dot.bin", "src", "src/index.ts"]);
  });

  it("refuses a stale save of the same file with 409 and keeps both versions", async () => {
    const project = await newProject(alice);
    const v1 = await save(alice, project.id, project.headSnapshotId, [text("a.txt", "one")]);
    const v2 = await save(alice, project.id, v1.data.snapshotId, [text("a.txt", "two")]);
    const stale = await save(alice, project.id, v1.data.snapshotId, [text("a.txt", "mine")]);
    expect(stale.status).toBe(409);
    expect(stale.data.error).toMatchObject({ code: "conflict", headSnapshotId: v2.data.snapshotId, paths: ["a.txt"] });

    const read = await call(rawRoute.GET, { user: alice, params: { projectId: project.id }, url: "/api/x?path=a.txt" });
    expect(Buffer.from(read.data).toString()).toBe("two");

    const kept = await save(alice, project.id, stale.data.error.headSnapshotId, [text("a.txt", "mine")]);
    expect(kept.status).toBe(200);
  });

  it("rebases a stale save that touches other files, answering the other writer's change with its own", async () => {
    const project = await newProject(alice);
    const v1 = await save(alice, project.id, project.headSnapshotId, [text("a.txt", "a"), text("b.txt", "b")]);
    await save(alice, project.id, v1.data.snapshotId, [text("a.txt", "a2")]);
    const other = await save(alice, project.id, v1.data.snapshotId, [text("b.txt", "b2")]);
    expect(other.status).toBe(200);
    const changes = [...other.data.changes].sort((x: { path: string }, y: { path: string }) => (x.path < y.path ? -1 : 1));
    expect(changes).toEqual([
      { op: "change", path: "a.txt", hash: expect.any(String), size: 2 },
      { op: "change", path: "b.txt", hash: expect.any(String), size: 2 },
    ]);
  });

  it("answers a one-file save with that change alone, the same bytes for 20 files as for 500", async () => {
    const sizes: number[] = [];
    for (const count of [20, 500]) {
      const project = await newProject(alice, `Files ${count}`);
      const files = Array.from({ length: count }, (_, i) => text(`src/f${String(i).padStart(4, "0")}.ts`, `export const v = ${i};\n`));
      const filled = await save(alice, project.id, project.headSnapshotId, files);
      expect(filled.status).toBe(200);
      const res = await saveRoute.POST(
        new Request(`http://localhost:3000/api/projects/${project.id}/save`, {
          method: "POST",
          headers: [...alice.headers, ["content-type", "application/json"]],
          body: JSON.stringify({ baseSnapshotId: filled.data.snapshotId, changes: [text("src/f0007.ts", "export const v = 70;\n")] }),
        }),
        { params: Promise.resolve({ projectId: project.id }) },
      );
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(JSON.parse(body).changes).toEqual([{ op: "change", path: "src/f0007.ts", hash: expect.any(String), size: 21 }]);
      sizes.push(Buffer.byteLength(body));
    }
    expect(sizes[1]).toBe(sizes[0]);
  });

  it.each([
    ["a parent path", [text("../x", "1")], 400, /\.\./],
    ["an absolute path", [text("/etc/passwd", "1")], 400, /absolute/],
    ["a NUL byte", [text("a\u0000b", "1")], 400, /control/],
    ["bad base64", [{ type: "write", path: "a", content: "@@@", encoding: "base64" }], 422, /base64/],
    ["an oversize file", [text("big.txt", "x".repeat(10 * 1024 * 1024 + 1))], 413, /limited to 10\.0 MB/],
    ["an unknown change", [{ type: "chmod", path: "a" }], 400, /type/],
    ["no changes", [], 400, /at least one/],
    ["deleting a missing file", [{ type: "delete", path: "nope.txt" }], 404, /does not exist/],
  ])("refuses %s and loses nothing", async (_label, changes, status, message) => {
    const project = await newProject(alice);
    const v1 = await save(alice, project.id, project.headSnapshotId, [text("keep.txt", "kept")]);
    const res = await save(alice, project.id, v1.data.snapshotId, changes as unknown[]);
    expect(res.status).toBe(status);
    expect(res.data.error.message).toMatch(message);
    const listed = await call(filesRoute.GET, { user: alice, params: { projectId: project.id } });
    expect(listed.data.snapshotId).toBe(v1.data.snapshotId);
    expect(listed.data.entries.map((e: { path: string }) => e.path)).toEqual(["keep.txt"]);
  });

  it("refuses writes by a user who cannot see the project", async () => {
    const project = await newProject(alice);
    const res = await save(bob, project.id, project.headSnapshotId, [text("x.txt", "1")]);
    expect(res.status).toBe(404);
  });
});
