import { z } from "zod";
import { projectPathSchema } from "@/lib/validation/paths";

/**
 * The file a person had in front of them in the project they used last, kept as a cookie so that on
 * their return the server renders it into the page, readable before the page's scripts have run,
 * instead of the page asking for it after hydration. One cookie, for the last project only: a
 * cookie rides on every request, so it stays small. Read by app/(ide)/projects/[projectId]/page.tsx.
 */
export const openFileCookieName = "ide-open-file";
const maxAgeSeconds = 30 * 24 * 60 * 60;
// Browsers keep about 4 KB per cookie; a longer path is simply not remembered.
const maxValueLength = 3_000;
const valueSchema = z.object({ u: z.string().min(1).max(200), p: z.string().min(1).max(200), f: projectPathSchema });

/** The path this person had open in `projectId`, if the cookie holds theirs for that project. */
export function readOpenFileCookie({ value, userId, projectId }: { value: string | undefined; userId: string; projectId: string }): string | null {
  if (!value) return null;
  try {
    const parsed = valueSchema.safeParse(JSON.parse(decodeURIComponent(value)));
    return parsed.success && parsed.data.u === userId && parsed.data.p === projectId ? parsed.data.f : null;
  } catch {
    return null;
  }
}

/** Remembers `path` as open in `projectId` (null: no file open there), in this browser. */
export function writeOpenFileCookie({ userId, projectId, path }: { userId: string; projectId: string; path: string | null }): void {
  const secure = location.protocol === "https:" ? "; secure" : "";
  const value = path === null ? "" : encodeURIComponent(JSON.stringify({ u: userId, p: projectId, f: path }));
  const keep = value !== "" && value.length <= maxValueLength;
  document.cookie = `${openFileCookieName}=${keep ? value : ""}; path=/; max-age=${keep ? maxAgeSeconds : 0}; samesite=lax${secure}`;
}
