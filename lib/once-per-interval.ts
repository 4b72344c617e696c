/**
 * Lets each key through at most once per interval: for work a busy key must not repeat on every
 * request (a last-use write, a rejection audit). Bounded: when full, entries older than the interval
 * make room; while every entry is recent, new keys wait, so a flood of distinct keys costs nothing.
 */
export class OncePerInterval {
  private readonly last = new Map<string | number, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** True, and remembered, when `key` was not let through within the interval before `now`. */
  take(key: string | number, now: number): boolean {
    const at = this.last.get(key);
    if (at !== undefined && now - at < this.intervalMs) return false;
    if (at === undefined && this.last.size >= this.maxEntries) {
      for (const [entry, seen] of this.last) {
        if (now - seen >= this.intervalMs) this.last.delete(entry);
      }
      if (this.last.size >= this.maxEntries) return false;
    }
    this.last.set(key, now);
    return true;
  }
}
