import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type SessionStore, StoreCorruptError, StoreUnavailableError } from '../core/store.js';
import type { Session } from '../core/types.js';
import { keepAside } from './keep-aside.js';

interface Record {
  key: string;
  session: Session;
}

type LowdbModules = { Low: typeof import('lowdb').Low; JSONFile: typeof import('lowdb/node').JSONFile };

/** lowdb is ESM-only; this CommonJS build loads it with a dynamic import (docs/adr/0001). */
async function loadLowdb(): Promise<LowdbModules> {
  const [{ Low }, { JSONFile }] = await Promise.all([import('lowdb'), import('lowdb/node')]);
  return { Low, JSONFile };
}

/**
 * The embedded store: one small lowdb JSON file per conversation, sharded by a hash of its key.
 * lowdb rewrites a whole file on every write, so one file per conversation keeps the cost of a
 * turn independent of how many conversations exist (docs/adr/0004-session-store.md).
 */
export class LowdbSessionStore implements SessionStore {
  private modules: Promise<LowdbModules> | null = null;
  private readonly directories = new Set<string>();

  constructor(readonly directory: string) {}

  fileFor(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.directory, 'sessions', hash.slice(0, 2), `${hash.slice(2, 40)}.json`);
  }

  private lowdb(): Promise<LowdbModules> {
    this.modules ??= loadLowdb();
    return this.modules;
  }

  async load(key: string): Promise<Session | null> {
    const { Low, JSONFile } = await this.lowdb();
    const file = this.fileFor(key);
    const db = new Low<Record | null>(new JSONFile<Record | null>(file), null);
    try {
      await db.read();
    } catch (error) {
      if (error instanceof SyntaxError) throw new StoreCorruptError(file, await keepAside(file), error);
      throw new StoreUnavailableError(file, error);
    }
    const record = db.data;
    if (record === null) return null;
    if (
      typeof record !== 'object' ||
      record.key !== key ||
      typeof record.session !== 'object' ||
      record.session === null
    ) {
      throw new StoreCorruptError(file, await keepAside(file), new Error('not a conversation record'));
    }
    return record.session;
  }

  /**
   * Load, change, save. One process owns a data directory (Conversations runs the turns of one
   * conversation in order); several instances share state through the Redis store instead.
   */
  async update(key: string, change: (current: Session | null) => Session): Promise<Session> {
    const next = change(await this.load(key));
    await this.save(key, next);
    return next;
  }

  async save(key: string, session: Session): Promise<void> {
    const { Low, JSONFile } = await this.lowdb();
    const file = this.fileFor(key);
    const directory = path.dirname(file);
    const write = () => new Low<Record>(new JSONFile<Record>(file), { key, session }).write();
    try {
      // 256 shard directories at most: create each once per process, not on every write.
      if (!this.directories.has(directory)) {
        await mkdir(directory, { recursive: true });
        this.directories.add(directory);
      }
      await write().catch(async (error: NodeJS.ErrnoException) => {
        // The directory went away under us (an operator cleaned up): make it again, once.
        if (error.code !== 'ENOENT') throw error;
        await mkdir(directory, { recursive: true });
        await write();
      });
    } catch (error) {
      throw new StoreUnavailableError(file, error);
    }
  }

  async close(): Promise<void> {}
}
