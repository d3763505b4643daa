import { z } from "zod";
import { nameSchema } from "./names";
import { idSchema } from "./stored-text";

export const apiTokenLimits = {
  nameMaxLength: 100,
  /** Active (not revoked) tokens per person: enough for every machine and script, small enough to review. */
  activePerUser: 50,
} as const;

export const apiTokenNameSchema = nameSchema({ noun: "Token", maxLength: apiTokenLimits.nameMaxLength });

export const createApiTokenSchema = z.object({
  name: apiTokenNameSchema,
  /** Omitted or null: the token reaches every workspace of its owner. */
  workspaceId: idSchema.nullish(),
});
export type CreateApiTokenRequest = z.infer<typeof createApiTokenSchema>;

export const apiTokenIdSchema = idSchema;

/** What the UI and the routes show of a token: never the secret, never its hash. */
export type ApiTokenSummary = {
  id: string;
  name: string;
  /** The secret's first characters, so people can tell their tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** The only workspace the token reaches; null: every workspace of its owner. */
  workspace: { id: string; name: string } | null;
};

/** The answer to creating a token: the only time its secret is ever sent. */
export type CreateApiTokenResponse = { token: ApiTokenSummary; secret: string };
