import { readdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { inBackground } from "@/lib/background-work";
import { databaseFingerprint } from "./db-fingerprint";
import { withOwnDatabase } from "./own-database";
import { holdUpkeepWhileFileRuns } from "./row-changes";
import { acceptInvitation, createInvitation } from "@/lib/workspaces/invitations";
import { createWorkspace } from "@/lib/workspaces/lifecycle";
import { getDb } from "@/lib/db/client";
import { createShareLink } from "@/lib/share/links";
import { call, signUpUser, type TestUser } from "./helpers";

// Every route under app/api, called in-process against the real database with hostile input: wrong
// types, missing fields, huge strings, deep nesting, Unicode and path tricks, U+0000, malformed
// JSON, wrong content types, odd route params. No answer may be a 5xx, and a refused request may not
// change a row. A route file without an entry in `endpoints` fails the suite.

// Sign-in and sign-up limits would answer 429 before validating anything; they have tests of their own.
vi.hoisted(() => {
  process.env.AUTH_RATE_LIMIT_MAX = "100000";
  process.env.LINK_RATE_LIMIT_MAX = "100000";
});

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Params = Record<string, string | string[]>;
type Handler = (req: Request, context: { params: Promise<Params> }) => Promise<Response>;
type Fixture = {
  user: TestUser;
  projectId: string;
  sessionId: string;
  /** A fresh chat, for the requests that delete one. */
  newSessionId: () => Promise<string>;
  turnId: string;
  previewToken: string;
  email: string;
  /** The project's first snapshot: reads pinned to it stay valid while the fuzz saves. */
  firstSnapshotId: string;
  head: () => Promise<string | null>;
  newProjectId: () => Promise<string>;
  newTokenId: () => Promise<string>;
  /** A team workspace the fuzzer owns, with another member. */
  workspaceId: string;
  memberId: string;
  newWorkspaceId: () => Promise<string>;
  newMemberId: () => Promise<string>;
  /** A pending invitation of the team, for the fuzzer's own email (accepting it changes nothing). */
  newInvitation: () => Promise<{ id: string; token: string }>;
};
type Endpoint = {
  file: string;
  method: Method;
  /** The URL path better-auth routes on; other routes read only params and the query. */
  urlPath?: string;
  params?: (f: Fixture) => Params | Promise<Params>;
  query?: (f: Fixture) => Record<string, string>;
  /** A valid JSON body, as the IDE sends it; undefined for routes that read none. */
  body?: (f: Fixture) => unknown;
  /** The valid request's status (default: any 2xx). */
  expect?: number;
  /** Send no cookie (better-auth's sign-in and sign-up). */
  anonymous?: boolean;
};

const routeDir = path.join(process.cwd(), "app", "api");
const modules = import.meta.glob<Record<string, Handler>>("/app/api/**/route.ts");
const load = (file: string) => modules[`/${file}`]!();

// The content hash of the fixture's a.txt ("a"): sha256 of "blob 1\0a".
const aTxtHash = "eb337bcee2061c5313c9a1392116b6c76039e9e30d71467ae359b36277e17dc7";

/** A live fork link to the fixture's project, made directly (the links route is fuzzed on its own). */
const newShareLink = async (f: Fixture) => {
  const { workspaceId } = await (await getDb()).project.findUniqueOrThrow({ where: { id: f.projectId } });
  return createShareLink({ projectId: f.projectId, workspaceId, access: "fork", snapshotId: null, expiresAt: null, createdBy: f.user.userId });
};

const endpoints: Endpoint[] = [
  { file: "app/api/agent/models/route.ts", method: "GET" },
  { file: "app/api/agent/route.ts", method: "POST", body: (f) => ({ prompt: "hello", projectId: f.projectId }) },
  { file: "app/api/auth/[...all]/route.ts", method: "GET", urlPath: "/api/auth/get-session" },
  { file: "app/api/auth/[...all]/route.ts", method: "POST", urlPath: "/api/auth/sign-in/email", anonymous: true, body: (f) => ({ email: f.email, password: "correct horse battery" }) },
  {
    file: "app/api/auth/[...all]/route.ts",
    method: "POST",
    urlPath: "/api/auth/sign-up/email",
    anonymous: true,
    body: () => ({ email: `fuzz-${randomUUID()}@example.test`, password: "correct horse battery", name: "Fuzz" }),
  },
  { file: "app/api/auth/[...all]/route.ts", method: "POST", urlPath: "/api/auth/update-user", body: () => ({ name: "Fuzzer renamed" }) },
  { file: "app/api/preview/[token]/[[...path]]/route.ts", method: "GET", params: (f) => ({ token: f.previewToken, path: ["a.txt"] }) },
  {
    file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/chat/route.ts",
    method: "POST",
    params: (f) => ({ projectId: f.projectId, sessionId: f.sessionId }),
    body: () => ({ message: { id: "fuzz-message", role: "user", parts: [{ type: "text", text: "hello" }] }, trigger: "submit-message" }),
  },
  { file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId, sessionId: f.sessionId }) },
  {
    file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/route.ts",
    method: "PATCH",
    params: (f) => ({ projectId: f.projectId, sessionId: f.sessionId }),
    body: () => ({ title: "Fuzzed", approvalMode: "auto", allowList: ["ls"] }),
  },
  {
    file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/route.ts",
    method: "DELETE",
    params: async (f) => ({ projectId: f.projectId, sessionId: await f.newSessionId() }),
    expect: 204,
  },
  { file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/stop/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId, sessionId: f.sessionId }) },
  { file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/stream/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId, sessionId: f.sessionId }), expect: 204 },
  { file: "app/api/projects/[projectId]/agent/sessions/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }), query: () => ({ q: "hello", limit: "5" }) },
  { file: "app/api/projects/[projectId]/agent/sessions/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }), body: () => ({ title: "Fuzz session" }), expect: 201 },
  { file: "app/api/projects/[projectId]/agent/turns/[turnId]/changes/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId, turnId: f.turnId }) },
  {
    file: "app/api/projects/[projectId]/agent/turns/[turnId]/review/route.ts",
    method: "POST",
    params: (f) => ({ projectId: f.projectId, turnId: f.turnId }),
    body: () => ({ path: "made.txt", decision: "accept", force: false }),
  },
  { file: "app/api/projects/[projectId]/agent/turns/[turnId]/stop/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId, turnId: f.turnId }) },
  { file: "app/api/projects/[projectId]/agent/turns/[turnId]/undo-last-edit/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId, turnId: f.turnId }) },
  { file: "app/api/projects/[projectId]/agent/turns/[turnId]/undo/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId, turnId: f.turnId }) },
  { file: "app/api/projects/[projectId]/blobs/[hash]/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId, hash: aTxtHash }) },
  { file: "app/api/projects/[projectId]/box/exec/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }), body: () => ({ command: "echo hi", cwd: "", timeoutMs: 5000, stdin: "", env: { A: "1" } }) },
  { file: "app/api/projects/[projectId]/box/fs/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }), body: () => ({ op: "writeFile", path: "fuzz/w.txt", base64: "aGk=" }) },
  { file: "app/api/projects/[projectId]/box/fs/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }), body: () => ({ op: "readFile", path: "a.txt" }) },
  { file: "app/api/projects/[projectId]/box/fs/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }), body: () => ({ op: "rename", from: "fuzz/w.txt", to: "fuzz/moved.txt" }) },
  { file: "app/api/projects/[projectId]/files/raw/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }), query: (f) => ({ path: "a.txt", snapshotId: f.firstSnapshotId }) },
  { file: "app/api/projects/[projectId]/files/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }), query: (f) => ({ snapshotId: f.firstSnapshotId }) },
  { file: "app/api/projects/[projectId]/head/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }), query: (f) => ({ since: f.firstSnapshotId }) },
  { file: "app/api/projects/[projectId]/locks/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }) },
  { file: "app/api/projects/[projectId]/locks/route.ts", method: "PUT", params: (f) => ({ projectId: f.projectId }), body: () => ({ paths: ["locked.txt"] }) },
  {
    file: "app/api/projects/[projectId]/presence/route.ts",
    method: "POST",
    params: (f) => ({ projectId: f.projectId }),
    body: () => ({ clientId: "fuzz-tab-000000000001", path: "src/a.ts" }),
    expect: 204,
  },
  { file: "app/api/projects/[projectId]/presence/route.ts", method: "DELETE", params: (f) => ({ projectId: f.projectId }), body: () => ({ clientId: "fuzz-tab-000000000001" }), expect: 204 },
  { file: "app/api/projects/[projectId]/preview-token/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }) },
  { file: "app/api/projects/[projectId]/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }) },
  { file: "app/api/projects/[projectId]/route.ts", method: "PATCH", params: (f) => ({ projectId: f.projectId }), body: () => ({ name: "Fuzz target" }) },
  { file: "app/api/projects/[projectId]/route.ts", method: "DELETE", params: async (f) => ({ projectId: await f.newProjectId() }), expect: 204 },
  {
    file: "app/api/projects/[projectId]/save/route.ts",
    method: "POST",
    params: (f) => ({ projectId: f.projectId }),
    body: async (f) => ({ baseSnapshotId: await f.head(), message: "fuzz", changes: [{ type: "write", path: "fuzz/s.txt", content: "hi", encoding: "utf8" }] }),
  },
  { file: "app/api/projects/[projectId]/snapshots/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }) },
  { file: "app/api/projects/[projectId]/snapshots/[snapshotId]/content/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId, snapshotId: f.firstSnapshotId }) },
  { file: "app/api/projects/[projectId]/snapshots/[snapshotId]/content/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId, snapshotId: f.firstSnapshotId }), body: () => ({ hashes: [aTxtHash] }) },
  { file: "app/api/projects/route.ts", method: "GET" },
  { file: "app/api/projects/route.ts", method: "POST", body: () => ({ name: "Fuzz project" }), expect: 201 },
  { file: "app/api/workspaces/route.ts", method: "GET" },
  { file: "app/api/workspaces/route.ts", method: "POST", body: () => ({ name: "Fuzz team" }), expect: 201 },
  { file: "app/api/workspaces/[workspaceId]/route.ts", method: "PATCH", params: (f) => ({ workspaceId: f.workspaceId }), body: () => ({ name: "Fuzz team renamed" }) },
  { file: "app/api/workspaces/[workspaceId]/route.ts", method: "DELETE", params: async (f) => ({ workspaceId: await f.newWorkspaceId() }), body: () => ({ confirmName: "Fuzz doomed" }) },
  { file: "app/api/workspaces/[workspaceId]/restore/route.ts", method: "POST", params: (f) => ({ workspaceId: f.workspaceId }) },
  { file: "app/api/workspaces/[workspaceId]/audit/route.ts", method: "GET", params: (f) => ({ workspaceId: f.workspaceId }) },
  { file: "app/api/workspaces/[workspaceId]/members/route.ts", method: "GET", params: (f) => ({ workspaceId: f.workspaceId }) },
  { file: "app/api/workspaces/[workspaceId]/members/[userId]/route.ts", method: "PATCH", params: (f) => ({ workspaceId: f.workspaceId, userId: f.memberId }), body: () => ({ role: "viewer" }) },
  { file: "app/api/workspaces/[workspaceId]/members/[userId]/route.ts", method: "DELETE", params: async (f) => ({ workspaceId: f.workspaceId, userId: await f.newMemberId() }), expect: 204 },
  { file: "app/api/workspaces/[workspaceId]/invitations/route.ts", method: "GET", params: (f) => ({ workspaceId: f.workspaceId }) },
  { file: "app/api/workspaces/[workspaceId]/invitations/route.ts", method: "POST", params: (f) => ({ workspaceId: f.workspaceId }), body: () => ({ email: "fuzz-invitee@example.test", role: "editor" }), expect: 201 },
  {
    file: "app/api/workspaces/[workspaceId]/invitations/[invitationId]/route.ts",
    method: "DELETE",
    params: async (f) => ({ workspaceId: f.workspaceId, invitationId: (await f.newInvitation()).id }),
    expect: 204,
  },
  { file: "app/api/invitations/[token]/accept/route.ts", method: "POST", params: async (f) => ({ token: (await f.newInvitation()).token }) },
  { file: "app/api/projects/[projectId]/move/route.ts", method: "POST", params: async (f) => ({ projectId: await f.newProjectId() }), body: (f) => ({ workspaceId: f.workspaceId }) },
  { file: "app/api/tokens/[tokenId]/route.ts", method: "DELETE", params: async (f) => ({ tokenId: await f.newTokenId() }) },
  { file: "app/api/projects/[projectId]/links/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }) },
  { file: "app/api/projects/[projectId]/links/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }), body: () => ({ access: "view" }), expect: 201 },
  { file: "app/api/projects/[projectId]/links/[linkId]/route.ts", method: "DELETE", params: async (f) => ({ projectId: f.projectId, linkId: (await newShareLink(f)).link.id }) },
  { file: "app/api/projects/[projectId]/fork/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }) },
  { file: "app/api/projects/[projectId]/fork/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }), body: () => ({ name: "Fuzz fork" }), expect: 201 },
  { file: "app/api/share/[token]/route.ts", method: "GET", params: async (f) => ({ token: (await newShareLink(f)).token }) },
  { file: "app/api/share/[token]/files/route.ts", method: "GET", params: async (f) => ({ token: (await newShareLink(f)).token }) },
  { file: "app/api/share/[token]/files/raw/route.ts", method: "GET", params: async (f) => ({ token: (await newShareLink(f)).token }), query: () => ({ path: "a.txt" }) },
  { file: "app/api/share/[token]/head/route.ts", method: "GET", params: async (f) => ({ token: (await newShareLink(f)).token }) },
  { file: "app/api/share/[token]/preview-token/route.ts", method: "POST", params: async (f) => ({ token: (await newShareLink(f)).token }) },
  { file: "app/api/share/[token]/box/exec/route.ts", method: "POST", params: async (f) => ({ token: (await newShareLink(f)).token }), body: () => ({ command: "true" }) },
  { file: "app/api/share/[token]/box/fs/route.ts", method: "POST", params: async (f) => ({ token: (await newShareLink(f)).token }), body: () => ({ op: "exists", path: "a.txt" }) },
  { file: "app/api/share/[token]/fork/route.ts", method: "POST", params: async (f) => ({ token: (await newShareLink(f)).token }), body: () => ({ name: "Fuzz fork" }), expect: 201 },
  { file: "app/api/projects/[projectId]/history/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }), query: () => ({ limit: "20", author: "agent", path: "a.txt", q: "a" }) },
  { file: "app/api/projects/[projectId]/history/diff/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }), query: (f) => ({ to: f.firstSnapshotId }) },
  { file: "app/api/projects/[projectId]/history/restore/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }), body: (f) => ({ snapshotId: f.firstSnapshotId, path: "a.txt" }) },
  { file: "app/api/projects/[projectId]/labels/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }) },
  { file: "app/api/projects/[projectId]/labels/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }), body: (f) => ({ snapshotId: f.firstSnapshotId, name: `fuzz ${Math.random()}` }), expect: 201 },
  {
    file: "app/api/projects/[projectId]/labels/[labelId]/route.ts",
    method: "DELETE",
    params: async (f) => {
      const label = await (await getDb()).snapshotLabel.create({ data: { projectId: f.projectId, snapshotId: f.firstSnapshotId, name: `fuzz doomed ${Math.random()}` } });
      return { projectId: f.projectId, labelId: label.id };
    },
  },
  { file: "app/api/projects/[projectId]/search/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }), body: () => ({ query: "a", regex: false, caseSensitive: false, wholeWord: false }) },
  { file: "app/api/projects/[projectId]/search/replace/route.ts", method: "POST", params: (f) => ({ projectId: f.projectId }), body: (f) => ({ query: "a", replacement: "b", snapshotId: f.firstSnapshotId }) },
  { file: "app/api/projects/[projectId]/export/route.ts", method: "GET", params: (f) => ({ projectId: f.projectId }), query: () => ({ format: "zip" }) },
  { file: "app/api/starters/route.ts", method: "GET" },
  { file: "app/api/starters/route.ts", method: "POST", body: () => ({ starter: "node-script", name: "Fuzz starter" }), expect: 201 },
  // A JSON body is not an archive: refused as such, which is what the fuzz checks around it.
  { file: "app/api/import/route.ts", method: "POST", query: () => ({ format: "zip", name: "Fuzz import" }), body: () => ({ not: "a zip" }), expect: 422 },
  { file: "app/api/tokens/route.ts", method: "GET" },
  { file: "app/api/tokens/route.ts", method: "POST", body: () => ({ name: "fuzz token" }), expect: 201 },
  { file: "app/api/settings/preferences/route.ts", method: "GET" },
  { file: "app/api/settings/preferences/route.ts", method: "PUT", body: () => ({ theme: "light", fontSize: 14, tabSize: 4, wordWrap: true, minimap: false }) },
];

// ---- hostile values ----------------------------------------------------------------------------

const megabyte = "x".repeat(1024 * 1024);
const deepMarker = "\u0001deep\u0001";
const deepArray = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

const wrongValues: [string, unknown][] = [
  ["-1.5", -1.5],
  ["true", true],
  ["null", null],
  ["[]", []],
  ["{}", {}],
  ['""', ""],
  ["1 MB string", megabyte],
  ["U+0000", "a\u0000b"],
  ["lone surrogate", "\ud800"],
  ["RLO", "\u202eexe.txt"],
  ["10k-deep array", deepMarker],
];
const pathTricks = ["../x", "..", "/etc/passwd", "a\\b", "%2e%2e/x", "a/../../b", `${"d/".repeat(40)}f`, "y".repeat(5000), "z".repeat(256), ".", "...", " ", "CON", "a\nb", "a\u200bb", "cafe\u0301"];
const paramTricks = ["", "%", "../x", "a\u0000b", "\ud800", "\u202e", "x".repeat(10_000), "__proto__"];
const isPathField = (key: string) => /^(path|paths|from|to|cwd)$/.test(key);

type Case = {
  label: string;
  params: Params;
  query: Record<string, string>;
  /** Sent as it is, escapes and repeats included, instead of `query`. */
  rawQuery?: string;
  body?: string | Uint8Array;
  contentType?: string | null;
  origin?: string | null;
  headers?: Record<string, string>;
};

/** The key path of every field in a JSON value (into objects, and into the first element of arrays). */
function fieldPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) return value.length ? [...here, ...fieldPaths(value[0], [...prefix, 0])] : here;
  if (value && typeof value === "object") return [...here, ...Object.entries(value).flatMap(([key, item]) => fieldPaths(item, [...prefix, key]))];
  return here;
}

function withField(body: unknown, at: (string | number)[], value: unknown, remove = false): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = at.at(-1)!;
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const json = (value: unknown) => JSON.stringify(value).replace(JSON.stringify(deepMarker), deepArray(10_000));

function casesFor(endpoint: Endpoint, params: Params, query: Record<string, string>, body: unknown): Case[] {
  const base = { params, query };
  const valid = body === undefined ? undefined : json(body);
  const cases: Case[] = [{ label: "valid", ...base, body: valid, contentType: valid === undefined ? null : "application/json" }];
  const raw = (label: string, text: string | Uint8Array, contentType: string | null = "application/json") => cases.push({ label, ...base, body: text, contentType });

  // The body as a whole (a GET has none).
  if (endpoint.method !== "GET") addBodyCases();
  function addBodyCases() {
  raw("malformed JSON", "{");
  raw("truncated JSON", '{"a":');
  raw("empty body", "");
  for (const literal of ["null", "[]", '"text"', "1e309", "true", "{}"]) raw(`body ${literal}`, literal);
  raw("__proto__ key", '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}');
  raw("100k-deep array", deepArray(100_000));
  raw("50k-deep object", deepObject(50_000));
  raw("invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
  raw("U+0000 between tokens", "{\u0000}");
  if (valid !== undefined) {
    raw("BOM", `\ufeff${valid}`);
    raw("text/plain", valid, "text/plain");
    raw("form content type", valid, "application/x-www-form-urlencoded");
    raw("no content type", valid, null);
    raw("20 MB body", json({ ...(body as object), padding: "x".repeat(20 * 1024 * 1024) }));
    cases.push({ label: "cross-site Origin", ...base, body: valid, contentType: "application/json", origin: "https://evil.example" });
    cases.push({ label: "Origin null", ...base, body: valid, contentType: "application/json", origin: "null" });
    cases.push({ label: "lying content-length", ...base, body: valid, contentType: "application/json", headers: { "content-length": "99999999999" } });
  }
  }

  // Each field: missing, of the wrong type, hostile, and path tricks where it is a path.
  if (body !== undefined && typeof body === "object")
    for (const at of fieldPaths(body)) {
      const name = at.join(".");
      raw(`${name} missing`, json(withField(body, at, undefined, true)));
      for (const [label, value] of wrongValues) raw(`${name} = ${label}`, json(withField(body, at, value)));
      const key = String(at.findLast((k) => typeof k === "string"));
      if (isPathField(key)) for (const trick of pathTricks) raw(`${name} = ${JSON.stringify(trick)}`, json(withField(body, at, trick)));
    }

  // The query string and the route's own segments.
  for (const key of Object.keys(query)) {
    for (const trick of [...pathTricks, ...paramTricks]) cases.push({ label: `?${key}=${JSON.stringify(trick)}`, params, query: { ...query, [key]: trick }, body: valid, contentType: valid && "application/json" });
    const rest = Object.fromEntries(Object.entries(query).filter(([name]) => name !== key));
    cases.push({ label: `?${key} missing`, params, query: rest, body: valid, contentType: valid && "application/json" });
    const given = new URLSearchParams(query).toString();
    for (const rawQuery of [`${given}&${key}=again`, `${key}=%ZZ`, `${key}=%00`, `${key}=%E0%A4%A`, `${key}[]=a&${key}[x]=b`])
      cases.push({ label: `?${rawQuery}`, params, query, rawQuery, body: valid, contentType: valid && "application/json" });
  }
  for (const key of Object.keys(params)) {
    const tricks: (string | string[])[] = Array.isArray(params[key]) ? [["..", "x"], ["100%.html"], ["a\u0000b"], ["%2e%2e", "x"], Array(40).fill("d"), ["x".repeat(300)], ["\ud800"], ["\u202e.html"], [], ["CON"]] : paramTricks;
    for (const trick of tricks) cases.push({ label: `:${key} = ${JSON.stringify(trick).slice(0, 40)}`, params: { ...params, [key]: trick }, query, body: valid, contentType: valid && "application/json" });
  }
  return cases;
}

// ---- running them ------------------------------------------------------------------------------

function buildRequest(endpoint: Endpoint, c: Case, user: TestUser): Request {
  const url = new URL(`http://localhost:3000${endpoint.urlPath ?? "/api/fuzz"}`);
  if (c.rawQuery !== undefined) url.search = c.rawQuery;
  else for (const [key, value] of Object.entries(c.query)) url.searchParams.append(key, value);
  // As a browser sends it: the session cookie, the app's own Origin, JSON.
  const headers = new Headers(endpoint.anonymous ? { host: "localhost:3000" } : user.headers);
  if (c.origin !== null) headers.set("origin", c.origin ?? "http://localhost:3000");
  if (c.contentType) headers.set("content-type", c.contentType);
  for (const [name, value] of Object.entries(c.headers ?? {})) headers.set(name, value);
  const body = endpoint.method === "GET" ? undefined : c.body;
  return new Request(url, { method: endpoint.method, headers, body: body as BodyInit | undefined });
}

/** Reads the whole answer: a stream ends only when its turn or command is done and stored. */
async function drain(res: Response): Promise<string> {
  // A live channel (the head's) never ends; what it sends first is its answer. An agent turn's stream
  // (also server-sent events) ends with its turn, and is read to the end like any other answer.
  if (res.headers.get("content-type")?.startsWith("text/event-stream") && !res.headers.has("x-vercel-ai-ui-message-stream")) {
    const reader = res.body!.getReader();
    const first = await reader.read();
    await reader.cancel();
    return Buffer.from(first.value ?? []).toString("utf8");
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  return Buffer.from(bytes.subarray(0, 1024 * 1024)).toString("utf8");
}

async function run(endpoint: Endpoint, fixture: Fixture) {
  const handler = (await load(endpoint.file))[endpoint.method]!;
  const params = (await endpoint.params?.(fixture)) ?? {};
  const query = endpoint.query?.(fixture) ?? {};
  const body = await endpoint.body?.(fixture);
  const problems: string[] = [];
  let before: string | undefined;
  let validStatus = 0;
  for (const c of casesFor(endpoint, params, query, body)) {
    before ??= await databaseFingerprint();
    const res = await handler(buildRequest(endpoint, c, fixture.user), { params: Promise.resolve(c.params) });
    const text = await drain(res);
    if (c.label === "valid") validStatus = res.status;
    if (res.status >= 500) problems.push(`${c.label}: ${res.status} ${text.slice(0, 200)}`);
    // Streams answer 200 first; a failure inside them must still not be an internal error.
    else if (/"code":"internal"/.test(text)) problems.push(`${c.label}: internal error in the stream: ${text.slice(0, 200)}`);
    if (res.status >= 400) {
      const after = await databaseFingerprint();
      if (after !== before) problems.push(`${c.label}: refused with ${res.status}, but rows changed`);
      before = after;
    } else before = undefined;
  }
  return { problems, validStatus };
}

withOwnDatabase();
holdUpkeepWhileFileRuns();

let fixture: Fixture;

beforeAll(async () => {
  const projects = await load("app/api/projects/route.ts");
  const files = await load("app/api/projects/[projectId]/files/route.ts");
  const save = await load("app/api/projects/[projectId]/save/route.ts");
  const sessions = await load("app/api/projects/[projectId]/agent/sessions/route.ts");
  const agent = await load("app/api/agent/route.ts");
  const previewToken = await load("app/api/projects/[projectId]/preview-token/route.ts");
  const tokens = await load("app/api/tokens/route.ts");
  const user = await signUpUser("Fuzzer");
  const caller = { userId: user.userId, name: "Fuzzer", email: user.email };
  const newWorkspaceId = async () => (await createWorkspace({ caller, name: "Fuzz doomed" })).id;
  const workspaceId = await newWorkspaceId();
  const newInvitation = () => createInvitation({ caller, workspaceId, email: user.email, role: "editor" });
  const newMemberId = async () => {
    const member = await signUpUser("Fuzz member");
    const { token } = await createInvitation({ caller, workspaceId, email: member.email, role: "editor" });
    await acceptInvitation({ caller: { userId: member.userId, name: "Fuzz member", email: member.email }, token, headers: new Headers() });
    return member.userId;
  };
  const newProjectId = async () => (await call(projects.POST!, { user, json: { name: "Fuzz" } })).data.project.id as string;
  const projectId = await newProjectId();
  const head = async () => (await call(files.GET!, { user, params: { projectId } })).data.snapshotId as string | null;
  const first = await call(save.POST!, { user, params: { projectId }, json: { baseSnapshotId: await head(), changes: [{ type: "write", path: "a.txt", content: "a" }] } });
  const newSessionId = async () => (await call(sessions.POST!, { user, params: { projectId }, json: {} })).data.session.id as string;
  const sessionId = await newSessionId();
  // A turn of the built-in agent that writes a file, so review, changes and undo have work to do.
  const turn = await call(agent.POST!, { user, json: { projectId, sessionId, prompt: "execute code\n```js\nrequire('fs').writeFileSync('made.txt', 'made')\n```" } });
  expect(turn.status).toBe(200);
  const grant = await call(previewToken.POST!, { user, params: { projectId }, method: "POST" });
  fixture = {
    user,
    projectId,
    sessionId,
    newSessionId,
    turnId: turn.data.turnId,
    previewToken: grant.data.baseUrl.split("/")[3],
    email: user.email,
    firstSnapshotId: first.data.snapshotId,
    head,
    newProjectId,
    workspaceId,
    memberId: await newMemberId(),
    newWorkspaceId,
    newMemberId,
    newInvitation,
    newTokenId: async () => (await call(tokens.POST!, { user, json: { name: "to revoke" } })).data.token.id as string,
  };
  // An agent turn, a box and several sign-ups: over a minute on a busy two-core machine.
}, 120_000);

describe("route fuzz", () => {
  it("covers every route file and method under app/api", async () => {
    const files = (readdirSync(routeDir, { recursive: true }) as string[])
      .filter((f) => path.basename(f) === "route.ts")
      .map((f) => path.posix.join("app/api", f.split(path.sep).join("/")))
      .sort();
    expect(Object.keys(modules).map((k) => k.slice(1)).sort()).toEqual(files);
    const exported = (
      await Promise.all(files.map(async (file) => Object.keys(await load(file)).filter((name) => /^(GET|POST|PUT|PATCH|DELETE)$/.test(name)).map((method) => `${method} ${file}`)))
    ).flat();
    const fuzzed = new Set(endpoints.map((e) => `${e.method} ${e.file}`));
    expect(exported.filter((route) => !fuzzed.has(route))).toEqual([]);
  });

  it("notices a changed row", async () => {
    const before = await databaseFingerprint();
    await fixture.newProjectId();
    expect(await databaseFingerprint()).not.toBe(before);
  });

  it("notices a row written in the background after the answer", async () => {
    const before = await databaseFingerprint();
    inBackground(new Promise((resolve) => setTimeout(resolve, 300)).then(() => fixture.newProjectId()));
    expect(await databaseFingerprint()).not.toBe(before);
  });

  it.each(endpoints.map((e) => [`${e.method} ${e.urlPath ?? e.file.replace(/^app|\/route\.ts$/g, "")}`, e] as const))(
    "%s: no 5xx, and nothing changes on a refused request",
    async (_name, endpoint) => {
      const { problems, validStatus } = await run(endpoint, fixture);
      if (endpoint.expect) expect(validStatus).toBe(endpoint.expect);
      else expect(validStatus, "the valid request").toBeLessThan(300);
      expect(problems.join("\n")).toBe("");
    },
  );
});
