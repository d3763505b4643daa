import "server-only";
import type { WorkspaceRole } from "@/lib/db/generated/enums";
import { getProjectRole, getProjectWithRole } from "@/lib/db/queries/projects";
import { ensurePersonalWorkspace, getMembershipRole } from "@/lib/db/queries/workspaces";
import { AppError } from "@/lib/errors";
import { authenticateBearer } from "./api-tokens";
import { getAuth } from "./auth";
import { roleAllows, type ProjectAction, type WorkspaceAction } from "./permissions";
import { ShortCache } from "./short-cache";

export type Caller = {
  userId: string;
  name: string;
  email: string;
  /** Set when an API token made the request; with a workspaceId it reaches only that workspace. */
  token?: { id: string; workspaceId: string | null };
};

/**
 * How long a process keeps answering from what it looked up. A session signed out or expired, a
 * membership removed or a role lowered elsewhere stops working on every instance within this bound
 * (a signed-out browser drops its cookie at once; only a copied cookie could use the rest). The
 * caches only ever answer yes: a lookup that refuses is made again on every request.
 */
export const accessCacheMs = 5_000;
// One pair per process, not per module copy: Next bundles pages and route handlers apart, and a
// session forgotten by the auth route (sign-out, a new password or name) must be forgotten by pages too.
const caches = globalThis as unknown as {
  __ideSessionCache?: ShortCache<Caller>;
  __ideProjectRoleCache?: ShortCache<{ workspaceId: string; role: WorkspaceRole }>;
};
const sessions = (caches.__ideSessionCache ??= new ShortCache<Caller>(accessCacheMs, 10_000));
const projectRoles = (caches.__ideProjectRoleCache ??= new ShortCache<{ workspaceId: string; role: WorkspaceRole }>(accessCacheMs, 10_000));

// better-auth's cookie, "__Secure-" prefixed when served over https. Its value is signed, so a key
// in `sessions` can only be a token better-auth accepted.
const sessionCookiePattern = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=([^;]+)/;

/**
 * Who makes the request: an `Authorization: Bearer <API token>` header first (a bad one is a 401,
 * never a fall back to the cookie), else the session cookie.
 */
export async function getCaller(headers: Headers): Promise<Caller | null> {
  const bearer = await authenticateBearer(headers);
  if (bearer) return bearer;
  const token = sessionCookiePattern.exec(headers.get("cookie") ?? "")?.[1];
  const known = token ? sessions.get(token) : undefined;
  if (known) return known;
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const caller = { userId: session.user.id, name: session.user.name, email: session.user.email };
  if (token) sessions.set(token, caller, { until: new Date(session.session.expiresAt).getTime() });
  return caller;
}

/**
 * Forgets cached sessions once better-auth has ended them, so that counts on this instance at once
 * (other instances within `accessCacheMs`): the request's own session, or with `userId` every
 * session of that user (revoking sessions, a changed password, a deleted account). Call it after
 * the session rows are gone, or a request in between could cache one again.
 */
export function forgetCachedSessions({ headers, userId }: { headers: Headers; userId?: string }): void {
  const token = sessionCookiePattern.exec(headers.get("cookie") ?? "")?.[1];
  if (token) sessions.delete(token);
  if (userId) sessions.deleteWhere((caller) => caller.userId === userId);
}

/**
 * Forgets the cached project roles in a workspace once its members or projects changed (a
 * demotion, a removal, a deleted workspace, a moved project), so that counts on this instance at
 * once (other instances within `accessCacheMs`).
 */
export function forgetCachedRoles({ workspaceId }: { workspaceId: string }): void {
  projectRoles.deleteWhere((role) => role.workspaceId === workspaceId);
}

export async function requireCaller(headers: Headers): Promise<Caller> {
  const caller = await getCaller(headers);
  if (!caller) throw new AppError("unauthorized", "Sign in to continue");
  return caller;
}

/**
 * For routes that manage the account or its API tokens: a signed-in browser only, so a token can
 * neither mint tokens nor change the password.
 */
export async function requireSessionCaller(headers: Headers): Promise<Caller> {
  if (headers.has("authorization"))
    throw new AppError("forbidden:api_token", "API tokens cannot manage tokens or the account; do this signed in, in Settings");
  return requireCaller(headers);
}

/**
 * A token scoped to a workspace sees nothing outside it: the rest answers 404, like hidden things.
 * Exported for code that looks workspaces up without the guard (lists, restoring a deleted team).
 */
export const outsideTokenScope = (caller: Caller, workspaceId: string) => !!caller.token?.workspaceId && caller.token.workspaceId !== workspaceId;

/**
 * Resolves the caller's role on the project's workspace. A project the caller is not a member of
 * answers 404, exactly like one that does not exist, so ids cannot be probed.
 */
export async function requireProjectAccess({
  caller,
  projectId,
  action,
}: {
  caller: Caller;
  projectId: string;
  action: ProjectAction;
}) {
  const found = await getProjectWithRole({ id: projectId, userId: caller.userId });
  if (!found || outsideTokenScope(caller, found.project.workspaceId)) throw notFound();
  return { project: found.project, role: allow(found.role, action) };
}

/**
 * The caller's role on the project, for routes that need no project row (a save reads the head
 * itself): answered from a per-process cache for up to `accessCacheMs`, so a request usually pays
 * no query for it. A cached role that does not allow `action` is looked up again, so a raised role
 * counts at once; a lowered or removed one counts within `accessCacheMs`.
 */
export async function requireProjectRole({ caller, projectId, action }: { caller: Caller; projectId: string; action: ProjectAction }) {
  const key = `${caller.userId} ${projectId}`;
  const known = projectRoles.get(key);
  if (known && roleAllows(known.role, action) && !outsideTokenScope(caller, known.workspaceId)) return { projectId, ...known };
  const found = await getProjectRole({ id: projectId, userId: caller.userId });
  if (!found || outsideTokenScope(caller, found.workspaceId)) {
    projectRoles.delete(key);
    throw notFound();
  }
  projectRoles.set(key, found);
  return { projectId, workspaceId: found.workspaceId, role: allow(found.role, action) };
}

const notFound = () => new AppError("not_found:project", "This project does not exist or is not shared with you");

function allow(role: WorkspaceRole, action: ProjectAction): WorkspaceRole {
  if (!roleAllows(role, action)) throw new AppError(`forbidden:${action}`, `Your role (${role}) in this workspace does not allow that`);
  return role;
}

export async function requireWorkspaceAccess({
  caller,
  workspaceId,
  action,
}: {
  caller: Caller;
  workspaceId: string;
  action: WorkspaceAction;
}) {
  const role = outsideTokenScope(caller, workspaceId) ? null : await getMembershipRole({ workspaceId, userId: caller.userId });
  if (!role) throw new AppError("not_found:workspace", "This workspace does not exist or you are not a member");
  if (!roleAllows(role, action)) throw new AppError(`forbidden:${action}`, `Your role (${role}) does not allow that`);
  return { role };
}

/** The caller's personal workspace, repaired if the sign-up hook never ran. */
export async function getPersonalWorkspace(caller: Caller) {
  return ensurePersonalWorkspace({ userId: caller.userId, name: `${caller.name || caller.email}'s workspace` });
}
