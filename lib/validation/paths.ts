import { z } from "zod";
import { limits } from "./limits";

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Normalizes a project-relative path ("a//b/./c" → "a/b/c") and rejects anything that could leave
 * the project or confuse a filesystem: "..", absolute paths, NUL and control characters, backslashes.
 */
export function normalizeProjectPath(input: string): PathCheck {
  if (typeof input !== "string" || input.length === 0) return { ok: false, reason: "path is empty" };
  if (input.length > limits.pathMaxLength)
    return { ok: false, reason: `path is longer than ${limits.pathMaxLength} characters` };
  if (input.startsWith("/")) return { ok: false, reason: "path must be relative to the project root, not absolute" };
  if (/[\u0000-\u001f\u007f]/.test(input)) return { ok: false, reason: "path contains a control character" };
  if (input.includes("\\")) return { ok: false, reason: "path contains a backslash; use / between folders" };
  const segments = input.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.length === 0) return { ok: false, reason: "path names no file" };
  if (segments.some((s) => s === "..")) return { ok: false, reason: 'path may not contain ".."' };
  if (segments.length > limits.pathMaxDepth)
    return { ok: false, reason: `path is nested deeper than ${limits.pathMaxDepth} folders` };
  const long = segments.find((s) => s.length > limits.segmentMaxLength);
  if (long) return { ok: false, reason: `a path segment is longer than ${limits.segmentMaxLength} characters` };
  return { ok: true, path: segments.join("/") };
}

/** A zod schema that validates and normalizes a project path. */
export const projectPathSchema = z.string().transform((value, ctx) => {
  const checked = normalizeProjectPath(value);
  if (!checked.ok) {
    ctx.addIssue({ code: "custom", message: `Invalid path "${value.slice(0, 80)}": ${checked.reason}` });
    return z.NEVER;
  }
  return checked.path;
});

export function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** True when `path` is `ancestor` itself or lies inside it. */
export function isSameOrInside(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(ancestor + "/");
}
