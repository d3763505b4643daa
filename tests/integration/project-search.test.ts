import { beforeAll, describe, expect, it } from "vitest";
import * as readRaw from "@/app/api/projects/[projectId]/files/raw/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as replaceRoute from "@/app/api/projects/[projectId]/search/replace/route";
import * as searchRoute from "@/app/api/projects/[projectId]/search/route";
import * as projectsRoute from "@/app/api/projects/route";
import { getDb } from "@/lib/db/client";
import type { ProjectReplaceRequest, ProjectSearchRequest, ProjectSearchResponse } from "@/lib/validation/search";
import { call, signUpUser, type TestUser } from "./helpers";

let alice: TestUser;

beforeAll(async () => {
  alice = await signUpUser("Alice Search");
});

async function projectWith(files: Record<string, string>) {
  const created = await call(projectsRoute.POST, { user: alice, json: { name: "Search" } });
  const projectId = created.data.project.id as string;
  const changes = Object.entries(files).map(([path, content]) => ({ type: "write", path, content }));
  const saved = await call(saveRoute.POST, { user: alice, params: { projectId }, json: { baseSnapshotId: created.data.project.headSnapshotId, changes } });
  expect(saved.status).toBe(200);
  return { projectId, head: saved.data.snapshotId as string };
}

const search = (projectId: string, json: ProjectSearchRequest) => call(searchRoute.POST, { user: alice, params: { projectId }, json });
const replace = (projectId: string, json: ProjectReplaceRequest) => call(replaceRoute.POST, { user: alice, params: { projectId }, json });
const found = (data: ProjectSearchResponse) => data.files.map((file) => `${file.path}:${file.lines.map((line) => line.line).join(",")}`);
const snapshotCount = async (projectId: string) => (await getDb()).snapshot.count({ where: { projectId } });

async function read(projectId: string, path: string) {
  const res = await call(readRaw.GET, { user: alice, params: { projectId }, url: `/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}` });
  return new TextDecoder().decode(res.data as Uint8Array);
}

const files = {
  "src/app.ts": "const Foo = 1;\nconst food = foo + 2; // foo\n",
  "src/util.js": "export function foo() {}\r\nfoobar();\r\n",
  "README.md": "Foo and foo\n",
  "lib/vendor/big.ts": "foo\n",
};

describe("search across files", () => {
  it.each([
    ["plain text, case-insensitive", { query: "foo" }, ["README.md:1", "lib/vendor/big.ts:1", "src/app.ts:1,2", "src/util.js:1,2"]],
    ["case-sensitive", { query: "Foo", caseSensitive: true }, ["README.md:1", "src/app.ts:1"]],
    ["whole word", { query: "foo", wholeWord: true }, ["README.md:1", "lib/vendor/big.ts:1", "src/app.ts:1,2", "src/util.js:1"]],
    ["regex", { query: "foo\\(\\)", regex: true }, ["src/util.js:1"]],
    ["regex anchored at a Windows line end", { query: "\\(\\);$", regex: true }, ["src/util.js:2"]],
    ["plain text is not a regex", { query: "foo()" }, ["src/util.js:1"]],
    ["include globs", { query: "foo", include: "*.ts" }, ["lib/vendor/big.ts:1", "src/app.ts:1,2"]],
    ["include a folder, exclude a glob", { query: "foo", include: "src", exclude: "*.js" }, ["src/app.ts:1,2"]],
    ["exclude a folder", { query: "foo", exclude: "lib/vendor/**, README.md" }, ["src/app.ts:1,2", "src/util.js:1,2"]],
  ])("%s", async (_, request, expected) => {
    const { projectId } = await projectWith(files);
    const res = await search(projectId, request);
    expect(res.status).toBe(200);
    expect(found(res.data)).toEqual(expected);
  });

  it("answers every match on a line with its range, and the snapshot it searched", async () => {
    const { projectId, head } = await projectWith(files);
    const res = await search(projectId, { query: "foo" });
    const line = res.data.files.find((file: { path: string }) => file.path === "src/app.ts").lines[1];
    expect(line).toEqual({ line: 2, text: "const food = foo + 2; // foo", ranges: [[6, 9], [13, 16], [25, 28]] });
    expect(res.data).toMatchObject({ snapshotId: head, matches: 9, filesSearched: 4 });
  });

  it("refuses an invalid regex with a message saying what to do", async () => {
    const { projectId } = await projectWith(files);
    const res = await search(projectId, { query: "foo(", regex: true });
    expect(res.status).toBe(422);
    expect(res.data.error.message).toMatch(/Invalid regular expression.*Turn off regex/);
  });

  it("stops a catastrophically backtracking regex in its worker and says so", async () => {
    const { projectId } = await projectWith({ "evil.txt": `${"a".repeat(40)}!\n` });
    const res = await search(projectId, { query: "(a+)+$", regex: true });
    expect(res.status).toBe(422);
    expect(res.data.error.message).toMatch(/ran longer than .* on evil.txt and was stopped/);
  });

  it("searches 2,000 files", async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 2_000; i++) many[`pkg${i % 20}/file${i}.ts`] = `export const value${i} = ${i};\n// ${i % 100 === 0 ? "needle" : "hay"}\n`;
    const { projectId } = await projectWith(many);
    const res = await search(projectId, { query: "need\\w+", regex: true });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ filesSearched: 2_000, matches: 20, truncated: false });
  });
});

describe("replace across files", () => {
  it("replaces every match (with regex groups) in ONE snapshot, keeping Windows line ends", async () => {
    const { projectId, head } = await projectWith(files);
    const before = await snapshotCount(projectId);
    const res = await replace(projectId, { query: "foo(\\w*)", regex: true, wholeWord: true, caseSensitive: true, replacement: "bar$1", snapshotId: head });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ filesChanged: 4, replacements: 7 });
    expect(res.data.changes.map((change: { path: string }) => change.path).sort()).toEqual(["README.md", "lib/vendor/big.ts", "src/app.ts", "src/util.js"]);
    expect(await snapshotCount(projectId)).toBe(before + 1);
    expect(await read(projectId, "src/app.ts")).toBe("const Foo = 1;\nconst bard = bar + 2; // bar\n");
    expect(await read(projectId, "src/util.js")).toBe("export function bar() {}\r\nbarbar();\r\n");
    expect(await read(projectId, "README.md")).toBe("Foo and bar\n");
  });

  it("replaces only in the files named", async () => {
    const { projectId, head } = await projectWith(files);
    const res = await replace(projectId, { query: "foo", caseSensitive: true, replacement: "x", snapshotId: head, paths: ["README.md"] });
    expect(res.data).toMatchObject({ filesChanged: 1, replacements: 1 });
    expect(await read(projectId, "README.md")).toBe("Foo and x\n");
    expect(await read(projectId, "lib/vendor/big.ts")).toBe("foo\n");
  });

  it("lands on a newer head when its files did not change, and is refused with 409 when one did", async () => {
    const { projectId, head } = await projectWith(files);
    const other = await call(saveRoute.POST, {
      user: alice,
      params: { projectId },
      json: { baseSnapshotId: head, changes: [{ type: "write", path: "other.txt", content: "foo" }] },
    });
    const rebased = await replace(projectId, { query: "Foo", caseSensitive: true, replacement: "Baz", snapshotId: head, include: "*.md" });
    expect(rebased.status).toBe(200);
    expect(await read(projectId, "other.txt")).toBe("foo");

    const before = await snapshotCount(projectId);
    const refused = await replace(projectId, { query: "foo", replacement: "nope", snapshotId: other.data.snapshotId as string });
    expect(refused.status).toBe(409);
    expect(refused.data.error.paths).toEqual(["README.md"]);
    expect(await snapshotCount(projectId)).toBe(before);
    expect(await read(projectId, "README.md")).toBe("Baz and foo\n");
  });
});
