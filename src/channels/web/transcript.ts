import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KeyedQueue } from '../../core/keyed-queue.js';
import type { Logger } from '../../core/log.js';
import { keepAside } from '../../store/keep-aside.js';
import type { TranscriptEntry } from './protocol.js';

/** How many entries (user messages plus replies) a conversation keeps for the page to replay. */
export const DEFAULT_TRANSCRIPT_LIMIT = 200;

export interface Transcript {
  entries: TranscriptEntry[];
  /** Older entries that were let go to keep the file small. */
  dropped: number;
}

interface TranscriptFile extends Transcript {
  schema: 1;
  key: string;
}

function isEntry(value: unknown): value is TranscriptEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  if (typeof entry.at !== 'string') return false;
  if (entry.from === 'user') return typeof entry.text === 'string';
  if (entry.from !== 'bot' || typeof entry.reply !== 'object' || entry.reply === null) return false;
  const reply = entry.reply as Record<string, unknown>;
  return typeof reply.text === 'string' && Array.isArray(reply.body) && Array.isArray(reply.choices);
}

function isTranscriptFile(value: unknown, key: string): value is TranscriptFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Record<string, unknown>;
  return (
    file.schema === 1 &&
    file.key === key &&
    typeof file.dropped === 'number' &&
    Array.isArray(file.entries) &&
    file.entries.every(isEntry)
  );
}

/**
 * What the chat page shows, per conversation, so a reload or a server restart can replay it. The
 * advisor's session holds answers, not words, so the page's history is kept here, beside it.
 *
 * One small JSON file per conversation under `<dataDir>/web/transcripts/`, named by a hash of
 * the key like the session files, holding the last `limit` entries: a turn costs one read and
 * one write of a bounded file, however many conversations exist. Writes go to a temporary file
 * that is renamed over the old one, so a crash leaves the old or the new file, never half of one.
 */
export class TranscriptStore {
  private readonly queue = new KeyedQueue();

  constructor(
    readonly directory: string,
    private readonly log: Logger,
    readonly limit = DEFAULT_TRANSCRIPT_LIMIT,
  ) {}

  fileFor(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.directory, 'web', 'transcripts', hash.slice(0, 2), `${hash.slice(2, 40)}.json`);
  }

  /** The conversation so far; empty for a new one. A damaged file is moved aside and reported. */
  read(key: string): Promise<Transcript> {
    return this.queue.run(key, () => this.load(key));
  }

  /** Adds entries at the end, letting the oldest go past the limit. Throws when it cannot write. */
  append(key: string, entries: TranscriptEntry[]): Promise<void> {
    return this.queue.run(key, async () => {
      if (entries.length === 0) return;
      const current = await this.load(key);
      const all = [...current.entries, ...entries];
      const excess = Math.max(0, all.length - this.limit);
      const next: TranscriptFile = {
        schema: 1,
        key,
        dropped: current.dropped + excess,
        entries: all.slice(excess),
      };
      await this.write(this.fileFor(key), JSON.stringify(next));
    });
  }

  private async load(key: string): Promise<Transcript> {
    const file = this.fileFor(key);
    let json: string;
    try {
      json = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], dropped: 0 };
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      data = undefined;
    }
    if (!isTranscriptFile(data, key)) {
      const keptAt = await keepAside(file);
      this.log.warn('chat history file is damaged; starting its history afresh', { file, keptAt });
      return { entries: [], dropped: 0 };
    }
    return { entries: data.entries, dropped: data.dropped };
  }

  private async write(file: string, json: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, json, 'utf8');
      await rename(temporary, file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }
}
