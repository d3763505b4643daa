import "server-only";
import { storedPreferencesSchema, type Preferences } from "@/lib/validation/preferences";
import { getDb } from "../client";

/** The person's preferences; the defaults until they save any. */
export async function getUserPreferences({ userId }: { userId: string }): Promise<Preferences> {
  const db = await getDb();
  const row = await db.userPreferences.findUnique({ where: { userId }, select: { data: true } });
  return storedPreferencesSchema.parse(row?.data);
}

/** Replaces the person's preferences (already validated) and answers what is stored. */
export async function saveUserPreferences({ userId, preferences }: { userId: string; preferences: Preferences }): Promise<Preferences> {
  const db = await getDb();
  const row = await db.userPreferences.upsert({
    where: { userId },
    create: { userId, data: preferences },
    update: { data: preferences },
    select: { data: true },
  });
  return storedPreferencesSchema.parse(row.data);
}
