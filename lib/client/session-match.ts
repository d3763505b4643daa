/**
 * A searched chat's matched message text cut so the match shows on one short line: a few characters
 * before it ("…" where cut), the match itself (as the text has it), and what follows. `hit` is
 * empty when the query is not in the text (the server matched it in the title).
 */
export function splitMatch({ text, query, before = 24 }: { text: string; query: string; before?: number }): { lead: string; hit: string; rest: string } {
  const q = query.trim();
  const at = q ? text.toLowerCase().indexOf(q.toLowerCase()) : -1;
  if (at < 0) return { lead: text, hit: "", rest: "" };
  const start = Math.max(0, at - before);
  // Cut at a space when there is one near, so the line does not start mid-word.
  const space = text.indexOf(" ", start);
  const from = start === 0 ? 0 : space >= 0 && space < at ? space + 1 : start;
  return { lead: `${from > 0 ? "…" : ""}${text.slice(from, at)}`, hit: text.slice(at, at + q.length), rest: text.slice(at + q.length) };
}
