import type { WorkspaceRole } from "@/lib/auth/permissions";
import { apiJson } from "@/lib/client/api-error";

/** A workspace as the switcher shows it (GET /api/workspaces). */
export type WorkspaceSummary = {
  id: string;
  name: string;
  personal: boolean;
  role: WorkspaceRole;
  memberCount: number;
  deletedAt: string | null;
  purgeAfter: string | null;
};
export type MemberSummary = { userId: string; name: string; email: string; role: WorkspaceRole; joinedAt: string };
export type PendingInvitation = { id: string; email: string; role: WorkspaceRole; createdAt: string; expiresAt: string };

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;

export const teamApi = {
  create: (name: string) => apiJson<{ workspace: { id: string; name: string } }>("/api/workspaces", { method: "POST", json: { name } }).then((r) => r.workspace),
  rename: (workspaceId: string, name: string) =>
    apiJson<{ workspace: { id: string; name: string } }>(base(workspaceId), { method: "PATCH", json: { name } }).then((r) => r.workspace),
  remove: (workspaceId: string, confirmName: string) => apiJson<unknown>(base(workspaceId), { method: "DELETE", json: { confirmName } }),
  restore: (workspaceId: string) => apiJson<unknown>(`${base(workspaceId)}/restore`, { method: "POST" }),
  members: (workspaceId: string) => apiJson<{ members: MemberSummary[] }>(`${base(workspaceId)}/members`).then((r) => r.members),
  setRole: (workspaceId: string, userId: string, role: WorkspaceRole) =>
    apiJson<unknown>(`${base(workspaceId)}/members/${encodeURIComponent(userId)}`, { method: "PATCH", json: { role } }),
  removeMember: (workspaceId: string, userId: string) => apiJson<void>(`${base(workspaceId)}/members/${encodeURIComponent(userId)}`, { method: "DELETE" }),
  invitations: (workspaceId: string) => apiJson<{ invitations: PendingInvitation[] }>(`${base(workspaceId)}/invitations`).then((r) => r.invitations),
  invite: (workspaceId: string, email: string, role: WorkspaceRole) =>
    apiJson<{ invitation: PendingInvitation & { path: string } }>(`${base(workspaceId)}/invitations`, { method: "POST", json: { email, role } }).then((r) => r.invitation),
  revoke: (workspaceId: string, invitationId: string) =>
    apiJson<void>(`${base(workspaceId)}/invitations/${encodeURIComponent(invitationId)}`, { method: "DELETE" }),
  accept: (token: string) => apiJson<{ workspaceId: string }>(`/api/invitations/${encodeURIComponent(token)}/accept`, { method: "POST" }),
  moveProject: (projectId: string, workspaceId: string) =>
    apiJson<unknown>(`/api/projects/${encodeURIComponent(projectId)}/move`, { method: "POST", json: { workspaceId } }),
};
