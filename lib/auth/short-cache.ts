/**
 * A per-process memo whose entries live `ttlMs` at most (or less, when given an earlier end), holding
 * at most `maxEntries` (the oldest go first). For lookups every request repeats, where an answer up
 * to `ttlMs` old is acceptable: whatever it grants ends by then on every instance, with no message
 * between them.
 */
export class ShortCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, { until = Infinity, now = Date.now() }: { until?: number; now?: number } = {}): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: Math.min(until, now + this.ttlMs) });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Deletes every entry whose value matches (a walk of at most `maxEntries`: for rare events). */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }
}
