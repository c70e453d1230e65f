import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { type Claim, DEDUP_LEASE_MS, DEDUP_TTL_MS, type Deduplicator } from '../channels/slack/dedup.js';
import {
  type AdvisedRecord,
  HISTORY_LIMIT,
  type NewRecord,
  type RecommendationLog,
} from '../channels/slack/history.js';
import type { Logger } from '../core/log.js';
import { connectRedis } from './redis-store.js';

/**
 * The Slack channel's own state in Redis, for several instances behind one load balancer: which
 * events and clicks are being handled (any instance may receive Slack's retry), and each user's
 * recommendation history (the App Home and "Share to channel" may be served by another instance
 * than the one that gave the advice). The channel sees only its interfaces (Deduplicator,
 * RecommendationLog). Loaded only when REDIS_URL is set.
 */

/**
 * Claims an id: set to 'in-progress' for a lease if absent, else reports what is there. One
 * script, so two instances claiming at once cannot both see 'first'.
 */
const CLAIM = `
if redis.call('SET', KEYS[1], 'in-progress', 'NX', 'PX', ARGV[1]) then
  return 'first'
end
return redis.call('GET', KEYS[1]) or 'in-progress'
`;

export interface RedisDeduplicatorOptions {
  prefix?: string;
  ttlMs?: number;
  leaseMs?: number;
}

/** "Process once" shared by every instance: SET NX with a lease, then 'done' for the time-to-live. */
export class RedisDeduplicator implements Deduplicator {
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly redis: Redis,
    options: RedisDeduplicatorOptions = {},
  ) {
    this.prefix = options.prefix ?? 'ftadvisor:dedup:';
    this.ttlMs = options.ttlMs ?? DEDUP_TTL_MS;
    this.leaseMs = options.leaseMs ?? DEDUP_LEASE_MS;
    redis.defineCommand('ftadvisorClaim', { numberOfKeys: 1, lua: CLAIM });
  }

  async claim(id: string): Promise<Claim> {
    const result = await (
      this.redis as unknown as { ftadvisorClaim(key: string, leaseMs: number): Promise<string> }
    ).ftadvisorClaim(this.prefix + id, this.leaseMs);
    return result === 'first' || result === 'done' ? result : 'in-progress';
  }

  async done(id: string): Promise<void> {
    await this.redis.set(this.prefix + id, 'done', 'PX', this.ttlMs);
  }

  async release(id: string): Promise<void> {
    await this.redis.del(this.prefix + id);
  }
}

/**
 * Adds a record at the head of a user's list unless the head is the same advice (then returns
 * the head), keeps the list to its limit and refreshes its expiry. Entries are {"s": what makes
 * two records the same advice, "r": the record}.
 */
const RECORD = `
local head = redis.call('LINDEX', KEYS[1], 0)
if head then
  local ok, entry = pcall(cjson.decode, head)
  if ok and type(entry) == 'table' and entry.s == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[4])
    return head
  end
end
redis.call('LPUSH', KEYS[1], ARGV[2])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[3]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return ARGV[2]
`;

interface Entry {
  s: string;
  r: AdvisedRecord;
}

/** What makes two records the same advice (history.ts: same conversation, primary and answers). */
function sameAdviceSignature(entry: NewRecord): string {
  return JSON.stringify([entry.key, entry.recommendation.primary, entry.recommendation.profile]);
}

export interface RedisRecommendationLogOptions {
  prefix?: string;
  /** A user's history is dropped after this long without a new recommendation. */
  ttlMs?: number;
}

/** Each user's recommendations as a Redis list, newest first (LPUSH, LTRIM), one JSON entry each. */
export class RedisRecommendationLog implements RecommendationLog {
  private readonly prefix: string;
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
    options: RedisRecommendationLogOptions = {},
  ) {
    this.prefix = options.prefix ?? 'ftadvisor:history:';
    // As long as the Redis session store keeps an idle conversation.
    this.ttlMs = options.ttlMs ?? 30 * 24 * 3600 * 1000;
    redis.defineCommand('ftadvisorRecord', { numberOfKeys: 1, lua: RECORD });
  }

  private keyFor(team: string, user: string): string {
    return `${this.prefix}${team}:${user}`;
  }

  async record(entry: NewRecord, now = new Date()): Promise<AdvisedRecord> {
    const record: AdvisedRecord = { id: randomUUID(), at: now.toISOString(), ...entry };
    const stored = await (
      this.redis as unknown as {
        ftadvisorRecord(
          key: string,
          same: string,
          entry: string,
          limit: number,
          ttlMs: number,
        ): Promise<string>;
      }
    ).ftadvisorRecord(
      this.keyFor(entry.team, entry.user),
      sameAdviceSignature(entry),
      JSON.stringify({ s: sameAdviceSignature(entry), r: record } satisfies Entry),
      HISTORY_LIMIT,
      this.ttlMs,
    );
    return (JSON.parse(stored) as Entry).r;
  }

  async list(team: string, user: string, limit = HISTORY_LIMIT): Promise<AdvisedRecord[]> {
    const key = this.keyFor(team, user);
    const raw = await this.redis.lrange(key, 0, Math.max(0, limit - 1));
    const records: AdvisedRecord[] = [];
    for (const item of raw) {
      try {
        const entry = JSON.parse(item) as Partial<Entry>;
        if (!entry.r || typeof entry.r.id !== 'string' || !entry.r.recommendation)
          throw new Error('not a record');
        records.push(entry.r);
      } catch (error) {
        // One damaged entry must not hide the others; it stays in Redis for the operator.
        this.log.error('slack history entry in Redis is damaged; skipped', { key, error: String(error) });
      }
    }
    return records;
  }

  async get(team: string, user: string, id: string): Promise<AdvisedRecord | null> {
    return (await this.list(team, user)).find((record) => record.id === id) ?? null;
  }
}

/** The Slack channel's state on one Redis connection. */
export class RedisSlackState {
  readonly dedup: RedisDeduplicator;
  readonly history: RedisRecommendationLog;

  constructor(
    private readonly redis: Redis,
    log: Logger,
    options: { leaseMs?: number } = {},
  ) {
    this.dedup = new RedisDeduplicator(redis, options.leaseMs ? { leaseMs: options.leaseMs } : {});
    this.history = new RedisRecommendationLog(redis, log);
  }

  static connect(url: string, log: Logger, options: { leaseMs?: number } = {}): RedisSlackState {
    return new RedisSlackState(connectRedis(url), log, options);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
