import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { Caller } from "./guard";

const guestEmail = "guest@agent.invalid";

/**
 * Whether POST /api/agent may be called without a token. On by default only for the zero-setup
 * install (embedded database, no DATABASE_URL), so `npm start` then one curl works; set
 * AGENT_API_GUEST=0 to require tokens there too, or =1 to allow guests with Postgres.
 */
export function guestApiEnabled(): boolean {
  const flag = process.env.AGENT_API_GUEST;
  if (flag === "1" || flag === "true") return true;
  if (flag === "0" || flag === "false") return false;
  return !env.DATABASE_URL;
}

/** The one guest user; it has no password, so nobody can sign in as it. */
export async function getGuestCaller(): Promise<Caller> {
  const db = await getDb();
  const existing = await db.user.findUnique({ where: { email: guestEmail } });
  const user =
    existing ??
    (await db.user
      .create({ data: { id: randomUUID(), email: guestEmail, name: "Guest (headless API)" } })
      .catch(async () => (await db.user.findUnique({ where: { email: guestEmail } }))!));
  return { userId: user.id, name: user.name, email: user.email };
}
