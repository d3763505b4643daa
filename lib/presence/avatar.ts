// How a person looks in the presence avatars: the same colour for one user in every tab and on every
// app instance (derived from the user id, not stored), and the first letter of their name.

// Light tones: dark initials on them read well against the IDE's dark header.
const palette = ["#f87171", "#fb923c", "#facc15", "#4ade80", "#2dd4bf", "#22d3ee", "#60a5fa", "#818cf8", "#c084fc", "#f472b6"] as const;

/** A colour from the palette, the same for a user id everywhere (FNV-1a over its UTF-16 units). */
export function avatarColour(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  return palette[(hash >>> 0) % palette.length]!;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The first character a person would see of the name (a whole emoji or accented letter), upper-cased; "?" for none. */
export function avatarInitial(name: string): string {
  const first = segmenter.segment(name.trim())[Symbol.iterator]().next().value?.segment;
  if (!first) return "?";
  const upper = first.toUpperCase();
  // A long emoji sequence is shown by its first code point rather than cut in half.
  return upper.length <= 8 ? upper : String.fromCodePoint(upper.codePointAt(0)!);
}
