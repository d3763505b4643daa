/** Names of the invisible characters people are most likely to meet, for messages that name them. */
const nameByCodePoint: Record<number, string> = {
  0x00: "NULL",
  0x09: "CHARACTER TABULATION",
  0x0a: "LINE FEED",
  0x0d: "CARRIAGE RETURN",
  0x1b: "ESCAPE",
  0x7f: "DELETE",
  0xad: "SOFT HYPHEN",
  0x061c: "ARABIC LETTER MARK",
  0x200b: "ZERO WIDTH SPACE",
  0x200e: "LEFT-TO-RIGHT MARK",
  0x200f: "RIGHT-TO-LEFT MARK",
  0x202a: "LEFT-TO-RIGHT EMBEDDING",
  0x202b: "RIGHT-TO-LEFT EMBEDDING",
  0x202c: "POP DIRECTIONAL FORMATTING",
  0x202d: "LEFT-TO-RIGHT OVERRIDE",
  0x202e: "RIGHT-TO-LEFT OVERRIDE",
  0x2060: "WORD JOINER",
  0x2066: "LEFT-TO-RIGHT ISOLATE",
  0x2067: "RIGHT-TO-LEFT ISOLATE",
  0x2068: "FIRST STRONG ISOLATE",
  0x2069: "POP DIRECTIONAL ISOLATE",
  0xfeff: "ZERO WIDTH NO-BREAK SPACE",
};

/** "U+202E RIGHT-TO-LEFT OVERRIDE", or "U+0085" for a character without a listed name. */
export function describeCharacter(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = nameByCodePoint[codePoint];
  return name ? `${hex} ${name}` : hex;
}

// A UTF-16 surrogate without its other half: not a character, and no UTF-8 text can hold it.
const loneSurrogate = /\p{Cs}/u;

/**
 * The first character of `text` that Postgres cannot store in a text or jsonb column: U+0000
 * (refused by both) or a lone surrogate (silently turned into U+FFFD, or refused in jsonb).
 */
export function unstorableCharacter(text: string): string | null {
  if (text.includes("\u0000")) return describeCharacter(0);
  const lone = loneSurrogate.exec(text);
  if (lone) return `${describeCharacter(lone[0].charCodeAt(0))} (half of a surrogate pair, not a character)`;
  return null;
}
