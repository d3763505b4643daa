import { z } from "zod";
import { limits } from "@/lib/validation/limits";
import { projectPathSchema } from "@/lib/validation/paths";
import { storedTextSchema } from "@/lib/validation/stored-text";

// Shared by the presence route and the browser that calls it.

/** The random id a tab makes for itself (crypto.randomUUID()). */
export const presenceClientIdSchema = z
  .string({ error: "clientId must be text" })
  .regex(/^[A-Za-z0-9_-]{16,64}$/, "clientId must be 16 to 64 letters, digits, - or _; make one with crypto.randomUUID()");

export const presenceHeartbeatSchema = z.object({
  clientId: presenceClientIdSchema,
  /** The file the tab has in front; null when none. */
  path: storedTextSchema({ label: "Path", maxLength: limits.pathMaxLength * 4 }).pipe(projectPathSchema).nullable(),
});
export type PresenceHeartbeat = z.infer<typeof presenceHeartbeatSchema>;

export const presenceLeaveSchema = z.object({ clientId: presenceClientIdSchema });
export type PresenceLeave = z.infer<typeof presenceLeaveSchema>;
