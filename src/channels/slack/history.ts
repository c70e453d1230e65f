import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../core/log.js';
import type { Recommendation } from '../../core/types.js';
import type { Surface } from './keys.js';

/**
 * The recommendations a user has received in Slack, newest first: the App Home shows them, and
 * "Share to channel" posts one again. The core keeps sessions only (one per conversation, and
 * only the latest state), so the Slack channel keeps this per-user log itself.
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

function add(
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
    const { records, added } = add(this.users.get(id) ?? [], entry, now);
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

interface UserFile {
  team: string;
  user: string;
  records: AdvisedRecord[];
}

/**
 * One small JSON file per user under <data>/slack/history/, written atomically (a temporary file,
 * then rename) and one write at a time per file, so a crash never leaves half a file.
 */
export class FileRecommendationLog implements RecommendationLog {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly directory: string,
    private readonly log: Logger,
  ) {}

  fileFor(team: string, user: string): string {
    const hash = createHash('sha256').update(`${team}:${user}`).digest('hex');
    return path.join(this.directory, 'slack', 'history', `${hash.slice(0, 40)}.json`);
  }

  record(entry: NewRecord, now = new Date()): Promise<AdvisedRecord> {
    const file = this.fileFor(entry.team, entry.user);
    return this.serialise(file, async () => {
      const { records, added } = add(await this.read(file, entry.team, entry.user), entry, now);
      if (records[0] === added) {
        const data: UserFile = { team: entry.team, user: entry.user, records };
        await mkdir(path.dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(data));
        await rename(temporary, file);
      }
      return added;
    });
  }

  async list(team: string, user: string, limit = HISTORY_LIMIT): Promise<AdvisedRecord[]> {
    const file = this.fileFor(team, user);
    return (await this.serialise(file, () => this.read(file, team, user))).slice(0, limit);
  }

  async get(team: string, user: string, id: string): Promise<AdvisedRecord | null> {
    return (await this.list(team, user)).find((record) => record.id === id) ?? null;
  }

  private async read(file: string, team: string, user: string): Promise<AdvisedRecord[]> {
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    try {
      const data = JSON.parse(raw) as UserFile;
      if (data.team === team && data.user === user && Array.isArray(data.records)) return data.records;
      throw new Error('not a history file for this user');
    } catch (error) {
      // A damaged file must not block the user; keep it aside for the operator and start afresh.
      const aside = `${file}.corrupt-${Date.now()}`;
      await rename(file, aside).catch(() => undefined);
      this.log.error('slack history file is damaged; starting a new one', {
        file,
        keptAt: aside,
        error: String(error),
      });
      return [];
    }
  }

  private serialise<T>(file: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(file) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.queues.set(file, tail);
    void tail.then(() => {
      if (this.queues.get(file) === tail) this.queues.delete(file);
    });
    return next;
  }
}
