/**
 * "Process once" for things Slack may deliver twice: a retried event (same event_id, with
 * X-Slack-Retry-Num) or a double-clicked question button. Bolt does not deduplicate.
 *
 * An id is claimed before its work and marked done once the work has been stored. A claim that is
 * never marked done (the process died in between) lapses after a short lease, so a crash cannot
 * make Slack's later retries of an event look like repeats of work that was never stored.
 *
 * This is the fast path: the record that makes a repeat harmless is the receipt stored with the
 * turn (docs/adr/0006-turn-receipts.md); this one spares a repeat the store read and keeps a
 * live delivery's replies from being posted twice. Kept behind a small interface: this module has
 * the in-process version (one instance); with REDIS_URL several instances share the Redis one
 * (src/store/redis-slack.ts).
 */
export interface Deduplicator {
  /**
   * 'first': the caller does the work, then calls done() (or release() if it failed).
   * 'in-progress': another delivery claimed it and has not finished (a retry should come later).
   * 'done': the work was done; this is a repeat.
   */
  claim(id: string): Promise<Claim>;
  /** The claimed work took effect: repeats are recognised for the full time-to-live. */
  done(id: string): Promise<void>;
  /** Forgets an id, so that work which failed before it took effect can be tried again. */
  release(id: string): Promise<void>;
}

export type Claim = 'first' | 'in-progress' | 'done';

/** How long a done id is remembered. Slack retries within minutes; an hour is ample. */
export const DEDUP_TTL_MS = 60 * 60 * 1000;

/**
 * How long a claim holds before its work is done, by default (SLACK_CLAIM_LEASE_SECONDS). Far
 * longer than a turn takes (milliseconds), and shorter than Slack's second retry of an event
 * (about a minute after the first), so that retry finds the lease lapsed if the instance that
 * claimed the event died; the receipt stored with the turn then keeps it from being applied again.
 */
export const DEDUP_LEASE_MS = 30 * 1000;

export interface MemoryDeduplicatorOptions {
  ttlMs?: number;
  leaseMs?: number;
  /** The most ids kept; the oldest are dropped first. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  state: 'in-progress' | 'done';
  expires: number;
}

/** An LRU with expiry: a Map keeps insertion order, so the least recently set entry is first. */
export class MemoryDeduplicator implements Deduplicator {
  private readonly seen = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly leaseMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryDeduplicatorOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEDUP_TTL_MS;
    this.leaseMs = options.leaseMs ?? DEDUP_LEASE_MS;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async claim(id: string): Promise<Claim> {
    const now = this.now();
    this.prune(now);
    const entry = this.seen.get(id);
    if (entry !== undefined && entry.expires > now) return entry.state;
    this.set(id, { state: 'in-progress', expires: now + this.leaseMs });
    return 'first';
  }

  async done(id: string): Promise<void> {
    this.set(id, { state: 'done', expires: this.now() + this.ttlMs });
  }

  async release(id: string): Promise<void> {
    this.seen.delete(id);
  }

  get size(): number {
    return this.seen.size;
  }

  private set(id: string, entry: Entry): void {
    this.seen.delete(id);
    this.seen.set(id, entry);
    if (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  /**
   * Drops expired entries from the front. Entries are mostly in expiry order; one that is not
   * (a lapsed lease behind a live entry) is dropped when it is looked up or reaches the front.
   */
  private prune(now: number): void {
    for (const [id, entry] of this.seen) {
      if (entry.expires > now) break;
      this.seen.delete(id);
    }
  }
}
