/**
 * "Process once" for things Slack may deliver twice: a retried event (same event_id, with
 * X-Slack-Retry-Num) or a double-clicked question button. Bolt does not deduplicate.
 *
 * Kept behind a two-method interface so a shared store (Redis SET NX EX) can back it when several
 * instances run; this module has the in-process version.
 */
export interface Deduplicator {
  /** True the first time an id is seen within the time-to-live; false for every repeat. */
  claim(id: string): Promise<boolean>;
  /** Forgets an id, so that work which failed before it took effect can be tried again. */
  release(id: string): Promise<void>;
}

export interface MemoryDeduplicatorOptions {
  /** How long an id is remembered. Slack retries within minutes; an hour is ample. */
  ttlMs?: number;
  /** The most ids kept; the oldest are dropped first. */
  maxEntries?: number;
  now?: () => number;
}

/** An LRU with a time-to-live: a Map keeps insertion order, so the oldest entry is always first. */
export class MemoryDeduplicator implements Deduplicator {
  private readonly seen = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryDeduplicatorOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async claim(id: string): Promise<boolean> {
    const now = this.now();
    this.prune(now);
    const expires = this.seen.get(id);
    if (expires !== undefined && expires > now) return false;
    this.seen.delete(id);
    this.seen.set(id, now + this.ttlMs);
    if (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  async release(id: string): Promise<void> {
    this.seen.delete(id);
  }

  get size(): number {
    return this.seen.size;
  }

  /** Expired entries sit at the front (every entry has the same time-to-live), so stop at the first live one. */
  private prune(now: number): void {
    for (const [id, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(id);
    }
  }
}
