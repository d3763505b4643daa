// GET /api/share/:token/head?since=<snapshotId> – Server-Sent Events: the head moves of a live link's project
// (head and reload events only). A pinned link never moves, so it has no head stream.
import { z } from "zod";
import { requireLinkAccess } from "@/lib/auth/link-access";
import { AppError } from "@/lib/errors";
import { getHeadHub } from "@/lib/head-channel/hub";
import { route } from "@/lib/http";
import { resolveShareLink } from "@/lib/share/links";
import { sharedHeadEventStream } from "@/lib/share/head-stream";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ token: string }> };
const querySchema = z.object({ since: idSchema.optional() });
const lastEventIdSchema = idSchema.optional();

export const GET = route<Context>(async (req, { params }) => {
  const { token } = await params;
  const { link } = await requireLinkAccess({ token, headers: req.headers });
  if (link.pinnedSnapshotId) throw new AppError("conflict:pinned_link", "This link shows one snapshot and does not follow the project");
  const { since } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const lastEventId = lastEventIdSchema.parse(req.headers.get("last-event-id") || undefined);
  const stream = await sharedHeadEventStream({
    hub: await getHeadHub(),
    projectId: link.project.id,
    since: lastEventId ?? since,
    signal: req.signal,
    // Re-checking an open stream is not a visitor's attempt: it never counts as a miss.
    stillValid: () => resolveShareLink(token).then(() => true, () => false),
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no" },
  });
});
