// GET /api/settings/preferences – the caller's theme and editor preferences; PUT – replace them
import { NextResponse } from "next/server";
import { requireSessionCaller } from "@/lib/auth/guard";
import { getUserPreferences, saveUserPreferences } from "@/lib/db/queries/preferences";
import { readJson, route } from "@/lib/http";
import { preferencesSchema } from "@/lib/validation/preferences";

// Always the caller's own row: there is no id to name someone else's. Session only, like the rest
// of the account; preferences are for the person at the browser, not for scripts.
export const GET = route(async (req) => {
  const caller = await requireSessionCaller(req.headers);
  const preferences = preferencesSchema.parse(await getUserPreferences({ userId: caller.userId }));
  return NextResponse.json({ preferences }, { headers: { "cache-control": "no-store" } });
});

export const PUT = route(async (req) => {
  const caller = await requireSessionCaller(req.headers);
  const preferences = await readJson(req, preferencesSchema, 4 * 1024);
  const saved = preferencesSchema.parse(await saveUserPreferences({ userId: caller.userId, preferences }));
  return NextResponse.json({ preferences: saved }, { headers: { "cache-control": "no-store" } });
});
