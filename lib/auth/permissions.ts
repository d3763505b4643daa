import type { WorkspaceRole } from "@/lib/db/generated/enums";

export type { WorkspaceRole };

export type ProjectAction =
  | "project:read"
  | "project:write"
  | "project:rename"
  | "project:delete"
  | "project:share"
  // Taking a project out of its workspace; the target workspace asks `workspace:create_project` too.
  | "project:move"
  // The agent changes the project, so it needs what a save needs.
  | "agent:use";
export type WorkspaceAction =
  | "workspace:read"
  | "workspace:create_project"
  | "workspace:rename"
  | "workspace:delete"
  | "workspace:manage_members"
  | "workspace:invite"
  | "audit:read";

export type Action = ProjectAction | WorkspaceAction;

export const workspaceRoles = ["owner", "admin", "editor", "viewer"] as const satisfies readonly WorkspaceRole[];

// Viewers open projects and run them in their own sandbox, but nothing they change is saved.
const read = ["workspace:read", "project:read"] as const;
const edit = [...read, "project:write", "project:rename", "agent:use", "workspace:create_project"] as const;
const manage = [
  ...edit,
  "project:delete",
  "project:share",
  "project:move",
  "workspace:rename",
  "workspace:manage_members",
  "workspace:invite",
  "audit:read",
] as const;

/**
 * The one permission table every route, page, server action, agent tool and channel asks. Only an
 * owner deletes (or restores) the workspace and only an owner grants or takes the owner role (see
 * lib/workspaces/members.ts), so an admin cannot lock the owners out.
 */
export const permissionsByRole: Record<WorkspaceRole, readonly Action[]> = {
  owner: [...manage, "workspace:delete"],
  admin: manage,
  editor: edit,
  viewer: read,
};

export function roleAllows(role: WorkspaceRole, action: Action): boolean {
  return permissionsByRole[role].includes(action);
}
