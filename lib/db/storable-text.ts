/**
 * Postgres cannot hold U+0000 in text or jsonb, nor a lone UTF-16 surrogate in jsonb, yet tool
 * output and model text may contain both. Every string in values the agent stores is escaped on the
 * way in and restored on the way out, so what is read back is exactly what was written.
 *
 * The escape is U+FFFF, a noncharacter no text carries by accident: U+0000 → U+FFFF "0",
 * U+FFFF → U+FFFF U+FFFF, a lone surrogate → U+FFFF "s" and its four hex digits.
 */
const escapeChar = "\uffff";
const unstorable = /\u0000|\uffff|\p{Cs}/gu;
const escaped = /\uffff(?:0|\uffff|s[0-9a-f]{4})/g;

function escapeText(text: string): string {
  if (text.search(unstorable) < 0) return text;
  return text.replace(unstorable, (ch) =>
    ch === "\u0000" ? `${escapeChar}0` : ch === escapeChar ? escapeChar + escapeChar : `${escapeChar}s${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function unescapeText(text: string): string {
  if (!text.includes(escapeChar)) return text;
  return text.replace(escaped, (seq) => (seq === `${escapeChar}0` ? "\u0000" : seq === escapeChar + escapeChar ? escapeChar : String.fromCharCode(parseInt(seq.slice(2), 16))));
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === "string") return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value && typeof value === "object" && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[map(key)] = mapStrings(item, map);
    return out;
  }
  // Dates, bytes, numbers, booleans and null are stored as they are.
  return value;
}

/** `value` with every string (and object key) made storable; the shape is unchanged. */
export function toStorable<T>(value: T): T {
  return mapStrings(value, escapeText) as T;
}

/** Undoes toStorable on a value (or a whole row) read back from the database. */
export function fromStorable<T>(value: T): T {
  return mapStrings(value, unescapeText) as T;
}
