import "server-only";
import { normalizeProjectPath } from "@/lib/validation/paths";

const maxListed = 20;
const maxShownLength = 120;

// Characters that would hide or rearrange a name on screen (or in a terminal): controls, invisible
// formatting, lone surrogates, combining marks (to tell NFD from NFC), line breaks, and the escapes' own quote and backslash.
const hidden = /[\p{Cc}\p{Cf}\p{Cs}\p{M}\p{Zl}\p{Zp}"\\]/gu;

/** A name as `"…"` with everything that does not show as itself written as \uXXXX. */
function shown(name: string): string {
  const cut = [...name].length > maxShownLength ? `${[...name].slice(0, maxShownLength).join("")}…` : name;
  const escaped = cut.replace(hidden, (c) => {
    if (c === '"' || c === "\\") return `\\${c}`;
    const hex = c.codePointAt(0)!.toString(16).toUpperCase();
    return hex.length > 4 ? `\\u{${hex}}` : `\\u${hex.padStart(4, "0")}`;
  });
  return `"${escaped}"`;
}

function why(name: string): string {
  const checked = normalizeProjectPath(name);
  if (!checked.ok) return checked.reason;
  return `the name is in decomposed Unicode (NFD) and file names must be composed (NFC), as ${shown(checked.path)}`;
}

/**
 * What to tell the person about files a command made under names the project refuses: they stay in
 * the box but are not saved, so they are named, with the reason, rather than silently left out.
 */
export function unsavedNamesMessage(names: string[]): string | undefined {
  if (names.length === 0) return undefined;
  const listed = names.slice(0, maxListed).map((name) => `${shown(name)}: ${why(name)}`);
  const more = names.length > maxListed ? `; and ${names.length - maxListed} more` : "";
  return `Not saved, because the project refuses their names (rename them to keep them): ${listed.join("; ")}${more}`;
}
