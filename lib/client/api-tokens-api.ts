import type { ApiTokenSummary, CreateApiTokenResponse } from "@/lib/validation/api-tokens";
import { apiJson } from "./api-error";

const base = "/api/tokens";

/** The caller's API tokens (newest first, revoked ones included). Throws ApiError on failure. */
export const listApiTokens = () => apiJson<{ tokens: ApiTokenSummary[] }>(base).then((r) => r.tokens);

/**
 * Creates a token reaching every workspace of the caller, or only `workspaceId`; the answer's
 * `secret` is the only copy there will ever be.
 */
export const createApiToken = (name: string, workspaceId: string | null = null) =>
  apiJson<CreateApiTokenResponse>(base, { method: "POST", json: { name, workspaceId } });

export const revokeApiToken = (tokenId: string) =>
  apiJson<{ revoked: true }>(`${base}/${encodeURIComponent(tokenId)}`, { method: "DELETE" }).then(() => undefined);

export const apiTokensApi = { list: listApiTokens, create: createApiToken, revoke: revokeApiToken };

/** The API as a value, so the settings panel can take a fake in tests and dev pages. */
export type ApiTokensApi = typeof apiTokensApi;
