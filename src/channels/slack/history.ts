import { randomUUID } from 'node:crypto';
import type { Recommendation } from '../../core/types.js';
import type { Surface } from './keys.js';

/**
 * The recommendations a user has received in Slack, newest first: the App Home shows them, and
 * "Share to channel" posts one again. The core keeps sessions only (one per conversation, and
 * only the latest state), so the Slack channel keeps this per-user log itself, through this
 * interface: the file and Redis versions are in src/store/.
 */
export interface AdvisedRecord {
  id: string;
  /** ISO time it was given. */
  at: string;
  team: string;
  /** The user whose answer completed it. */
  user: string;
  /** The conversation it came from. */
  key: string;
  surface: Surface;
  channel: string;
  threadTs?: string;
  recommendation: Recommendation;
}

export type NewRecord = Omit<AdvisedRecord, 'id' | 'at'>;

export interface RecommendationLog {
  /**
   * Keeps a recommendation and returns its record. When the user's latest record is from the
   * same conversation with the same answers, that record is returned instead of a duplicate.
   */
  record(entry: NewRecord, now?: Date): Promise<AdvisedRecord>;
  /** The user's records, newest first. */
  list(team: string, user: string, limit?: number): Promise<AdvisedRecord[]>;
  get(team: string, user: string, id: string): Promise<AdvisedRecord | null>;
}

/** How many records a user keeps; the App Home shows the latest and the history. */
export const HISTORY_LIMIT = 20;

function sameAdvice(a: AdvisedRecord, b: NewRecord): boolean {
  return (
    a.key === b.key &&
    a.recommendation.primary === b.recommendation.primary &&
    JSON.stringify(a.recommendation.profile) === JSON.stringify(b.recommendation.profile)
  );
}

/** `records` with `entry` added at the head (or, if the head is the same advice, unchanged). */
export function addRecord(
  records: AdvisedRecord[],
  entry: NewRecord,
  now: Date,
): { records: AdvisedRecord[]; added: AdvisedRecord } {
  const latest = records[0];
  if (latest && sameAdvice(latest, entry)) return { records, added: latest };
  const added: AdvisedRecord = { id: randomUUID(), at: now.toISOString(), ...entry };
  return { records: [added, ...records].slice(0, HISTORY_LIMIT), added };
}

/** For tests and one-off runs. */
export class MemoryRecommendationLog implements RecommendationLog {
  private readonly users = new Map<string, AdvisedRecord[]>();

  async record(entry: NewRecord, now = new Date()): Promise<AdvisedRecord> {
    const id = `${entry.team}:${entry.user}`;
    const { records, added } = addRecord(this.users.get(id) ?? [], entry, now);
    this.users.set(id, records);
    return structuredClone(added);
  }

  async list(team: string, user: string, limit = HISTORY_LIMIT): Promise<AdvisedRecord[]> {
    return structuredClone((this.users.get(`${team}:${user}`) ?? []).slice(0, limit));
  }

  async get(team: string, user: string, id: string): Promise<AdvisedRecord | null> {
    const found = (this.users.get(`${team}:${user}`) ?? []).find((record) => record.id === id);
    return found ? structuredClone(found) : null;
  }
}
