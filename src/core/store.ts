import type { StoredConversation } from './types.js';

/**
 * Where conversations live between turns. The core depends only on this interface; the embedded
 * JSON-file store and the Redis store (several instances) implement it in src/store/. A record is
 * the session and its receipts (types.ts), always read and written together, so what produced a
 * turn is stored in the same atomic write as the turn.
 */
export interface SessionStore {
  /** The stored record, or null for a new conversation. Throws StoreCorruptError for a damaged record. */
  load(key: string): Promise<StoredConversation | null>;
  /**
   * Stores what `change` makes of the current record, without losing a concurrent update: a
   * store shared by several processes re-runs `change` on the newer record when another writer
   * got there first. When `change` returns `current` itself nothing is written. Throws
   * StoreCorruptError (read) or StoreUnavailableError (read or write).
   */
  update(
    key: string,
    change: (current: StoredConversation | null) => StoredConversation,
  ): Promise<StoredConversation>;
  close(): Promise<void>;
}

/** A stored record that cannot be read. The damaged record is kept aside, never overwritten. */
export class StoreCorruptError extends Error {
  constructor(
    readonly location: string,
    readonly keptAt: string | null,
    cause: unknown,
  ) {
    super(
      `The stored data at ${location} is damaged and cannot be read${keptAt ? `; it was moved aside to ${keptAt}` : ''} (${(cause as Error)?.message ?? cause}).`,
      { cause },
    );
    this.name = 'StoreCorruptError';
  }
}

/** The store cannot be read or written (read-only or full disk, server gone). */
export class StoreUnavailableError extends Error {
  constructor(
    readonly location: string,
    cause: unknown,
  ) {
    super(`Cannot use the stored data at ${location} (${(cause as Error)?.message ?? cause}).`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** Keeps records in memory: for tests and for one-off runs that need no persistence. */
export class MemorySessionStore implements SessionStore {
  private readonly records = new Map<string, string>();

  async load(key: string): Promise<StoredConversation | null> {
    const json = this.records.get(key);
    return json ? (JSON.parse(json) as StoredConversation) : null;
  }

  async update(
    key: string,
    change: (current: StoredConversation | null) => StoredConversation,
  ): Promise<StoredConversation> {
    const current = await this.load(key);
    const next = change(current);
    if (next !== current) this.records.set(key, JSON.stringify(next));
    return next;
  }

  async close(): Promise<void> {}
}
