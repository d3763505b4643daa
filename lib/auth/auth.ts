import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "@/lib/db/client";
import { ensurePersonalWorkspace } from "@/lib/db/queries/workspaces";
import { authSecret, env } from "@/lib/env";
import { logAuthMessage } from "./auth-log";

async function createAuth() {
  const prisma = await getDb();
  return betterAuth({
    secret: authSecret(),
    baseURL: env.BETTER_AUTH_URL ?? { allowedHosts: env.APP_HOSTS.split(","), protocol: "auto" },
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    telemetry: { enabled: false },
    logger: { log: logAuthMessage },
    databaseHooks: {
      user: {
        create: {
          after: async (user) => {
            await ensurePersonalWorkspace({ userId: user.id, name: `${user.name || user.email}'s workspace` });
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
