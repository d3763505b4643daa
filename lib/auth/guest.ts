import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { z } from "zod";
import { env } from "@/lib/env";
import { getClientAddress, isLoopbackAddress } from "@/lib/net/client-address";
import type { Caller } from "./guard";

const guestEmail = "guest@agent.invalid";

const guestModeSchema = z
  .enum(["loopback", "anywhere", "off", "1", "true", "0", "false"], {
    error: "AGENT_API_GUEST must be loopback, anywhere or off",
  })
  .optional();

/**
 * Whether this request may call POST /api/agent without a token. AGENT_API_GUEST: `loopback` (only
 * from this machine: a curl to localhost), `anywhere`, or `off`. The default is `loopback` on the
 * zero-setup install (embedded database, no DATABASE_URL), so `npm start` then one curl works while
 * the server listens on every interface, and `off` with Postgres. The address is the one the server
 * entry worked out from the connection, never one the client claims.
 */
export function guestAllowed(headers: Headers): boolean {
  const mode = guestModeSchema.parse(process.env.AGENT_API_GUEST || undefined) ?? (env.DATABASE_URL ? "off" : "loopback");
  if (mode === "anywhere" || mode === "1" || mode === "true") return true;
  if (mode === "loopback") return isLoopbackAddress(getClientAddress(headers));
  return false;
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
