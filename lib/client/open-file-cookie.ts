import { z } from "zod";
import { projectPathSchema } from "@/lib/validation/paths";

/**
 * The file a person had in front of them in a project, kept as a cookie so that on their return the
 * server renders it into the page, readable before the page's scripts have run, instead of the page
 * asking for it after hydration. One cookie per project, scoped to that project's page: the browser
 * sends it with that page's requests only, so remembering many projects weighs on no other request.
 * Read by app/(ide)/projects/[projectId]/page.tsx.
 */
export function openFileCookieName(projectId: string): string {
  return `ide-open-file.${projectId}`;
}

// Project ids are cuids; anything else would not make a valid cookie name or path.
const projectIdPattern = /^[A-Za-z0-9_-]{1,100}$/;
const maxAgeSeconds = 30 * 24 * 60 * 60;
// Browsers keep about 4 KB per cookie; a longer path is simply not remembered.
const maxValueLength = 3_000;
const valueSchema = z.object({ u: z.string().min(1).max(200), p: z.string().min(1).max(200), f: projectPathSchema });

/**
 * The path this person had open in `projectId`, if the cookie holds theirs for that project.
 * `value` is the cookie as the server's cookie parser gives it (already URI-decoded).
 */
export function readOpenFileCookie({ value, userId, projectId }: { value: string | undefined; userId: string; projectId: string }): string | null {
  if (!value) return null;
  try {
    const parsed = valueSchema.safeParse(JSON.parse(value));
    return parsed.success && parsed.data.u === userId && parsed.data.p === projectId ? parsed.data.f : null;
  } catch {
    return null;
  }
}

/** Remembers `path` as open in `projectId` (null: no file open there), in this browser. */
export function writeOpenFileCookie({ userId, projectId, path }: { userId: string; projectId: string; path: string | null }): void {
  if (!projectIdPattern.test(projectId)) return;
  const secure = location.protocol === "https:" ? "; secure" : "";
  const value = path === null ? "" : encodeURIComponent(JSON.stringify({ u: userId, p: projectId, f: path }));
  const keep = value !== "" && value.length <= maxValueLength;
  const attributes = `path=/projects/${projectId}; max-age=${keep ? maxAgeSeconds : 0}; samesite=lax${secure}`;
  document.cookie = `${openFileCookieName(projectId)}=${keep ? value : ""}; ${attributes}`;
  // Until December 2026 one cookie for the whole site held the last project's file; it would ride
  // on every request for a month.
  if (/(?:^|; )ide-open-file=/.test(document.cookie)) document.cookie = `ide-open-file=; path=/; max-age=0; samesite=lax${secure}`;
}
