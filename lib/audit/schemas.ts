import { z } from "zod";

export const auditPageLimits = { default: 50, max: 100 } as const;

/** `before`: the cursor the previous page answered (opaque to clients). */
export const auditQuerySchema = z.object({
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(auditPageLimits.max).default(auditPageLimits.default),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** What the page and GET /api/workspaces/:id/audit show of an event. */
export type AuditEventView = {
  id: string;
  action: string;
  target: { type: string; id: string };
  details: Record<string, unknown>;
  createdAt: string;
  /** Null: the system, or a person whose account is gone. */
  actor: { id: string; name: string; email: string } | null;
};

export type AuditPage = { events: AuditEventView[]; nextCursor: string | null };
