import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as importRoute from "@/app/api/import/route";
import * as exportRoute from "@/app/api/projects/[projectId]/export/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as projectsRoute from "@/app/api/projects/route";
import * as startersRoute from "@/app/api/starters/route";
import { getDb } from "@/lib/db/client";
import { zipParts, type ZipInput } from "@/lib/transfer/zip-write";
import { call, signUpUser, type TestUser } from "./helpers";

let alice: TestUser;
let bob: TestUser;
let project: { id: string; head: string };
const work = mkdtempSync(path.join(tmpdir(), "transfer-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=Gita", "-c", "user.email=gita@example.test", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" });

async function save(changes: unknown[], message: string) {
  const res = await call(saveRoute.POST, { user: alice, params: { projectId: project.id }, json: { baseSnapshotId: project.head, changes, message } });
  expect(res.status).toBe(200);
  project.head = res.data.snapshotId;
}

async function exportBytes(user: TestUser, projectId: string, format: "zip" | "git") {
  const res = await call(exportRoute.GET, { user, params: { projectId }, url: `/api/projects/${projectId}/export?format=${format}` });
  expect(res.status).toBe(200);
  return Buffer.from(res.data as Uint8Array);
}

async function importBytes(user: TestUser, format: string, bytes: Uint8Array | FormData, name?: string) {
  const headers = new Headers(user.headers);
  if (!(bytes instanceof FormData)) headers.set("content-type", format === "zip" ? "application/zip" : "application/x-git-bundle");
  const query = new URLSearchParams({ format, ...(name ? { name } : {}) });
  const res = await importRoute.POST(new Request(`http://localhost:3000/api/import?${query}`, { method: "POST", headers, body: bytes as BodyInit }), { params: Promise.resolve({}) } as never);
  return { status: res.status, data: (await res.json()) as any };
}

async function headOf(projectId: string) {
  const db = await getDb();
  const row = await db.project.findUniqueOrThrow({ where: { id: projectId }, include: { snapshots: { orderBy: { createdAt: "asc" } } } });
  const head = row.snapshots.find((s) => s.id === row.headSnapshotId)!;
  return { head, snapshots: row.snapshots };
}

async function zipOf(entries: ZipInput[]): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of zipParts(entries, new Date("2026-01-02T03:04:05Z"))) parts.push(part);
  return Buffer.concat(parts);
}

/** Rewrites a central-directory field of the entry named `name` (a hostile archive's lie). */
function patchCentral(zip: Buffer, name: string, field: "external" | "size", value: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.indexOf("PK\u0001\u0002"); at >= 0; at = out.indexOf("PK\u0001\u0002", at + 4)) {
    const nameLength = out.readUInt16LE(at + 28);
    if (out.toString("utf8", at + 46, at + 46 + nameLength) !== name) continue;
    if (field === "external") out.writeUInt32LE(value >>> 0, at + 38);
    else out.writeUInt32LE(value, at + 24);
    return out;
  }
  throw new Error(`no entry ${name}`);
}

const projectCount = async (user: TestUser) => (await call(projectsRoute.GET, { user })).data.projects.length as number;
const b64 = (bytes: number[]) => Buffer.from(bytes).toString("base64");

beforeAll(async () => {
  alice = await signUpUser("Alice Archer");
  bob = await signUpUser("Bob");
  const created = await call(projectsRoute.POST, { user: alice, json: { name: "Transfer" } });
  project = { id: created.data.project.id, head: created.data.project.headSnapshotId };
  await save(
    [
      { type: "write", path: "README.md", content: "# Transfer\n" },
      { type: "write", path: "src/app/main.js", content: "console.log('hi');\n" },
      { type: "write", path: "src/é-unicode.txt", content: "ünïcødé\n" },
      { type: "write", path: "assets/logo.bin", content: b64([0, 1, 2, 255, 254, 0, 10]), encoding: "base64" },
      { type: "mkdir", path: "empty/inner" },
    ],
    "Add the first files",
  );
  await save([{ type: "write", path: "src/app/main.js", content: "console.log('hello');\n" }], "Say hello");
  await save([{ type: "delete", path: "README.md" }], "Drop the readme");
}, 180_000);

describe("export and import", () => {
  it("a zip export imports back to the same root tree, empty folders and bytes included", async () => {
    const zip = await exportBytes(alice, project.id, "zip");
    // A real unzip reads it.
    writeFileSync(path.join(work, "export.zip"), zip);
    expect(execFileSync("unzip", ["-Z1", path.join(work, "export.zip")], { encoding: "utf8" }).split("\n").filter(Boolean).sort()).toEqual(
      ["assets/", "assets/logo.bin", "empty/", "empty/inner/", "src/", "src/app/", "src/app/main.js", "src/é-unicode.txt"].sort(),
    );
    execFileSync("unzip", ["-tq", path.join(work, "export.zip")]);

    const imported = await importBytes(alice, "zip", zip, "Round trip");
    expect(imported.status).toBe(201);
    const [original, copy] = await Promise.all([headOf(project.id), headOf(imported.data.project.id)]);
    expect(copy.head.rootTree).toBe(original.head.rootTree);
    expect(copy.snapshots).toHaveLength(1);
    expect(imported.data.project.name).toBe("Round trip");
  });

  it("a git export is a repository real git clones, checks and logs with every snapshot", async () => {
    const bundle = await exportBytes(alice, project.id, "git");
    const file = path.join(work, "export.bundle");
    writeFileSync(file, bundle);
    const clone = path.join(work, "clone");
    git(work, "clone", "-q", file, clone);
    git(clone, "fsck", "--strict", "--no-dangling");
    const { snapshots } = await headOf(project.id);
    const log = git(clone, "log", "--format=%an|%ae|%at|%s").trim().split("\n");
    expect(log).toEqual(
      [...snapshots].reverse().map((s) => `Alice Archer|${alice.email}|${Math.floor(s.createdAt.getTime() / 1000)}|${s.message}`),
    );
    expect(log.map((l) => l.split("|")[3])).toEqual(["Drop the readme", "Say hello", "Add the first files", "Create project"]);
    expect(readFileSync(path.join(clone, "src/app/main.js"), "utf8")).toBe("console.log('hello');\n");
    expect([...readFileSync(path.join(clone, "assets/logo.bin"))]).toEqual([0, 1, 2, 255, 254, 0, 10]);
    expect(git(clone, "show", "HEAD~1:README.md")).toBe("# Transfer\n");

    // And the bundle imports back with its history: one snapshot per commit, the same trees.
    const imported = await importBytes(alice, "bundle", bundle, "From bundle");
    expect(imported.status).toBe(201);
    const copy = await headOf(imported.data.project.id);
    expect(copy.snapshots.map((s) => s.rootTree)).toEqual(snapshots.map((s) => s.rootTree));
    expect(copy.snapshots.map((s) => s.message)).toEqual(snapshots.map((s) => s.message));
    expect(copy.snapshots.map((s) => s.createdAt.getTime())).toEqual(snapshots.map((s) => Math.floor(s.createdAt.getTime() / 1000) * 1000));
  });

  it("a bundle real git made (with deltas) imports with its history", async () => {
    const repo = path.join(work, "repo");
    git(work, "init", "-q", repo);
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} of a file long enough for git to store deltas`);
    for (let i = 0; i < 5; i++) {
      lines[i * 50] = `changed in commit ${i}`;
      writeFileSync(path.join(repo, "big.txt"), lines.join("\n") + "\n");
      writeFileSync(path.join(repo, `note-${i}.md`), `note ${i}\n`);
      git(repo, "add", "-A");
      git(repo, "commit", "-q", "-m", `Commit ${i}`);
    }
    git(repo, "repack", "-adq", "--depth=50", "--window=50");
    git(repo, "bundle", "create", "-q", path.join(work, "real.bundle"), "--all");
    // The pack holds deltas (objects stored as changes to others), which the import must resolve.
    const packDir = path.join(repo, ".git/objects/pack");
    const idx = readdirSync(packDir).find((f) => f.endsWith(".idx"))!;
    expect(git(repo, "verify-pack", "-v", path.join(packDir, idx))).toMatch(/chain length = \d+/);

    const imported = await importBytes(alice, "bundle", readFileSync(path.join(work, "real.bundle")), "Real git");
    expect(imported.status).toBe(201);
    const copy = await headOf(imported.data.project.id);
    expect(copy.snapshots.map((s) => s.message)).toEqual([0, 1, 2, 3, 4].map((i) => `Commit ${i} (by Gita <gita@example.test>)`));
    expect(copy.head.fileCount).toBe(6);
    const exported = path.join(work, "reexport.bundle");
    writeFileSync(exported, await exportBytes(alice, imported.data.project.id, "git"));
    const clone = path.join(work, "reclone");
    git(work, "clone", "-q", exported, clone);
    expect(readFileSync(path.join(clone, "big.txt"), "utf8")).toBe(readFileSync(path.join(repo, "big.txt"), "utf8"));
    // The same tree as the original repository's head: nothing was lost or changed on the way.
    expect(git(clone, "rev-parse", "HEAD^{tree}")).toBe(git(repo, "rev-parse", "HEAD^{tree}"));
  });

  it("a dropped folder imports as a project named for it, without the folder itself", async () => {
    const form = new FormData();
    for (const [p, text] of [["site/index.html", "<h1>hi</h1>"], ["site/css/a.css", "h1{}"]]) {
      form.append("path", p!);
      form.append("file", new Blob([text!]), p!.split("/").pop());
    }
    const imported = await importBytes(alice, "folder", form);
    expect(imported.status).toBe(201);
    expect(imported.data.project.name).toBe("site");
    const { head } = await headOf(imported.data.project.id);
    expect(head.fileCount).toBe(2);
  });

  it("a starter becomes a project holding its files, and says which file to open", async () => {
    const list = await call(startersRoute.GET, { user: alice });
    expect(list.data.starters.map((s: { id: string }) => s.id)).toEqual(["node-script", "python-sqlite", "static-site", "vite-react"]);
    const res = await call(startersRoute.POST, { user: alice, json: { starter: "vite-react" } });
    expect(res.status).toBe(201);
    expect(res.data.project).toMatchObject({ name: "Vite + React", entry: "src/App.jsx" });
    const { head } = await headOf(res.data.project.id);
    expect(head.fileCount).toBe(7);
  });

  it("another user can neither export the project nor import into alice's workspace", async () => {
    const res = await call(exportRoute.GET, { user: bob, params: { projectId: project.id }, url: `/api/projects/${project.id}/export?format=zip` });
    expect(res.status).toBe(404);
    const workspaceId = (await (await getDb()).project.findUniqueOrThrow({ where: { id: project.id } })).workspaceId;
    const headers = new Headers(bob.headers);
    headers.set("content-type", "application/zip");
    const req = new Request(`http://localhost:3000/api/import?format=zip&workspaceId=${workspaceId}`, { method: "POST", headers, body: new Uint8Array(await zipOf([{ path: "a.txt", data: Buffer.from("a") }])) });
    expect((await importRoute.POST(req, { params: Promise.resolve({}) } as never)).status).toBe(404);
  });
});

describe("hostile archives are refused, naming the entry, and leave no project", () => {
  const bomb = Buffer.alloc(8 * 1024 * 1024);
  const cases: [string, () => Promise<Buffer>, RegExp, Record<string, string>?][] = [
    ["zip-slip with ..", () => zipOf([{ path: "ok.txt", data: Buffer.from("ok") }, { path: "../evil.txt", data: Buffer.from("x") }]), /"\.\.\/evil\.txt" climbs out of the project/],
    ["an absolute path", () => zipOf([{ path: "/etc/cron.d/evil", data: Buffer.from("x") }]), /"\/etc\/cron\.d\/evil" is an absolute path/],
    ["a symlink", async () => patchCentral(await zipOf([{ path: "link", data: Buffer.from("/etc/passwd") }]), "link", "external", (0o120777 << 16) >>> 0), /"link" is a symbolic link/],
    ["a bomb by ratio", () => zipOf([{ path: "zeros.bin", data: bomb }]), /"zeros\.bin" would inflate \d+× \(a zip bomb\?\)/],
    // Its header claims 1 kB: the inflater stops at 1 kB instead of trusting the header.
    ["a bomb lying about its size", async () => patchCentral(await zipOf([{ path: "liar.bin", data: Buffer.alloc(200_000) }]), "liar.bin", "size", 1000), /"liar\.bin" inflates past its declared 1000 bytes/],
    ["too many files", () => zipOf(Array.from({ length: 6 }, (_, i) => ({ path: `f${i}.txt`, data: Buffer.from(String(i)) }))), /"f5\.txt" is file number 6; an import may hold at most 5 files/, { IMPORT_MAX_FILES: "5" }],
    ["too deep", () => zipOf([{ path: "a/b/c/d/e.txt", data: Buffer.from("deep") }]), /"a\/b\/c\/d\/e\.txt" is nested 4 folders deep; imports are limited to 3/, { IMPORT_MAX_DEPTH: "3" }],
    ["too large in total", () => zipOf([{ path: "a.txt", data: Buffer.alloc(3000, 97) }, { path: "b.txt", data: Buffer.alloc(3000, 98) }]), /"b\.txt" takes the archive past 5000 bytes unpacked/, { IMPORT_MAX_UNPACKED_BYTES: "5000" }],
  ];
  it.each(cases)("%s", async (_name, make, message, env = {}) => {
    const before = await projectCount(alice);
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      const res = await importBytes(alice, "zip", await make(), "Hostile");
      expect(res.status).toBe(422);
      expect(res.data.error.code).toBe("invalid:archive");
      expect(res.data.error.message).toMatch(message);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
    expect(await projectCount(alice)).toBe(before);
  });

  it("a git bundle holding a symlink", async () => {
    const repo = path.join(work, "linkrepo");
    git(work, "init", "-q", repo);
    writeFileSync(path.join(repo, "a.txt"), "a\n");
    symlinkSync("/etc/passwd", path.join(repo, "passwd-link"));
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "link");
    git(repo, "bundle", "create", "-q", path.join(work, "link.bundle"), "--all");
    const before = await projectCount(alice);
    const res = await importBytes(alice, "bundle", readFileSync(path.join(work, "link.bundle")));
    expect(res.status).toBe(422);
    expect(res.data.error.message).toMatch(/"passwd-link" is a symbolic link/);
    expect(await projectCount(alice)).toBe(before);
  });

  it("a truncated bundle", async () => {
    const bundle = await exportBytes(alice, project.id, "git");
    const res = await importBytes(alice, "bundle", bundle.subarray(0, bundle.length - 40));
    expect(res.status).toBe(422);
    expect(res.data.error.message).toMatch(/checksum does not match|truncated/);
  });
});
