import { lineDiff } from "./line-diff";

/** Files larger than this are remembered by a hash only: a change is still caught, its diff is not shown. */
const maxRememberedChars = 256 * 1024;

type Seen = { text: string | null; hash: string };

/** FNV-1a over UTF-16 units, with the length: enough to tell whether a file changed. */
function textHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(hash >>> 0).toString(36)}`;
}

/**
 * What the agent knows of the files, for one turn (createTurnTools) or one createAgentTools call:
 * the text it last read or wrote per path, so a write over a file someone else changed meanwhile
 * (the user saving in the editor) is refused with that change shown instead of silently undone;
 * and the files it changed, which `check` looks at by default.
 */
export class FileLedger {
  private readonly seen = new Map<string, Seen>();
  private readonly changedPaths = new Set<string>();

  /** The agent has seen (read or written) this text of `path`. */
  remember(path: string, text: string): void {
    this.seen.set(path, { text: text.length > maxRememberedChars ? null : text, hash: textHash(text) });
  }

  /** Forgets what the agent saw of `path` (its own command changed it, or it was moved or deleted). */
  forget(path: string): void {
    this.seen.delete(path);
  }

  markChanged(path: string): void {
    this.changedPaths.add(path);
  }

  /** Files the agent changed, in the order first changed. */
  get changed(): string[] {
    return [...this.changedPaths];
  }

  /**
   * Null when the agent may write over `current`: it never saw the file, or it is as the agent last
   * saw it. Otherwise the change since, as a short diff; the ledger then takes the current text as
   * seen, since the model is shown the change.
   */
  changeSinceSeen(path: string, current: string): string | null {
    const seen = this.seen.get(path);
    if (seen === undefined || seen.hash === textHash(current)) return null;
    this.remember(path, current);
    if (seen.text === null) return `(too large to show the change; it now has ${current.length} characters)`;
    return lineDiff(seen.text, current, { maxLines: 40 });
  }
}
