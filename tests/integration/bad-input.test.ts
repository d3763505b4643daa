import { beforeAll, describe, expect, it } from "vitest";
import * as agentRoute from "@/app/api/agent/route";
import * as chatRoute from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/chat/route";
import * as sessionRoute from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/route";
import * as sessionsRoute from "@/app/api/projects/[projectId]/agent/sessions/route";
import * as boxExecRoute from "@/app/api/projects/[projectId]/box/exec/route";
import * as boxFsRoute from "@/app/api/projects/[projectId]/box/fs/route";
import * as filesRoute from "@/app/api/projects/[projectId]/files/route";
import * as rawRoute from "@/app/api/projects/[projectId]/files/raw/route";
import * as projectRoute from "@/app/api/projects/[projectId]/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as snapshotsRoute from "@/app/api/projects/[projectId]/snapshots/route";
import * as projectsRoute from "@/app/api/projects/route";
import * as tokensRoute from "@/app/api/tokens/route";
import { saveChanges } from "@/lib/snapshots/save";
import { databaseFingerprint } from "./db-fingerprint";
import { withOwnDatabase } from "./own-database";
import { holdUpkeepWhileFileRuns } from "./row-changes";
import { call, signUpUser, type TestUser } from "./helpers";

withOwnDatabase();
holdUpkeepWhileFileRuns();

let user: TestUser;
let projectId: string;
let sessionId: string;

beforeAll(async () => {
  user = await signUpUser("Careful");
  projectId = (await call(projectsRoute.POST, { user, json: { name: "Inputs" } })).data.project.id;
  sessionId = (await call(sessionsRoute.POST, { user, params: { projectId }, json: {} })).data.session.id;
});

const head = async () => (await call(filesRoute.GET, { user, params: { projectId } })).data.snapshotId as string | null;

/** The server-sent events of a box command's answer. */
const events = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString()
    .split("\n\n")
    .filter((e) => e.startsWith("data: "))
    .map((e) => JSON.parse(e.slice(6)));

/** Sends a request that must be refused, and checks that it changed no row. */
async function refused(send: () => ReturnType<typeof call>) {
  const before = await databaseFingerprint();
  const res = await send();
  expect(await databaseFingerprint()).toBe(before);
  return res;
}

describe("text Postgres cannot store is a 400 naming the field, and changes nothing", () => {
  const requests: [string, RegExp, (text: string) => ReturnType<typeof call>][] = [
    ["a new project's name", /^name: Project name contains /, (name) => call(projectsRoute.POST, { user, json: { name } })],
    ["a project's new name", /^name: Project name contains /, (name) => call(projectRoute.PATCH, { user, params: { projectId }, method: "PATCH", json: { name } })],
    ["a token's name", /^name: Token name contains /, (name) => call(tokensRoute.POST, { user, json: { name } })],
    ["a new session's title", /^title: Session title contains /, (title) => call(sessionsRoute.POST, { user, params: { projectId }, json: { title } })],
    ["a session's new title", /^title: Session title contains /, (title) => call(sessionRoute.PATCH, { user, params: { projectId, sessionId }, method: "PATCH", json: { title } })],
    [
      "a save message",
      /^message: Save message contains /,
      async (message) => call(saveRoute.POST, { user, params: { projectId }, json: { baseSnapshotId: await head(), message, changes: [{ type: "write", path: "a.txt", content: "a" }] } }),
    ],
    ["a headless prompt", /^prompt: The prompt contains /, (prompt) => call(agentRoute.POST, { user, json: { prompt, projectId } })],
    [
      "chat text",
      /^message\.parts: The prompt contains /,
      (text) => call(chatRoute.POST, { user, params: { projectId, sessionId }, json: { message: { role: "user", parts: [{ type: "text", text }] } } }),
    ],
  ];

  it.each(requests)("%s with U+0000", async (_label, field, send) => {
    const res = await refused(() => send("a\u0000b"));
    expect(res.status).toBe(400);
    expect(res.data.error.code).toBe("bad_request:validation");
    expect(res.data.error.message).toMatch(field);
    expect(res.data.error.message).toMatch(/U\+0000 NULL, which cannot be stored/);
  });

  it.each(requests)("%s with a lone surrogate", async (_label, field, send) => {
    const res = await refused(() => send("a\ud800b"));
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(field);
    expect(res.data.error.message).toMatch(/U\+D800/);
  });
});

describe("box/fs decodes base64 as strictly as /save", () => {
  it.each([["%%%%"], ["aGVsbG8=!!!garbage"], ["aGVsbG8"]])("refuses %j with 422 invalid:encoding, like /save", async (base64) => {
    const viaBox = await refused(() => call(boxFsRoute.POST, { user, params: { projectId }, json: { op: "writeFile", path: "bad.bin", base64 } }));
    expect(viaBox.status).toBe(422);
    expect(viaBox.data.error.code).toBe("invalid:encoding");
    const viaSave = await refused(async () =>
      call(saveRoute.POST, { user, params: { projectId }, json: { baseSnapshotId: await head(), changes: [{ type: "write", path: "bad.bin", content: base64, encoding: "base64" }] } }),
    );
    expect(viaSave.status).toBe(422);
    expect(viaSave.data.error).toEqual(viaBox.data.error);
  });

  it("writes valid base64", async () => {
    const res = await call(boxFsRoute.POST, { user, params: { projectId }, json: { op: "writeFile", path: "good.bin", base64: "aGVsbG8=" } });
    expect(res.status).toBe(200);
    const read = await call(rawRoute.GET, { user, params: { projectId }, url: "/api/x?path=good.bin" });
    expect(Buffer.from(read.data).toString()).toBe("hello");
  });
});

describe("creating an agent session validates its body", () => {
  it.each([
    ["malformed JSON", { body: "{nope" }, 400, "bad_request:json"],
    ["a title of the wrong type", { json: { title: 5 } }, 400, "bad_request:validation"],
    ["an array", { json: [] }, 400, "bad_request:validation"],
    ["a 20 MB title", { json: { title: "x".repeat(20 * 1024 * 1024) } }, 413, "too_large:body"],
    ["a 1,000-deep array", { body: "[".repeat(1000) + "]".repeat(1000) }, 400, "bad_request:validation"],
  ])("refuses %s and creates no session", async (_label, body, status, code) => {
    const res = await refused(() => call(sessionsRoute.POST, { user, params: { projectId }, ...body }));
    expect(res.status).toBe(status);
    expect(res.data.error.code).toBe(code);
  });

  it.each([
    ["no body", {}, "New chat"],
    // As `curl -X POST` sends it: an empty body, no content type.
    ["an empty body", { body: "", contentType: null }, "New chat"],
    ["{}", { json: {} }, "New chat"],
    ["a title", { json: { title: " Mine " } }, "Mine"],
  ])("creates a session from %s", async (_label, body, title) => {
    const res = await call(sessionsRoute.POST, { user, params: { projectId }, method: "POST", ...body });
    expect(res.status).toBe(201);
    expect(res.data.session.title).toBe(title);
  });
});

describe("Unicode file names through /save", () => {
  const save = async (changes: unknown[]) => call(saveRoute.POST, { user, params: { projectId }, json: { baseSnapshotId: await head(), changes } });
  const listed = async () => (await call(filesRoute.GET, { user, params: { projectId } })).data.entries.map((e: { path: string }) => e.path) as string[];

  it("stores é typed as NFC or NFD as one file, under its NFC name", async () => {
    expect((await save([{ type: "write", path: "caf\u00e9.txt", content: "nfc" }])).status).toBe(200);
    expect((await save([{ type: "write", path: "cafe\u0301.txt", content: "nfd" }])).status).toBe(200);
    const names = await listed();
    expect(names.filter((p) => p.normalize("NFC") === "caf\u00e9.txt")).toEqual(["caf\u00e9.txt"]);
    const read = await call(rawRoute.GET, { user, params: { projectId }, url: `/api/x?path=${encodeURIComponent("cafe\u0301.txt")}` });
    expect(Buffer.from(read.data).toString()).toBe("nfd");
  });

  it("still opens, deletes and renames files stored under names refused today (saved before these rules)", async () => {
    const legacy = (await call(projectsRoute.POST, { user, json: { name: "Legacy names" } })).data.project as { id: string; headSnapshotId: string };
    const params = { projectId: legacy.id };
    // Written below the route's validation, as older versions of the app stored them: NFC and NFD twins, format characters.
    await saveChanges({
      projectId: legacy.id,
      baseSnapshotId: legacy.headSnapshotId,
      author: "user",
      userId: user.userId,
      changes: [
        { type: "write", path: "legacy\u202egnp.exe", content: "old", encoding: "utf8" },
        { type: "write", path: "twin-\u00e9.txt", content: "nfc", encoding: "utf8" },
        { type: "write", path: "twin-e\u0301.txt", content: "nfd", encoding: "utf8" },
        { type: "write", path: "soft\u00adhyphen.txt", content: "cf", encoding: "utf8" },
      ],
    });
    // A box starts from such a project.
    const ls = events((await call(boxExecRoute.POST, { user, params, json: { command: "ls" } })).data);
    expect(ls.find((e) => e.type === "result")?.stdout).toContain("soft\u00adhyphen.txt");

    const base = (await call(filesRoute.GET, { user, params })).data.snapshotId;
    const res = await call(saveRoute.POST, {
      user,
      params,
      json: {
        baseSnapshotId: base,
        changes: [
          { type: "delete", path: "legacy\u202egnp.exe" },
          { type: "move", from: "twin-e\u0301.txt", to: "twin-renamed.txt" },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.data.changes).toEqual(expect.arrayContaining([expect.objectContaining({ op: "delete", path: "legacy\u202egnp.exe" })]));
    const names = (await call(filesRoute.GET, { user, params })).data.entries.map((e: { path: string }) => e.path);
    expect(names).toEqual(expect.arrayContaining(["twin-\u00e9.txt", "twin-renamed.txt", "soft\u00adhyphen.txt"]));
    expect(names).not.toContain("legacy\u202egnp.exe");
    // A rename may only lead to a name allowed today.
    const refusedMove = await refused(() => call(saveRoute.POST, { user, params, json: { baseSnapshotId: res.data.snapshotId, changes: [{ type: "move", from: "twin-renamed.txt", to: "x\u202e.txt" }] } }));
    expect(refusedMove.status).toBe(400);
  });

  it.each([
    ["\ud800.txt", "U+D800 (half of a surrogate pair, not a character) is not allowed in file names"],
    ["invoice\u202egnp.exe", "U+202E RIGHT-TO-LEFT OVERRIDE (an invisible formatting character) is not allowed in file names"],
    ["a\u200b.txt", "U+200B ZERO WIDTH SPACE (an invisible formatting character) is not allowed in file names"],
    ["a\u0085.txt", "U+0085 (a control character) is not allowed in file names"],
  ])("refuses %j naming the character, and stores nothing", async (path, reason) => {
    const res = await refused(() => save([{ type: "write", path, content: "x" }]));
    expect(res.status).toBe(400);
    expect(res.data.error.message).toContain(reason);
  });
});

describe("labels made from other text are stored", () => {
  it("saves a command's writes although the command (its snapshot's label) holds U+0000 and half an emoji", async () => {
    const command = `echo labelled > labelled.txt # a\u0000b ${"😀".repeat(100)}`;
    const res = await call(boxExecRoute.POST, { user, params: { projectId }, json: { command } });
    const result = events(res.data).find((e) => e.type === "result");
    expect(result).toMatchObject({ exitCode: 0, changedPaths: ["labelled.txt"] });
    expect(result.saveError).toBeUndefined();
    const { snapshots } = (await call(snapshotsRoute.GET, { user, params: { projectId } })).data;
    expect(snapshots[0].id).toBe(result.snapshotId);
    expect(snapshots[0].message).toContain("a\u2400b");
  });
});
