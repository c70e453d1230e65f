import type { Session } from './types.js';

/**
 * Where conversations live between turns. The core depends only on this interface; the embedded
 * lowdb store and the Redis store (several instances) implement it in src/store/.
 */
export interface SessionStore {
  /** The stored session, or null for a new conversation. Throws StoreCorruptError for a damaged record. */
  load(key: string): Promise<Session | null>;
  /**
   * Stores what `change` makes of the current session, without losing a concurrent update: a
   * store shared by several processes re-runs `change` on the newer session when another writer
   * got there first. Throws StoreCorruptError (read) or StoreUnavailableError (read or write).
   */
  update(key: string, change: (current: Session | null) => Session): Promise<Session>;
  close(): Promise<void>;
}

/** A stored conversation that cannot be read. The damaged record is kept aside, never overwritten. */
export class StoreCorruptError extends Error {
  constructor(
    readonly location: string,
    readonly keptAt: string | null,
    cause: unknown,
  ) {
    super(
      `The stored conversation at ${location} is damaged and cannot be read${keptAt ? `; it was moved aside to ${keptAt}` : ''} (${(cause as Error)?.message ?? cause}).`,
      { cause },
    );
    this.name = 'StoreCorruptError';
  }
}

/** The store cannot be written (read-only or full disk, server gone). */
export class StoreUnavailableError extends Error {
  constructor(
    readonly location: string,
    cause: unknown,
  ) {
    super(`Cannot write conversations to ${location} (${(cause as Error)?.message ?? cause}).`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** Keeps sessions in memory: for tests and for one-off runs that need no persistence. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, string>();

  async load(key: string): Promise<Session | null> {
    const json = this.sessions.get(key);
    return json ? (JSON.parse(json) as Session) : null;
  }

  async update(key: string, change: (current: Session | null) => Session): Promise<Session> {
    const next = change(await this.load(key));
    this.sessions.set(key, JSON.stringify(next));
    return next;
  }

  async close(): Promise<void> {}
}
