import type { ProjectListing } from "@/lib/validation/projects";
import { roleAllows } from "@/lib/auth/permissions";
import type { WorkspaceRole } from "@/lib/db/generated/enums";
import { apiFetch, apiJson } from "./api-error";

export type ShareLinkSummary = {
  id: string;
  access: "view" | "fork";
  snapshotId: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
};

export type Lineage = {
  forkedFrom: { projectId: string | null; snapshotId: string | null; name: string | null } | null;
  forks: { id: string; name: string; createdAt: string }[] | null;
};

const project = (id: string) => `/api/projects/${encodeURIComponent(id)}`;
const share = (token: string) => `/api/share/${encodeURIComponent(token)}`;

/** The IDE's side: a project's links and lineage (members; links for admins and owners). */
export const projectShareApi = {
  links: (projectId: string) => apiJson<{ links: ShareLinkSummary[] }>(`${project(projectId)}/links`).then((r) => r.links),
  createLink: (projectId: string, body: { access: "view" | "fork"; snapshotId?: string; expiresAt?: string }) =>
    apiJson<{ link: ShareLinkSummary; token: string }>(`${project(projectId)}/links`, { method: "POST", json: body }),
  revokeLink: (projectId: string, linkId: string) =>
    apiJson<{ link: ShareLinkSummary }>(`${project(projectId)}/links/${encodeURIComponent(linkId)}`, { method: "DELETE" }).then((r) => r.link),
  lineage: (projectId: string) => apiJson<Lineage>(`${project(projectId)}/fork`),
  fork: (projectId: string, body: { workspaceId?: string }) =>
    apiJson<{ project: { id: string } }>(`${project(projectId)}/fork`, { method: "POST", json: body }).then((r) => r.project),
  /** The caller's workspaces a fork may go to: not deleted, and a role that creates projects there. */
  forkTargets: () =>
    apiJson<{ workspaces: { id: string; name: string; personal: boolean; role: WorkspaceRole; deletedAt: string | null }[] }>("/api/workspaces").then((r) =>
      r.workspaces
        .filter((w) => !w.deletedAt && roleAllows(w.role, "workspace:create_project"))
        .map((w) => ({ id: w.id, name: w.personal ? "Personal" : w.name })),
    ),
};

/** A visitor's side: what one link shows. */
export const sharedApi = {
  listing: (token: string) => apiJson<ProjectListing>(`${share(token)}/files`),
  readText: async (token: string, path: string, snapshotId: string) => {
    const res = await apiFetch(`${share(token)}/files/raw?${new URLSearchParams({ path, snapshotId })}`);
    return new TextDecoder().decode(await res.arrayBuffer());
  },
  headUrl: (token: string, since: string | null) => `${share(token)}/head${since ? `?${new URLSearchParams({ since })}` : ""}`,
  fork: (token: string, body: { workspaceId?: string }) =>
    apiJson<{ project: { id: string } }>(`${share(token)}/fork`, { method: "POST", json: body }).then((r) => r.project),
};
