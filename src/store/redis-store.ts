import Redis from 'ioredis';
import { type SessionStore, StoreCorruptError, StoreUnavailableError } from '../core/store.js';
import type { Receipt, Session, StoredConversation } from '../core/types.js';

/**
 * Writes `next` only if the key still holds exactly `expected` (or is still absent when
 * `expected` is empty). A Lua script runs atomically in Redis, so two instances updating one
 * conversation can never both win; unlike WATCH it needs no connection of its own per update.
 */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0
`;

/** A connection as every Redis store here uses it: a few quick retries, commands queued while reconnecting. */
export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
}

/** How often an update is retried when other instances keep writing the same conversation. */
const MAX_ATTEMPTS = 50;

/** A short random pause that grows with each lost race, so contenders spread out. */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
}

export interface RedisStoreOptions {
  /** Idle conversations are dropped after this long (Redis is memory, not an archive). */
  ttlSeconds?: number;
  prefix?: string;
}

/**
 * Conversations in Redis, for several instances behind one load balancer (docs/adr/0004). A value
 * is `{key, session, receipts}`: the receipts of a turn are set by the same compare-and-set as the
 * turn, so an instance killed at any moment leaves both or neither (docs/adr/0006).
 */
export class RedisSessionStore implements SessionStore {
  private readonly ttlSeconds: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    options: RedisStoreOptions = {},
  ) {
    this.ttlSeconds = options.ttlSeconds ?? 30 * 24 * 3600;
    this.prefix = options.prefix ?? 'ftadvisor:session:';
    redis.defineCommand('ftadvisorCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
  }

  static connect(url: string, options: RedisStoreOptions = {}): RedisSessionStore {
    return new RedisSessionStore(connectRedis(url), options);
  }

  private keyFor(key: string): string {
    return `${this.prefix}${key}`;
  }

  private async raw(key: string): Promise<string | null> {
    try {
      return await this.redis.get(this.keyFor(key));
    } catch (error) {
      throw new StoreUnavailableError(`redis ${this.keyFor(key)}`, error);
    }
  }

  /** The record in a stored value; throws a plain Error when the value is not one. */
  private parse(key: string, raw: string | null): StoredConversation | null {
    if (raw === null) return null;
    const record = JSON.parse(raw) as { key?: unknown; session?: unknown; receipts?: unknown };
    if (
      record.key !== key ||
      typeof record.session !== 'object' ||
      record.session === null ||
      (record.receipts !== undefined && !Array.isArray(record.receipts))
    ) {
      throw new Error('not a conversation record');
    }
    // Values written before receipts existed have none.
    const session = record.session as Session;
    return record.receipts ? { session, receipts: record.receipts as Receipt[] } : { session };
  }

  /** Reads and parses; a damaged value is moved aside (never overwritten) and reported. */
  private async read(key: string): Promise<{ raw: string | null; record: StoredConversation | null }> {
    const raw = await this.raw(key);
    try {
      return { raw, record: this.parse(key, raw) };
    } catch (error) {
      throw new StoreCorruptError(`redis ${this.keyFor(key)}`, await this.keepAside(key, raw ?? ''), error);
    }
  }

  async load(key: string): Promise<StoredConversation | null> {
    return (await this.read(key)).record;
  }

  async update(
    key: string,
    change: (current: StoredConversation | null) => StoredConversation,
  ): Promise<StoredConversation> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { raw, record } = await this.read(key);
      const next = change(record);
      // Unchanged (a repeat recognised by its receipt): nothing to write, and nothing to race.
      if (next === record) return next;
      const value = JSON.stringify({
        key,
        session: next.session,
        ...(next.receipts ? { receipts: next.receipts } : {}),
      });
      if (await this.compareAndSet(key, raw ?? '', value)) return next;
      await backoff(attempt);
    }
    throw new StoreUnavailableError(
      `redis ${this.keyFor(key)}`,
      new Error(`still contended after ${MAX_ATTEMPTS} attempts`),
    );
  }

  private async compareAndSet(key: string, expected: string, next: string): Promise<boolean> {
    try {
      const result = await (
        this.redis as unknown as {
          ftadvisorCompareAndSet(k: string, e: string, n: string, ttl: number): Promise<number>;
        }
      ).ftadvisorCompareAndSet(this.keyFor(key), expected, next, this.ttlSeconds);
      return result === 1;
    } catch (error) {
      throw new StoreUnavailableError(`redis ${this.keyFor(key)}`, error);
    }
  }

  private async keepAside(key: string, value: string): Promise<string | null> {
    const aside = `${this.keyFor(key)}:corrupt:${Date.now()}`;
    try {
      await this.redis.multi().set(aside, value).del(this.keyFor(key)).exec();
      return aside;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
