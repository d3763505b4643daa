import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { trustedProxyHopsSchema } from "./net/client-address";

/**
 * How long the agent waits for a model: for its answer to start, and between chunks once it streams.
 * lib/agent/providers.ts reads these on every call (as it does the model settings).
 */
export const modelTimeoutsEnvSchema = z.object({
  AGENT_MODEL_FIRST_BYTE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  AGENT_MODEL_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
});

const envSchema = z.object({
  ...modelTimeoutsEnvSchema.shape,
  DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
  BETTER_AUTH_URL: z.string().url().optional(),
  /** Comma-separated host patterns the app answers on when BETTER_AUTH_URL is not set. */
  APP_HOSTS: z.string().default("localhost:*,127.0.0.1:*,[::1]:*"),
  /** Reverse proxies in front of the app that append to X-Forwarded-For (see lib/net/client-address.ts). */
  TRUSTED_PROXY_HOPS: trustedProxyHopsSchema,
  /** Sign-in and sign-up attempts per client address and window (seconds). */
  AUTH_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(3),
  AUTH_RATE_LIMIT_WINDOW: z.coerce.number().int().min(1).default(10),
  /** Wrong, revoked or expired share-link and invitation tokens per client address and window (seconds). */
  LINK_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(20),
  LINK_RATE_LIMIT_WINDOW: z.coerce.number().int().min(1).default(60),
  /** How long opening a Postgres connection (or waiting for a free one) may take. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** How long one statement may run; the client gives up a little later if the server stops answering. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** How long a transaction may sit idle before Postgres ends it and frees its locks. */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export const env = envSchema.parse(process.env);

/**
 * The session-signing secret. Without one configured, a random secret is generated once and kept
 * under .data/ so a fresh machine needs no keys; several app instances must share BETTER_AUTH_SECRET.
 */
export function authSecret(): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  const dir = path.join(process.cwd(), ".data");
  const file = path.join(dir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return readFileSync(file, "utf8").trim();
}
