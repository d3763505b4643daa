export type FuzzyMatch = { score: number; positions: number[] };
export type FuzzyResult = FuzzyMatch & { item: string };

const isSeparator = (ch: string | undefined) => ch === "/" || ch === "." || ch === "-" || ch === "_" || ch === " ";
const isUpper = (ch: string) => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

/**
 * Matches `query` as a subsequence of `candidate` (case-insensitive, spaces ignored), the way editor
 * quick-open pickers do. Scores favour matches at word starts, consecutive runs and the file name,
 * so "cb" ranks "components/button.tsx" above "lib/cube.ts". Null when it does not match.
 */
export function fuzzyMatch({ query, candidate }: { query: string; candidate: string }): FuzzyMatch | null {
  const q = query.replace(/\s+/g, "").toLowerCase();
  if (q === "") return { score: 0, positions: [] };
  const lower = candidate.toLowerCase();

  const earliest: number[] = [];
  let from = 0;
  for (const ch of q) {
    const at = lower.indexOf(ch, from);
    if (at < 0) return null;
    earliest.push(at);
    from = at + 1;
  }
  // The latest placement credits a query that also fits the file name to the file name rather than
  // to an early folder; score both placements and keep the better one.
  const latest: number[] = new Array<number>(q.length);
  let limit = lower.length;
  for (let i = q.length - 1; i >= 0; i--) {
    limit = lower.lastIndexOf(q[i]!, limit - 1);
    latest[i] = limit;
  }
  const a = scorePositions(candidate, q, earliest);
  const b = scorePositions(candidate, q, latest);
  return b >= a ? { score: b, positions: latest } : { score: a, positions: earliest };
}

function scorePositions(candidate: string, q: string, positions: readonly number[]): number {
  const nameStart = candidate.lastIndexOf("/") + 1;
  let score = 0;
  for (let i = 0; i < positions.length; i++) {
    const pos = positions[i]!;
    const prev = candidate[pos - 1];
    score += 1;
    if (pos === 0 || isSeparator(prev)) score += 8;
    else if (isUpper(candidate[pos]!) && prev !== undefined && !isUpper(prev)) score += 6;
    if (i > 0 && positions[i - 1] === pos - 1) score += 5;
    if (pos >= nameStart) score += 3;
  }
  if (candidate.slice(nameStart).toLowerCase().startsWith(q)) score += 10;
  return score - candidate.length * 0.01;
}

/** Filters and ranks `items` by `query`; an empty query keeps the original order. */
export function fuzzyFilter({
  query,
  items,
  limit = 50,
}: {
  query: string;
  items: readonly string[];
  limit?: number;
}): FuzzyResult[] {
  const results: FuzzyResult[] = [];
  for (const item of items) {
    const match = fuzzyMatch({ query, candidate: item });
    if (match) results.push({ item, ...match });
  }
  if (query.trim() !== "")
    results.sort((x, y) => y.score - x.score || x.item.length - y.item.length || (x.item < y.item ? -1 : 1));
  return results.slice(0, limit);
}
