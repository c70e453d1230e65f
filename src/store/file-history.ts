import { access, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import {
  type AdvisedRecord,
  addRecord,
  HISTORY_LIMIT,
  type NewRecord,
  type RecommendationLog,
} from '../channels/slack/history.js';
import { KeyedQueue } from '../core/keyed-queue.js';
import type { Logger } from '../core/log.js';
import { StoreCorruptError } from '../core/store.js';
import type { JsonFiles } from './json-files.js';

interface UserFile {
  team: string;
  user: string;
  records: AdvisedRecord[];
}

function userFileOf(team: string, user: string) {
  return (value: unknown): value is UserFile => {
    if (typeof value !== 'object' || value === null) return false;
    const file = value as Record<string, unknown>;
    return file.team === team && file.user === user && Array.isArray(file.records);
  };
}

/**
 * Each Slack user's recommendations on the embedded store: one small JSON file per user under
 * `<data>/slack/history/`, one write at a time per user. A damaged file is kept aside and the
 * user's history starts again: it only feeds the App Home and sharing, so it must never block a
 * conversation.
 */
export class FileRecommendationLog implements RecommendationLog {
  static readonly NAMESPACE = path.join('slack', 'history');
  private readonly queue = new KeyedQueue();

  constructor(
    readonly files: JsonFiles,
    private readonly log: Logger,
  ) {}

  fileFor(team: string, user: string): string {
    return this.files.fileFor(FileRecommendationLog.NAMESPACE, `${team}:${user}`);
  }

  /** Where versions before the shared layout kept the file: unsharded, 40 hex digits. */
  private legacyFileFor(team: string, user: string): string {
    const file = this.fileFor(team, user);
    return path.join(
      path.dirname(path.dirname(file)),
      `${path.basename(path.dirname(file))}${path.basename(file)}`,
    );
  }

  record(entry: NewRecord, now = new Date()): Promise<AdvisedRecord> {
    return this.queue.run(this.fileFor(entry.team, entry.user), async () => {
      const current = await this.read(entry.team, entry.user);
      const { records, added } = addRecord(current, entry, now);
      if (records[0] === added) {
        const data: UserFile = { team: entry.team, user: entry.user, records };
        await this.files.write(this.fileFor(entry.team, entry.user), data);
      }
      return added;
    });
  }

  async list(team: string, user: string, limit = HISTORY_LIMIT): Promise<AdvisedRecord[]> {
    const records = await this.queue.run(this.fileFor(team, user), () => this.read(team, user));
    return records.slice(0, limit);
  }

  async get(team: string, user: string, id: string): Promise<AdvisedRecord | null> {
    return (await this.list(team, user)).find((record) => record.id === id) ?? null;
  }

  private async read(team: string, user: string): Promise<AdvisedRecord[]> {
    const file = this.fileFor(team, user);
    try {
      const found = await this.files.read(file, userFileOf(team, user));
      if (found) return found.records;
      if (await this.migrate(team, user, file)) return this.read(team, user);
      return [];
    } catch (error) {
      if (!(error instanceof StoreCorruptError)) throw error;
      this.log.error('slack history file is damaged; starting a new one', {
        file,
        keptAt: error.keptAt,
        error: String(error.cause ?? error),
      });
      return [];
    }
  }

  /** Moves a file of the older layout to its place in the shared one; false when there is none. */
  private async migrate(team: string, user: string, file: string): Promise<boolean> {
    const legacy = this.legacyFileFor(team, user);
    const move = () => rename(legacy, file).then(() => true);
    return move().catch(async () => {
      // Either there is no older file (the usual case: a user with no history yet) or the
      // shard directory does not exist yet.
      if (
        !(await access(legacy).then(
          () => true,
          () => false,
        ))
      )
        return false;
      await mkdir(path.dirname(file), { recursive: true });
      return move().catch(() => false);
    });
  }
}
