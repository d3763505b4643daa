import { z } from "zod";
import { projectNameSchema } from "@/lib/validation/projects";
import { idSchema } from "@/lib/validation/stored-text";

// A year: long enough for any handout, short enough that a forgotten link does not live forever.
const maxExpiryMs = 366 * 24 * 60 * 60 * 1000;

export const createShareLinkSchema = z.object({
  access: z.enum(["view", "fork"]),
  /** Omitted: the link follows the head. */
  snapshotId: idSchema.optional(),
  /** ISO time; omitted: the link works until revoked. */
  expiresAt: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .refine((d) => d.getTime() - Date.now() <= maxExpiryMs, "Pick an expiry within a year")
    .optional(),
});

export const forkRequestSchema = z.object({
  /** Omitted: the caller's personal workspace. */
  workspaceId: idSchema.optional(),
  name: projectNameSchema.optional(),
  /** Members only: fork an older snapshot rather than the head. */
  snapshotId: idSchema.optional(),
});
