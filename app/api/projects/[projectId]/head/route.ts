// GET /api/projects/:projectId/head?since=<snapshotId>&tab=<presence client id> – Server-Sent Events: what changed
// since `since` (or Last-Event-ID), then every head move; who is present; the caller's agent turns starting and ending.
// The tab (its presence id, lib/presence) stays present while the stream is open.
import { z } from "zod";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { getHeadHub } from "@/lib/head-channel/hub";
import { headEventStream } from "@/lib/head-channel/sse";
import { route } from "@/lib/http";
import { presenceClientIdSchema } from "@/lib/presence/requests";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ projectId: string }> };
const querySchema = z.object({ since: idSchema.optional(), tab: presenceClientIdSchema.optional() });
const lastEventIdSchema = idSchema.optional();

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const { since, tab } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  // Sent by EventSource when it reconnects by itself: newer than the `since` in the URL it reuses.
  const lastEventId = lastEventIdSchema.parse(req.headers.get("last-event-id") || undefined);
  const stream = await headEventStream({
    hub: await getHeadHub(),
    projectId: project.id,
    userId: caller.userId,
    tab,
    since: lastEventId ?? since,
    signal: req.signal,
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      // nginx buffers responses unless told not to, which would hold every event back.
      "x-accel-buffering": "no",
    },
  });
});
