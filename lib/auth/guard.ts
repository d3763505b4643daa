import "server-only";
import { getProjectRow } from "@/lib/db/queries/projects";
import { ensurePersonalWorkspace, getMembershipRole } from "@/lib/db/queries/workspaces";
import { AppError } from "@/lib/errors";
import { getAuth } from "./auth";
import { roleAllows, type ProjectAction, type WorkspaceAction } from "./permissions";

export type Caller = { userId: string; name: string; email: string };

export async function getCaller(headers: Headers): Promise<Caller | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  return { userId: session.user.id, name: session.user.name, email: session.user.email };
}

export async function requireCaller(headers: Headers): Promise<Caller> {
  const caller = await getCaller(headers);
  if (!caller) throw new AppError("unauthorized", "Sign in to continue");
  return caller;
}

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
  const project = await getProjectRow({ id: projectId });
  const role = project ? await getMembershipRole({ workspaceId: project.workspaceId, userId: caller.userId }) : null;
  if (!project || !role) throw new AppError("not_found:project", "This project does not exist or is not shared with you");
  if (!roleAllows(role, action))
    throw new AppError(`forbidden:${action}`, `Your role (${role}) in this workspace does not allow that`);
  return { project, role };
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
  const role = await getMembershipRole({ workspaceId, userId: caller.userId });
  if (!role) throw new AppError("not_found:workspace", "This workspace does not exist or you are not a member");
  if (!roleAllows(role, action)) throw new AppError(`forbidden:${action}`, `Your role (${role}) does not allow that`);
  return { role };
}

/** The caller's personal workspace, repaired if the sign-up hook never ran. */
export async function getPersonalWorkspace(caller: Caller) {
  return ensurePersonalWorkspace({ userId: caller.userId, name: `${caller.name || caller.email}'s workspace` });
}
