import { z } from "zod";
import { describeCharacter } from "./characters";
import { limits } from "./limits";

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

// C0 and C1 controls, lone surrogates, and invisible format characters (bidi overrides, zero-width
// spaces) that make a name display as something it is not. ZWNJ and ZWJ (U+200C, U+200D) stay allowed:
// Persian and Indic words and emoji sequences need them.
const forbiddenCharacter = /[\u0000-\u001f\u007f-\u009f]|\p{Cs}|(?![\u200c\u200d])\p{Cf}/u;
// What was refused before those rules, when names were also stored as typed (NFD included).
const forbiddenBefore = /[\u0000-\u001f\u007f]/;

/**
 * Normalizes a project-relative path ("a//b/./c" → "a/b/c", Unicode to NFC so "é" typed either way is
 * one file) and rejects anything that could leave the project, confuse a filesystem or disguise a
 * name: "..", absolute paths, control and invisible format characters, lone surrogates, backslashes.
 */
export function normalizeProjectPath(raw: string, { existing = false }: { existing?: boolean } = {}): PathCheck {
  if (typeof raw !== "string" || raw.length === 0) return { ok: false, reason: "path is empty" };
  // Bounds the work of normalizing; NFC never makes a path much longer than what is checked after it.
  if (raw.length > limits.pathMaxLength * 4) return { ok: false, reason: `path is longer than ${limits.pathMaxLength} characters` };
  const input = existing ? raw : raw.normalize("NFC");
  if (input.length > limits.pathMaxLength)
    return { ok: false, reason: `path is longer than ${limits.pathMaxLength} characters` };
  if (input.startsWith("/")) return { ok: false, reason: "path must be relative to the project root, not absolute" };
  const forbidden = (existing ? forbiddenBefore : forbiddenCharacter).exec(input);
  if (forbidden) return { ok: false, reason: forbiddenReason(forbidden[0]) };
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

function forbiddenReason(character: string): string {
  const codePoint = character.codePointAt(0)!;
  const what =
    codePoint <= 0x9f ? "a control character" : /\p{Cs}/u.test(character) ? "half of a surrogate pair, not a character" : "an invisible formatting character";
  return `${describeCharacter(codePoint)} (${what}) is not allowed in file names`;
}

function pathSchema(options: { existing?: boolean }) {
  return z.string().transform((value, ctx) => {
    const checked = normalizeProjectPath(value, options);
    if (!checked.ok) {
      ctx.addIssue({ code: "custom", message: `Invalid path "${value.slice(0, 80)}": ${checked.reason}` });
      return z.NEVER;
    }
    return checked.path;
  });
}

/** A zod schema that validates and normalizes a project path. */
export const projectPathSchema = pathSchema({});

/**
 * A path that names a file to delete or move away from: checked by the rules of when it may have
 * been stored (before NFC and the format-character rule), and kept as sent so it matches that name.
 */
export const existingProjectPathSchema = pathSchema({ existing: true });

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
