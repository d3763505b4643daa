import { createHash, randomBytes } from "node:crypto";
import { createApiToken } from "@/lib/auth/api-tokens";
import { getDb } from "@/lib/db/client";
import type { WorkspaceRole } from "@/lib/db/generated/enums";
import { call, signUpUser, type TestUser } from "./helpers";

type Handler = (req: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
export const routeModules = import.meta.glob<Record<string, Handler>>("/app/api/**/route.ts");
export const loadRoute = (file: string) => routeModules[`/${file}`]!();

export type CallerName =
  | "anonymous"
  | "non-member"
  | "viewer"
  | "editor"
  | "admin"
  | "owner"
  | "view link"
  | "fork link"
  | "revoked link"
  | "expired link"
  | "another user's token"
  | "token scoped to another workspace"
  | "editor's token"
  | "owner's token scoped to the team";

const linkCallerNames = ["view link", "fork link", "revoked link", "expired link"] as const;
const tokenCallerNames = ["another user's token", "token scoped to another workspace", "editor's token", "owner's token scoped to the team"] as const;

/** Every caller the matrix asks as (the cells are named before the world is built). */
export const callerNames: CallerName[] = ["anonymous", "non-member", "viewer", "editor", "admin", "owner", ...linkCallerNames, ...tokenCallerNames];

export type MatrixCaller = {
  name: CallerName;
  /** What the caller's browser or script sends: a session cookie, a bearer token, or nothing. */
  headers: () => Headers;
  /** The account behind a session or token. */
  userId?: string;
  /** The role its credentials carry on the team's workspace (null: none, the project is hidden). */
  role: WorkspaceRole | null;
  via: "session" | "bearer" | "none";
  /** A token's workspace scope, where it has one: the team's, or another. */
  scope?: "team" | "elsewhere";
  /** A share link the caller opened (its token), if any. */
  link?: { token: string; access: "view" | "fork"; usable: boolean; previewGrant: string };
};

export type World = {
  marker: string;
  /** The team's name, typed to confirm deleting one of its copies. */
  teamName: string;
  teamWorkspaceId: string;
  /** A second team with the same members, for moves. */
  otherTeamId: string;
  /** A fresh team with the same members (deleted: in its grace period), for cells that delete or restore one. */
  newTeam: (options?: { deleted?: boolean }) => Promise<string>;
  /** A fresh editor of the team, for cells that remove a member. */
  newMemberId: () => Promise<string>;
  /** A fresh invitation to the team, and one nobody among the callers can accept. */
  newInvitationId: () => Promise<string>;
  strangersInvitationToken: string;
  /** A fresh link to the project, for cells that revoke one. */
  newLinkId: () => Promise<string>;
  owner: TestUser;
  projectId: string;
  firstSnapshotId: string;
  sessionId: string;
  /** A fresh chat of the owner on the project, for cells that delete one. */
  newSessionId: () => Promise<string>;
  turnId: string;
  blobHash: string;
  head: () => Promise<string | null>;
  /** A fresh project of the team, for cells that delete one. */
  newTeamProject: () => Promise<string>;
  /** A fresh API token of the owner, for cells that revoke one. */
  newOwnerTokenId: () => Promise<string>;
  callers: MatrixCaller[];
};

const host = "localhost:3000";
const cookieOf = (user: TestUser) => () => new Headers(user.headers);
const bearerOf = (secret: string) => () => new Headers({ authorization: `Bearer ${secret}`, host });
const nothing = () => new Headers({ host });

/** Git's blob hash of a UTF-8 text, as the content store names it. */
export const blobHashOf = (text: string) => createHash("sha256").update(`blob ${Buffer.byteLength(text)}\0${text}`).digest("hex");

/**
 * A team workspace with one member of every role, a project holding content only this file stores
 * (the marker: every answer to a caller who may not read it is searched for it), a chat with a turn,
 * and every kind of caller the issue lists.
 */
export async function buildWorld(): Promise<World> {
  const db = await getDb();
  const marker = `mx${randomBytes(8).toString("hex")}`;
  const [owner, admin, editor, viewer, stranger, visitor] = (await Promise.all(
    ["Owner", "Admin", "Editor", "Viewer", "Stranger", "Visitor"].map((name) => signUpUser(`Matrix ${name}`)),
  )) as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
  const teamName = `Team ${marker}`;
  const roles: [TestUser, WorkspaceRole][] = [[owner, "owner"], [admin, "admin"], [editor, "editor"], [viewer, "viewer"]];
  const newTeam = async ({ deleted = false } = {}) => {
    const team = await db.workspace.create({ data: { name: teamName, deletedAt: deleted ? new Date() : null } });
    await db.membership.createMany({ data: roles.map(([user, role]) => ({ workspaceId: team.id, userId: user.userId, role })) });
    return team.id;
  };
  const team = { id: await newTeam() };
  const otherTeamId = await newTeam();

  const projects = await loadRoute("app/api/projects/route.ts");
  const files = await loadRoute("app/api/projects/[projectId]/files/route.ts");
  const save = await loadRoute("app/api/projects/[projectId]/save/route.ts");
  const sessions = await loadRoute("app/api/projects/[projectId]/agent/sessions/route.ts");
  const agent = await loadRoute("app/api/agent/route.ts");
  const newTeamProject = async () => {
    const created = await call(projects.POST!, { user: owner, json: { name: `Matrix ${marker}` } });
    if (created.status !== 201) throw new Error(`creating a project: ${created.status}`);
    const id = created.data.project.id as string;
    await db.project.update({ where: { id }, data: { workspaceId: team.id } });
    return id;
  };
  const projectId = await newTeamProject();
  const head = async () => (await call(files.GET!, { user: owner, params: { projectId } })).data.snapshotId as string | null;
  const content = `content ${marker}`;
  const first = await call(save.POST!, {
    user: owner,
    params: { projectId },
    json: { baseSnapshotId: await head(), changes: [{ type: "write", path: `${marker}.txt`, content }] },
  });
  if (first.status !== 200) throw new Error(`saving: ${first.status}`);
  const session = await call(sessions.POST!, { user: owner, params: { projectId }, json: { title: `chat ${marker}` } });
  // A turn of the built-in agent that writes a file, so review, changes and undo have work to do.
  const turn = await call(agent.POST!, {
    user: owner,
    json: { projectId, sessionId: session.data.session.id, prompt: `execute code\n\`\`\`js\nrequire('fs').writeFileSync('made-${marker}.txt', '${marker}')\n\`\`\`` },
  });
  if (turn.status !== 200) throw new Error(`agent turn: ${turn.status}`);

  const strangerToken = await createApiToken({ userId: stranger.userId, name: "stranger" });
  const editorToken = await createApiToken({ userId: editor.userId, name: "editor" });
  // The owner's token, scoped to the owner's personal workspace: the team's project is outside it.
  const scoped = await createApiToken({ userId: owner.userId, name: "scoped" });
  const personal = await db.workspace.findUniqueOrThrow({ where: { personalFor: owner.userId } });
  await db.apiToken.update({ where: { id: scoped.token.id }, data: { workspaceId: personal.id } });
  // And one scoped to the team: the scope must not shut out what is inside it.
  const scopedIn = await createApiToken({ userId: owner.userId, name: "team" });
  await db.apiToken.update({ where: { id: scopedIn.token.id }, data: { workspaceId: team.id } });

  const callers: MatrixCaller[] = [
    { name: "anonymous", headers: nothing, role: null, via: "none" },
    { name: "non-member", headers: cookieOf(stranger), userId: stranger.userId, role: null, via: "session" },
    { name: "viewer", headers: cookieOf(viewer), userId: viewer.userId, role: "viewer", via: "session" },
    { name: "editor", headers: cookieOf(editor), userId: editor.userId, role: "editor", via: "session" },
    { name: "admin", headers: cookieOf(admin), userId: admin.userId, role: "admin", via: "session" },
    { name: "owner", headers: cookieOf(owner), userId: owner.userId, role: "owner", via: "session" },
    { name: "another user's token", headers: bearerOf(strangerToken.secret), userId: stranger.userId, role: null, via: "bearer" },
    { name: "token scoped to another workspace", headers: bearerOf(scoped.secret), userId: owner.userId, role: null, via: "bearer", scope: "elsewhere" },
    { name: "editor's token", headers: bearerOf(editorToken.secret), userId: editor.userId, role: "editor", via: "bearer" },
    { name: "owner's token scoped to the team", headers: bearerOf(scopedIn.secret), userId: owner.userId, role: "owner", via: "bearer", scope: "team" },
    ...(await linkCallers({ owner, visitor, projectId })),
  ];

  const invitations = await loadRoute("app/api/workspaces/[workspaceId]/invitations/route.ts");
  const invite = async (email: string) => {
    const res = await call(invitations.POST!, { user: owner, params: { workspaceId: team.id }, json: { email, role: "editor" } });
    if (res.status !== 201) throw new Error(`inviting: ${res.status} ${JSON.stringify(res.data)}`);
    return res.data.invitation as { id: string; token: string };
  };
  const links = await loadRoute("app/api/projects/[projectId]/links/route.ts");

  return {
    marker,
    teamName,
    teamWorkspaceId: team.id,
    otherTeamId,
    newTeam,
    newMemberId: async () => {
      const member = await signUpUser("Matrix Member");
      await db.membership.create({ data: { workspaceId: team.id, userId: member.userId, role: "editor" } });
      return member.userId;
    },
    newInvitationId: async () => (await invite(`invitee-${randomBytes(6).toString("hex")}@example.test`)).id,
    strangersInvitationToken: (await invite(`nobody-${marker}@example.test`)).token,
    newLinkId: async () => (await call(links.POST!, { user: owner, params: { projectId }, json: { access: "view" } })).data.link.id as string,
    owner,
    projectId,
    firstSnapshotId: first.data.snapshotId,
    sessionId: session.data.session.id,
    newSessionId: async () => (await call(sessions.POST!, { user: owner, params: { projectId }, json: { title: `doomed ${marker}` } })).data.session.id as string,
    turnId: turn.data.turnId,
    blobHash: blobHashOf(content),
    head,
    newTeamProject,
    newOwnerTokenId: async () => (await createApiToken({ userId: owner.userId, name: "to revoke" })).token.id,
    callers,
  };
}

/**
 * Visitors who opened a share link: signed out (view, revoked, expired) or signed in without
 * membership (fork, which needs an account).
 */
async function linkCallers({ owner, visitor, projectId }: { owner: TestUser; visitor: TestUser; projectId: string }): Promise<MatrixCaller[]> {
  const links = await loadRoute("app/api/projects/[projectId]/links/route.ts");
  const create = async (access: "view" | "fork") => {
    const res = await call(links.POST!, { user: owner, params: { projectId }, json: { access } });
    if (res.status >= 300) throw new Error(`creating a ${access} link: ${res.status} ${JSON.stringify(res.data)}`);
    return res.data as { link: { id: string }; token: string };
  };
  const [view, fork, revoked, expired] = await Promise.all([create("view"), create("fork"), create("view"), create("view")]);
  // Each visitor's preview grant, taken while every link was open: a grant must not outlive its link.
  const previewToken = await loadRoute("app/api/share/[token]/preview-token/route.ts");
  const grantOf = async ({ token }: { token: string }) => {
    const res = await call(previewToken.POST!, { params: { token }, method: "POST" });
    if (res.status !== 200) throw new Error(`a link's preview grant: ${res.status}`);
    return (res.data.baseUrl as string).split("/")[3]!;
  };
  const [viewGrant, forkGrant, revokedGrant, expiredGrant] = await Promise.all([view, fork, revoked, expired].map(grantOf));
  const linkRoute = await loadRoute("app/api/projects/[projectId]/links/[linkId]/route.ts");
  const revoke = await call(linkRoute.DELETE!, { user: owner, params: { projectId, linkId: revoked.link.id }, method: "DELETE" });
  if (revoke.status >= 300) throw new Error(`revoking a link: ${revoke.status}`);
  // No one can create a link that has already expired: age one instead.
  const db = await getDb();
  await db.$executeRawUnsafe(`UPDATE share_links SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, expired.link.id);
  return [
    { name: "view link", headers: nothing, role: null, via: "none", link: { token: view.token, access: "view", usable: true, previewGrant: viewGrant! } },
    { name: "fork link", headers: cookieOf(visitor), userId: visitor.userId, role: null, via: "session", link: { token: fork.token, access: "fork", usable: true, previewGrant: forkGrant! } },
    { name: "revoked link", headers: nothing, role: null, via: "none", link: { token: revoked.token, access: "view", usable: false, previewGrant: revokedGrant! } },
    { name: "expired link", headers: nothing, role: null, via: "none", link: { token: expired.token, access: "view", usable: false, previewGrant: expiredGrant! } },
  ];
}
