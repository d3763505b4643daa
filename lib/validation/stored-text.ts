import { z } from "zod";
import { unstorableCharacter } from "./characters";

/**
 * Text a client sends that ends up in a text or jsonb column: bounded, and refused with a 400 that
 * names the field when it holds a character Postgres cannot store (instead of a 500 at the insert).
 */
export function storedTextSchema({ label, maxLength, minLength = 0, trim = false }: { label: string; maxLength: number; minLength?: number; trim?: boolean }) {
  const base = z.string({ error: `${label} must be text` });
  return (trim ? base.trim() : base)
    .min(minLength, minLength === 1 ? `${label} is required` : `${label} needs at least ${minLength} characters`)
    .max(maxLength, `${label} is limited to ${maxLength} characters`)
    .superRefine((value, ctx) => {
      const bad = unstorableCharacter(value);
      if (bad) ctx.addIssue({ code: "custom", message: `${label} contains ${bad}, which cannot be stored; remove it` });
    });
}

/** An id the client sends back (a project, session, snapshot or token id). */
export const idSchema = storedTextSchema({ label: "Id", maxLength: 64, minLength: 1 });

/** `text` cut to at most `maxLength` UTF-16 units, never between the halves of a surrogate pair (half an emoji cannot be stored). */
export function clipText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cutsPair = /[\ud800-\udbff]/.test(text[maxLength - 1]!);
  return text.slice(0, cutsPair ? maxLength - 1 : maxLength);
}

/**
 * A label made from other text (a command, a tool call) as Postgres can store it: U+0000 shown as ␀,
 * half a surrogate pair as �, at most `maxLength` long. Only for text whose exact form does not matter.
 */
export function storableLabel(text: string, maxLength: number): string {
  return clipText(text.replace(/\u0000/g, "\u2400").replace(/\p{Cs}/gu, "\ufffd"), maxLength);
}
