import { getDb } from "@/lib/db/client";
import { zipParts } from "@/lib/transfer/zip-write";
import type { MatrixCaller, World } from "./matrix-world";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Params = Record<string, string | string[]>;

/**
 * Who may do what a row does:
 * - read … restore: an action on the team's project or workspace, allowed from `leastRole` up; a
 *   lower role gets 403, or 404 where `hiddenBelow` (a private chat, a deleted workspace).
 * - self: the caller's own things (their project and workspace lists, new projects, the model list).
 * - new team: creating a team workspace, which a token scoped to one workspace may not.
 * - account: managing the caller's API tokens (a session; a token may not, or may, do it).
 * - owner's token: revoking one of the owner's tokens.
 * - public: answers anyone, with nothing of the project (better-auth's get-session).
 * - session: better-auth's own routes, on the caller's browser session only.
 * - preview grant: the preview's capability URL, minted for the caller's account on the project, or
 *   for the caller's share link (while it was open).
 * - link, link fork, link run: what a share link opens; the token in the URL is the caller's (or a
 *   wrong one). Running is in the signed-in visitor's own box, never saved to the project.
 * - invitation: accepting an invitation for an email none of the callers has (never with an API token).
 */
export type Access =
  | keyof typeof leastRole
  | "self"
  | "new team"
  | "account"
  | "owner's token"
  | "public"
  | "session"
  | "preview grant"
  | "link"
  | "link fork"
  | "link run"
  | "invitation"
  | "invitation page";

export type Row = {
  file: string;
  method: Method;
  access: Access;
  /** The URL path better-auth routes on; other routes read only params and the query. */
  urlPath?: string;
  params?: (w: World, caller: MatrixCaller) => Params | Promise<Params>;
  query?: (w: World) => Record<string, string>;
  /** A valid JSON body, as the IDE sends it; undefined for routes that read none. */
  body?: (w: World, caller: MatrixCaller) => unknown;
  /** A body that is not JSON (an uploaded archive), with its content type. */
  upload?: () => Promise<{ contentType: string; bytes: Uint8Array }>;
  /** Answers past authorization besides 2xx: a turn already undone is a conflict, not a refusal. */
  also?: number[];
  /** A channel that never ends: its first event is its answer (other streams are read to the end). */
  live?: boolean;
  /** The row acts on a workspace besides the team's too (a fresh one, a move's target): outside a team-scoped token's reach. */
  beyondTeam?: boolean;
};

type Role = "viewer" | "editor" | "admin" | "owner";
/** The least role allowed, and whether a lower one is told the thing does not exist. */
export const leastRole: Record<string, { role: Role; hiddenBelow?: boolean }> = {
  read: { role: "viewer" },
  // Viewers run projects in their own sandbox; nothing they run is saved.
  run: { role: "viewer" },
  write: { role: "editor" },
  agent: { role: "editor" },
  rename: { role: "editor" },
  delete: { role: "admin" },
  share: { role: "admin" },
  move: { role: "admin" },
  // Chats are private to whoever started them (the owner here): anyone else's answers 404.
  "owner's chat": { role: "owner", hiddenBelow: true },
  "workspace read": { role: "viewer" },
  "workspace manage": { role: "admin" },
  "audit page": { role: "admin", hiddenBelow: true },
  "workspace delete": { role: "owner" },
  // A deleted workspace answers 404 to all but its owners.
  "workspace restore": { role: "owner", hiddenBelow: true },
};

/** A one-file zip, for the import row. */
async function matrixZip() {
  const parts: Uint8Array[] = [];
  for await (const part of zipParts([{ path: "imported.txt", data: new TextEncoder().encode("imported") }], new Date())) parts.push(part);
  return { contentType: "application/zip", bytes: Buffer.concat(parts) };
}

/** Each caller's own tab: a tab id is one person's. */
const tabOf = (caller: MatrixCaller) => `matrix-tab-${caller.name.replace(/\W/g, "-")}`.padEnd(20, "0").slice(0, 64);
const project = (w: World) => ({ projectId: w.projectId });
const session = (w: World) => ({ projectId: w.projectId, sessionId: w.sessionId });
const turn = (w: World) => ({ projectId: w.projectId, turnId: w.turnId });
const team = (w: World) => ({ workspaceId: w.teamWorkspaceId });
export const linkToken = (_w: World, caller: MatrixCaller) => ({ token: caller.link?.token ?? wrongLinkToken });
// Shaped like a link token, matching none.
const wrongLinkToken = "A".repeat(43);

export const rows: Row[] = [
  { file: "app/api/agent/models/route.ts", method: "GET", access: "self" },
  { file: "app/api/agent/route.ts", method: "POST", access: "agent", body: (w) => ({ prompt: "hello", projectId: w.projectId }), also: [409] },
  { file: "app/api/auth/[...all]/route.ts", method: "GET", access: "public", urlPath: "/api/auth/get-session" },
  { file: "app/api/auth/[...all]/route.ts", method: "POST", access: "session", urlPath: "/api/auth/update-user", body: () => ({ name: "Matrix renamed" }) },
  { file: "app/api/preview/[token]/[[...path]]/route.ts", method: "GET", access: "preview grant" },
  {
    file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/chat/route.ts",
    method: "POST",
    access: "owner's chat",
    params: session,
    body: () => ({ message: { id: `matrix-${Math.random()}`, role: "user", parts: [{ type: "text", text: "hello" }] }, trigger: "submit-message" }),
    also: [409],
  },
  { file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/route.ts", method: "GET", access: "owner's chat", params: session },
  { file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/route.ts", method: "PATCH", access: "owner's chat", params: session, body: (w) => ({ title: `chat ${w.marker}` }) },
  {
    file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/route.ts",
    method: "DELETE",
    access: "owner's chat",
    params: async (w) => ({ projectId: w.projectId, sessionId: await w.newSessionId() }),
  },
  { file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/stop/route.ts", method: "POST", access: "owner's chat", params: session, also: [409] },
  { file: "app/api/projects/[projectId]/agent/sessions/[sessionId]/stream/route.ts", method: "GET", access: "owner's chat", params: session },
  { file: "app/api/projects/[projectId]/agent/sessions/route.ts", method: "GET", access: "read", params: project, query: (w) => ({ q: w.marker }) },
  { file: "app/api/projects/[projectId]/agent/sessions/route.ts", method: "POST", access: "agent", params: project, body: () => ({ title: "Matrix session" }) },
  { file: "app/api/projects/[projectId]/agent/turns/[turnId]/changes/route.ts", method: "GET", access: "owner's chat", params: turn },
  {
    file: "app/api/projects/[projectId]/agent/turns/[turnId]/review/route.ts",
    method: "POST",
    access: "owner's chat",
    params: turn,
    body: (w) => ({ path: `made-${w.marker}.txt`, decision: "accept", force: false }),
    also: [409],
  },
  { file: "app/api/projects/[projectId]/agent/turns/[turnId]/stop/route.ts", method: "POST", access: "owner's chat", params: turn, also: [409] },
  { file: "app/api/projects/[projectId]/agent/turns/[turnId]/undo-last-edit/route.ts", method: "POST", access: "owner's chat", params: turn, also: [409, 422] },
  { file: "app/api/projects/[projectId]/agent/turns/[turnId]/undo/route.ts", method: "POST", access: "owner's chat", params: turn, also: [409] },
  { file: "app/api/projects/[projectId]/blobs/[hash]/route.ts", method: "GET", access: "read", params: (w) => ({ projectId: w.projectId, hash: w.blobHash }) },
  { file: "app/api/projects/[projectId]/history/route.ts", method: "GET", access: "read", params: project, query: () => ({ limit: "20" }) },
  { file: "app/api/projects/[projectId]/history/diff/route.ts", method: "GET", access: "read", params: project, query: (w) => ({ to: w.firstSnapshotId }) },
  // One file, as it was in the first snapshot: the project keeps its other files for the other rows.
  { file: "app/api/projects/[projectId]/history/restore/route.ts", method: "POST", access: "write", params: project, body: (w) => ({ snapshotId: w.firstSnapshotId, path: `${w.marker}.txt` }), also: [409] },
  { file: "app/api/projects/[projectId]/search/route.ts", method: "POST", access: "read", params: project, body: (w) => ({ query: w.marker }) },
  // Replacing the marker by itself changes nothing (422): the other rows keep their files.
  { file: "app/api/projects/[projectId]/search/replace/route.ts", method: "POST", access: "write", params: project, body: (w) => ({ query: w.marker, replacement: w.marker, snapshotId: w.firstSnapshotId }), also: [409, 422] },
  { file: "app/api/projects/[projectId]/labels/route.ts", method: "GET", access: "read", params: project },
  { file: "app/api/projects/[projectId]/labels/route.ts", method: "POST", access: "write", params: project, body: (w) => ({ snapshotId: w.firstSnapshotId, name: `matrix ${Math.random()}` }) },
  {
    file: "app/api/projects/[projectId]/labels/[labelId]/route.ts",
    method: "DELETE",
    access: "write",
    params: async (w) => {
      const label = await (await getDb()).snapshotLabel.create({ data: { projectId: w.projectId, snapshotId: w.firstSnapshotId, name: `to remove ${Math.random()}` } });
      return { projectId: w.projectId, labelId: label.id };
    },
  },
  { file: "app/api/projects/[projectId]/box/exec/route.ts", method: "POST", access: "run", params: project, body: () => ({ command: "echo hi", cwd: "", timeoutMs: 5000, stdin: "", env: {} }) },
  { file: "app/api/projects/[projectId]/box/fs/route.ts", method: "POST", access: "read", params: project, body: (w) => ({ op: "readFile", path: `${w.marker}.txt` }) },
  { file: "app/api/projects/[projectId]/box/fs/route.ts", method: "POST", access: "write", params: project, body: () => ({ op: "writeFile", path: "matrix/w.txt", base64: "aGk=" }) },
  { file: "app/api/projects/[projectId]/files/raw/route.ts", method: "GET", access: "read", params: project, query: (w) => ({ path: `${w.marker}.txt`, snapshotId: w.firstSnapshotId }) },
  { file: "app/api/projects/[projectId]/files/route.ts", method: "GET", access: "read", params: project, query: (w) => ({ snapshotId: w.firstSnapshotId }) },
  // The live head channel (server-sent events): its first event is what the matrix reads.
  { file: "app/api/projects/[projectId]/head/route.ts", method: "GET", access: "read", params: project, query: (w) => ({ since: w.firstSnapshotId }), live: true },
  { file: "app/api/projects/[projectId]/locks/route.ts", method: "GET", access: "read", params: project },
  { file: "app/api/projects/[projectId]/locks/route.ts", method: "PUT", access: "write", params: project, body: () => ({ paths: ["matrix-locked.txt"] }), also: [409] },
  { file: "app/api/projects/[projectId]/presence/route.ts", method: "POST", access: "read", params: project, body: (_w, caller) => ({ clientId: tabOf(caller), path: "a.txt" }) },
  { file: "app/api/projects/[projectId]/presence/route.ts", method: "DELETE", access: "read", params: project, body: (_w, caller) => ({ clientId: tabOf(caller) }) },
  { file: "app/api/projects/[projectId]/preview-token/route.ts", method: "POST", access: "read", params: project },
  { file: "app/api/projects/[projectId]/route.ts", method: "GET", access: "read", params: project },
  { file: "app/api/projects/[projectId]/route.ts", method: "PATCH", access: "rename", params: project, body: (w) => ({ name: `Matrix ${w.marker}` }) },
  { file: "app/api/projects/[projectId]/route.ts", method: "DELETE", access: "delete", params: async (w) => ({ projectId: await w.newTeamProject() }) },
  {
    file: "app/api/projects/[projectId]/save/route.ts",
    method: "POST",
    access: "write",
    params: project,
    body: async (w) => ({ baseSnapshotId: await w.head(), message: "matrix", changes: [{ type: "write", path: "matrix/s.txt", content: String(Math.random()), encoding: "utf8" }] }),
    also: [409],
  },
  { file: "app/api/projects/[projectId]/snapshots/route.ts", method: "GET", access: "read", params: project },
  { file: "app/api/projects/[projectId]/snapshots/[snapshotId]/content/route.ts", method: "GET", access: "read", params: (w) => ({ projectId: w.projectId, snapshotId: w.firstSnapshotId }) },
  {
    file: "app/api/projects/[projectId]/snapshots/[snapshotId]/content/route.ts",
    method: "POST",
    access: "read",
    params: (w) => ({ projectId: w.projectId, snapshotId: w.firstSnapshotId }),
    body: (w) => ({ hashes: [w.blobHash] }),
  },
  { file: "app/api/projects/route.ts", method: "GET", access: "self" },
  { file: "app/api/projects/route.ts", method: "POST", access: "self", body: () => ({ name: "Matrix own project" }) },
  { file: "app/api/projects/[projectId]/fork/route.ts", method: "GET", access: "read", params: project },
  // Readers export; importing and starting from a starter create a project in the caller's own workspace (or a scoped token's).
  { file: "app/api/projects/[projectId]/export/route.ts", method: "GET", access: "read", params: project, query: () => ({ format: "zip" }) },
  { file: "app/api/projects/[projectId]/export/route.ts", method: "GET", access: "read", params: project, query: () => ({ format: "git" }) },
  { file: "app/api/import/route.ts", method: "POST", access: "self", query: () => ({ format: "zip", name: "Matrix import" }), upload: matrixZip },
  { file: "app/api/starters/route.ts", method: "GET", access: "self" },
  { file: "app/api/starters/route.ts", method: "POST", access: "self", body: () => ({ starter: "node-script", name: "Matrix starter" }) },
  // Members fork what they can read, into their own personal workspace here.
  // Into the caller's personal workspace, or a scoped token's own (named apart: the fork is the caller's own project).
  {
    file: "app/api/projects/[projectId]/fork/route.ts",
    method: "POST",
    access: "read",
    params: project,
    body: (w, caller) => ({ name: "Matrix fork", ...(caller.scope === "team" ? { workspaceId: w.teamWorkspaceId } : {}) }),
  },
  { file: "app/api/projects/[projectId]/links/route.ts", method: "GET", access: "share", params: project },
  { file: "app/api/projects/[projectId]/links/route.ts", method: "POST", access: "share", params: project, body: () => ({ access: "view" }) },
  { file: "app/api/projects/[projectId]/links/[linkId]/route.ts", method: "DELETE", access: "share", params: async (w) => ({ projectId: w.projectId, linkId: await w.newLinkId() }) },
  { file: "app/api/projects/[projectId]/move/route.ts", method: "POST", access: "move", params: async (w) => ({ projectId: await w.newTeamProject() }), body: (w) => ({ workspaceId: w.otherTeamId }), beyondTeam: true },
  { file: "app/api/share/[token]/route.ts", method: "GET", access: "link", params: linkToken },
  { file: "app/api/share/[token]/files/route.ts", method: "GET", access: "link", params: linkToken },
  { file: "app/api/share/[token]/files/raw/route.ts", method: "GET", access: "link", params: linkToken, query: (w) => ({ path: `${w.marker}.txt` }) },
  // A live link's head channel (server-sent events).
  { file: "app/api/share/[token]/head/route.ts", method: "GET", access: "link", params: linkToken, live: true },
  { file: "app/api/share/[token]/preview-token/route.ts", method: "POST", access: "link", params: linkToken },
  {
    file: "app/api/share/[token]/box/exec/route.ts",
    method: "POST",
    access: "link run",
    params: linkToken,
    body: () => ({ command: "echo visitor > matrix-visitor.txt", cwd: "", timeoutMs: 5000, stdin: "", env: {} }),
  },
  { file: "app/api/share/[token]/box/fs/route.ts", method: "POST", access: "link run", params: linkToken, body: (w) => ({ op: "readFile", path: `${w.marker}.txt` }) },
  { file: "app/api/share/[token]/box/fs/route.ts", method: "POST", access: "link run", params: linkToken, body: () => ({ op: "writeFile", path: "matrix-visitor/w.txt", base64: "aGk=" }) },
  { file: "app/api/share/[token]/fork/route.ts", method: "POST", access: "link fork", params: linkToken, body: () => ({ name: "Matrix fork" }) },
  { file: "app/api/share/[token]/box/exec/route.ts", method: "POST", access: "link run", params: linkToken, body: () => ({ command: "true" }) },
  { file: "app/api/invitations/[token]/accept/route.ts", method: "POST", access: "invitation", params: (w) => ({ token: w.strangersInvitationToken }) },
  { file: "app/api/workspaces/route.ts", method: "GET", access: "self" },
  { file: "app/api/workspaces/route.ts", method: "POST", access: "new team", body: () => ({ name: "Matrix own team" }) },
  { file: "app/api/workspaces/[workspaceId]/route.ts", method: "PATCH", access: "workspace manage", params: team, body: (w) => ({ name: w.teamName }) },
  { file: "app/api/workspaces/[workspaceId]/route.ts", method: "DELETE", access: "workspace delete", params: async (w) => ({ workspaceId: await w.newTeam() }), body: (w) => ({ confirmName: w.teamName }), beyondTeam: true },
  { file: "app/api/workspaces/[workspaceId]/restore/route.ts", method: "POST", access: "workspace restore", params: async (w) => ({ workspaceId: await w.newTeam({ deleted: true }) }), beyondTeam: true },
  { file: "app/api/workspaces/[workspaceId]/members/route.ts", method: "GET", access: "workspace read", params: team },
  {
    file: "app/api/workspaces/[workspaceId]/members/[userId]/route.ts",
    method: "PATCH",
    access: "workspace manage",
    params: async (w) => ({ workspaceId: w.teamWorkspaceId, userId: await w.newMemberId() }),
    body: () => ({ role: "viewer" }),
  },
  { file: "app/api/workspaces/[workspaceId]/members/[userId]/route.ts", method: "DELETE", access: "workspace manage", params: async (w) => ({ workspaceId: w.teamWorkspaceId, userId: await w.newMemberId() }) },
  { file: "app/api/workspaces/[workspaceId]/invitations/route.ts", method: "GET", access: "workspace manage", params: team },
  {
    file: "app/api/workspaces/[workspaceId]/invitations/route.ts",
    method: "POST",
    access: "workspace manage",
    params: team,
    body: () => ({ email: `invitee-${Math.random().toString(36).slice(2)}@example.test`, role: "viewer" }),
  },
  {
    file: "app/api/workspaces/[workspaceId]/invitations/[invitationId]/route.ts",
    method: "DELETE",
    access: "workspace manage",
    params: async (w) => ({ workspaceId: w.teamWorkspaceId, invitationId: await w.newInvitationId() }),
  },
  { file: "app/api/workspaces/[workspaceId]/audit/route.ts", method: "GET", access: "workspace manage", params: team },
  { file: "app/api/tokens/[tokenId]/route.ts", method: "DELETE", access: "owner's token", params: async (w) => ({ tokenId: await w.newOwnerTokenId() }) },
  { file: "app/api/tokens/route.ts", method: "GET", access: "account" },
  { file: "app/api/tokens/route.ts", method: "POST", access: "account", body: () => ({ name: "matrix token" }) },
  { file: "app/api/settings/preferences/route.ts", method: "GET", access: "account" },
  {
    file: "app/api/settings/preferences/route.ts",
    method: "PUT",
    access: "account",
    body: () => ({ theme: "dark", fontSize: 14, tabSize: 2, wordWrap: false, minimap: false }),
  },
];
