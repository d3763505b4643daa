/** The chat list's query and pages (GET …/agent/sessions): types and zod only, shared by server and browser. */
import { z } from "zod";
import { storedTextSchema } from "@/lib/validation/stored-text";
import type { SessionSummary } from "./ui-types";

/** Without `q` the newest chats; with it, those whose title or message text holds it. */
export const listSessionsQuerySchema = z.object({
  q: storedTextSchema({ label: "Search", maxLength: 200, trim: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(200),
});
export type ListSessionsQuery = z.infer<typeof listSessionsQuerySchema>;

/** A chat in a page: with `q`, `match` is the message text around its first match (null when only the title matched). */
export type SessionSearchHit = SessionSummary & { match: string | null };

/** Pass `nextCursor` back as `cursor` for older chats (null: no more). */
export type SessionPage = { sessions: SessionSearchHit[]; nextCursor: string | null };
