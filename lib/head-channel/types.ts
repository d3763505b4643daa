import { z } from "zod";

// Shared by the server that streams the head channel and the browser that applies it.

const hashSchema = z.string().min(1).max(128);
const pathSchema = z.string().min(1).max(4096);

/**
 * One change of a change set. Applied in order to the old listing it gives the new one: a deleted
 * folder takes everything under it; an added folder is followed by what it holds; a move keeps the
 * bytes (same blob) under a new path.
 */
export const pathChangeSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("delete"), path: pathSchema, kind: z.enum(["file", "dir"]) }),
  z.object({ op: z.literal("mkdir"), path: pathSchema }),
  z.object({ op: z.literal("add"), path: pathSchema, hash: hashSchema, size: z.number().int().nonnegative() }),
  z.object({ op: z.literal("change"), path: pathSchema, hash: hashSchema, size: z.number().int().nonnegative() }),
  z.object({ op: z.literal("move"), from: pathSchema, to: pathSchema, hash: hashSchema, size: z.number().int().nonnegative() }),
]);
export type PathChange = z.infer<typeof pathChangeSchema>;

/** The head moved from `from` to `to` (null: a project without snapshots); `changes` turn one into the other. */
export const headMovedEventSchema = z.object({
  type: z.literal("head"),
  from: z.string().nullable(),
  to: z.string().nullable(),
  author: z.object({ kind: z.enum(["user", "agent", "system"]), userId: z.string().nullable() }).nullable(),
  changes: z.array(pathChangeSchema),
});
export type HeadMovedEvent = z.infer<typeof headMovedEventSchema>;

/** The stream cannot resume from what the client holds (none, or not of this project): load `head` whole. */
export const reloadEventSchema = z.object({ type: z.literal("reload"), head: z.string().nullable() });
export type ReloadEvent = z.infer<typeof reloadEventSchema>;

/**
 * One open tab of the project: who, and the file it has in front (null: none). `tab` is the random
 * id the tab made for itself, so a tab finds its own entry; ids are not secrets (lib/presence).
 */
export const presentTabSchema = z.object({
  tab: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  name: z.string().max(200),
  initial: z.string().min(1).max(8),
  colour: z.string().regex(/^#[0-9a-f]{6}$/),
  path: pathSchema.nullable(),
});
export type PresentTab = z.infer<typeof presentTabSchema>;

/** Everyone who has the project open now, sent on subscribing and whenever it changes. */
/** Tabs a presence event lists at most (the server reads no more). */
export const presenceMaxTabs = 1000;

export const presenceEventSchema = z.object({ type: z.literal("presence"), tabs: z.array(presentTabSchema).max(presenceMaxTabs) });
export type PresenceEvent = z.infer<typeof presenceEventSchema>;

/**
 * An agent turn of one of the subscriber's own sessions started (or resumed: `running`) or ended, by
 * whatever started it: another tab or person's panel, the headless API (`source`), another server.
 * A subscriber is told of the turns running when it subscribes, then of every change; only the
 * session's owner is told (sessions are private).
 */
export const turnEventSchema = z.object({
  type: z.literal("turn"),
  sessionId: z.string().min(1).max(64),
  turnId: z.string().min(1).max(64),
  status: z.enum(["running", "awaiting_approval", "awaiting_client", "completed", "interrupted", "failed"]),
  startedBy: z.object({ userId: z.string().min(1).max(64), source: z.enum(["panel", "api"]) }),
});
export type TurnEvent = z.infer<typeof turnEventSchema>;

/**
 * One of the subscriber's chats on the project was started, renamed or deleted (in another tab, by
 * the API): read the chat list again. `sessionId` is null when changes may have been missed (the
 * server's listening connection dropped). Only the chat's owner is told.
 */
export const sessionsEventSchema = z.object({ type: z.literal("sessions"), sessionId: z.string().min(1).max(64).nullable() });
export type SessionsEvent = z.infer<typeof sessionsEventSchema>;

export const headEventSchema = z.discriminatedUnion("type", [headMovedEventSchema, reloadEventSchema, presenceEventSchema, turnEventSchema, sessionsEventSchema]);
export type HeadEvent = z.infer<typeof headEventSchema>;
