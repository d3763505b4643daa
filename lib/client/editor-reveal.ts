/**
 * "Show this place in the editor" (a search result): the request waits here until the editor holds
 * that file, which may be only after the tab opens and its text loads.
 */
export type RevealTarget = { path: string; line: number; start: number; end: number };

let pending: RevealTarget | null = null;
const listeners = new Set<() => void>();

export function requestReveal(target: RevealTarget): void {
  pending = target;
  for (const listener of listeners) listener();
}

/** The waiting request for `path`, taken (it is answered once); left waiting while the text is shorter (still loading). */
export function takeReveal(path: string | null, lineCount: number): RevealTarget | null {
  if (!pending || pending.path !== path || pending.line > lineCount) return null;
  const target = pending;
  pending = null;
  return target;
}

export function onRevealRequest(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
