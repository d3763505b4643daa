import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { recordForEachWorkspaceOf } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { ensurePersonalWorkspace } from "@/lib/db/queries/workspaces";
import { authSecret, env } from "@/lib/env";
import { logAuthMessage } from "./auth-log";
import { passwordLimits } from "@/lib/validation/profile";
import { checkProfileFields } from "./profile-limits";

export type AuthRateLimit = { max: number; window: number };

/**
 * better-auth for this app. `credentialLimit`: sign-in and sign-up attempts allowed per client
 * address and `window` seconds (AUTH_RATE_LIMIT_MAX / AUTH_RATE_LIMIT_WINDOW by default). Counters
 * live in the database, so every app instance shares them; the address is the one the server entry
 * worked out (lib/net/client-address.ts), which the auth route hands over as `x-forwarded-for`.
 */
export async function createAuth({
  credentialLimit = { max: env.AUTH_RATE_LIMIT_MAX, window: env.AUTH_RATE_LIMIT_WINDOW },
}: { credentialLimit?: AuthRateLimit } = {}) {
  const prisma = await getDb();
  return betterAuth({
    secret: authSecret(),
    baseURL: env.BETTER_AUTH_URL ?? { allowedHosts: env.APP_HOSTS.split(","), protocol: "auto" },
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: passwordLimits.minChars, maxPasswordLength: passwordLimits.maxChars, autoSignIn: true },
    telemetry: { enabled: false },
    logger: { log: logAuthMessage },
    rateLimit: {
      // On in every mode, not only when NODE_ENV is production.
      enabled: true,
      storage: "database",
      customRules: { "/sign-in/*": credentialLimit, "/sign-up/*": credentialLimit },
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user) => checkProfileFields(user),
          after: async (user) => {
            await ensurePersonalWorkspace({ userId: user.id, name: `${user.name || user.email}'s workspace` });
          },
        },
        update: { before: async (fields) => checkProfileFields(fields) },
      },
      // Every new session is a sign-in (sign-up signs in too), recorded for each workspace's admins.
      session: {
        create: {
          after: async (session, context) => {
            await recordForEachWorkspaceOf(session.userId, {
              actorUserId: session.userId,
              action: "auth.signed_in",
              target: { type: "user", id: session.userId },
              details: { method: context?.path ?? "session" },
            });
          },
        },
      },
    },
    plugins: [nextCookies()],
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

const holder = globalThis as unknown as { __ideAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  holder.__ideAuth ??= createAuth().catch((error: unknown) => {
    holder.__ideAuth = undefined;
    throw error;
  });
  return holder.__ideAuth;
}
