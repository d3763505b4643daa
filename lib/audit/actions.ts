import { z } from "zod";

/**
 * Every kind of event the audit log records, "<target>.<verb>". A new kind is added here, so the
 * page and the API can name it and a typo in a caller fails to typecheck.
 */
export const auditActions = [
  "auth.signed_in",
  "member.role_changed",
  "member.removed",
  "invitation.created",
  "invitation.revoked",
  "invitation.accepted",
  "link.created",
  "link.revoked",
  "token.created",
  "token.revoked",
  "project.moved_in",
  "project.moved_out",
  "project.deleted",
  "workspace.created",
  "workspace.renamed",
  "workspace.deleted",
  "workspace.restored",
] as const;
export type AuditAction = (typeof auditActions)[number];

/** How the audit page says each kind of event. */
export const auditActionLabels: Record<AuditAction, string> = {
  "auth.signed_in": "Signed in",
  "member.role_changed": "Changed a member's role",
  "member.removed": "Removed a member",
  "invitation.created": "Invited someone",
  "invitation.revoked": "Revoked an invitation",
  "invitation.accepted": "Accepted an invitation",
  "link.created": "Created a share link",
  "link.revoked": "Revoked a share link",
  "token.created": "Created an API token",
  "token.revoked": "Revoked an API token",
  "project.moved_in": "Moved a project here",
  "project.moved_out": "Moved a project away",
  "project.deleted": "Deleted a project",
  "workspace.created": "Created the workspace",
  "workspace.renamed": "Renamed the workspace",
  "workspace.deleted": "Deleted the workspace",
  "workspace.restored": "Restored the workspace",
};

export const auditTargetTypes = ["user", "member", "invitation", "link", "token", "project", "workspace"] as const;
export type AuditTargetType = (typeof auditTargetTypes)[number];

/** Names, roles and ids only: details are shown to every admin of the workspace, so never secrets. */
export const auditDetailsSchema = z.record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).refine(
  (details) => Object.keys(details).length <= 16,
  "At most 16 details per audit event",
);
export type AuditDetails = z.infer<typeof auditDetailsSchema>;
