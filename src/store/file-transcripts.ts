import path from 'node:path';
import type { TranscriptEntry } from '../channels/web/protocol.js';
import { DEFAULT_TRANSCRIPT_LIMIT, type Transcript, type Transcripts } from '../channels/web/transcript.js';
import { KeyedQueue } from '../core/keyed-queue.js';
import type { Logger } from '../core/log.js';
import { StoreCorruptError } from '../core/store.js';
import type { JsonFiles } from './json-files.js';

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

function transcriptFileOf(key: string) {
  return (value: unknown): value is TranscriptFile => {
    if (typeof value !== 'object' || value === null) return false;
    const file = value as Record<string, unknown>;
    return (
      file.schema === 1 &&
      file.key === key &&
      typeof file.dropped === 'number' &&
      Array.isArray(file.entries) &&
      file.entries.every(isEntry)
    );
  };
}

/**
 * The web chat's history on the embedded store: one small JSON file per conversation under
 * `<data>/web/transcripts/`, holding the last `limit` entries, so a turn costs one read and one
 * write of a bounded file however many conversations exist.
 */
export class FileTranscriptStore implements Transcripts {
  static readonly NAMESPACE = path.join('web', 'transcripts');
  private readonly queue = new KeyedQueue();

  constructor(
    readonly files: JsonFiles,
    private readonly log: Logger,
    readonly limit = DEFAULT_TRANSCRIPT_LIMIT,
  ) {}

  fileFor(key: string): string {
    return this.files.fileFor(FileTranscriptStore.NAMESPACE, key);
  }

  read(key: string): Promise<Transcript> {
    return this.queue.run(key, () => this.load(key));
  }

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
      await this.files.write(this.fileFor(key), next);
    });
  }

  /** A damaged file is kept aside and the page's history starts again (the answers are in the session). */
  private async load(key: string): Promise<Transcript> {
    const file = this.fileFor(key);
    try {
      const data = await this.files.read(file, transcriptFileOf(key));
      return data ? { entries: data.entries, dropped: data.dropped } : { entries: [], dropped: 0 };
    } catch (error) {
      if (!(error instanceof StoreCorruptError)) throw error;
      this.log.warn('chat history file is damaged; starting its history afresh', {
        file,
        keptAt: error.keptAt,
      });
      return { entries: [], dropped: 0 };
    }
  }
}
