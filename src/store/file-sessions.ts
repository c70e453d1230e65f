import type { SessionStore } from '../core/store.js';
import type { Receipt, Session, StoredConversation } from '../core/types.js';
import type { JsonFiles } from './json-files.js';

/** A conversation's file. `receipts` is absent in files written before receipts existed: read as none. */
interface SessionFile {
  key: string;
  session: Session;
  receipts?: Receipt[];
}

function sessionFileOf(key: string) {
  return (value: unknown): value is SessionFile => {
    if (typeof value !== 'object' || value === null) return false;
    const file = value as Record<string, unknown>;
    return (
      file.key === key &&
      typeof file.session === 'object' &&
      file.session !== null &&
      (file.receipts === undefined || Array.isArray(file.receipts))
    );
  };
}

/** A document's text as this process last wrote or read it, and the file it was in then. */
interface Remembered {
  text: string;
  identity: string;
  /** Versions in the file since it was last replaced by this process; Infinity when it was read, not written. */
  versions: number;
}

/**
 * A turn appends its version to the conversation's file (JsonFiles.appendText); every so many
 * versions the file is replaced by the current one alone, so it stays a few documents long.
 */
const VERSIONS_PER_FILE = 8;

/** How many conversations' last documents are kept in memory (about 5 kB each). */
const RECENT_LIMIT = 2000;

/**
 * Conversations on the embedded store: one small JSON file each under `<data>/sessions/`, the
 * session and its receipts in one document, so a turn and what produced it are written together
 * (docs/adr/0004-session-store.md, 0006-turn-receipts.md).
 *
 * One process owns a data directory, so a file it wrote or read holds what it last saw: the
 * text of the most recent conversations' documents is kept (least recently used dropped first)
 * and a turn of an active conversation reads no file, only its identity (a stat: inode, size,
 * modification time), so that a file changed or damaged behind the process's back is still
 * read and judged. The text, not the object, is kept: each load parses its own copy, so nothing
 * a caller does to a loaded session reaches the cache.
 */
export class FileSessionStore implements SessionStore {
  static readonly NAMESPACE = 'sessions';
  private readonly recent = new Map<string, Remembered>();

  constructor(
    readonly files: JsonFiles,
    private readonly recentLimit = RECENT_LIMIT,
  ) {}

  fileFor(key: string): string {
    return this.files.fileFor(FileSessionStore.NAMESPACE, key);
  }

  async load(key: string): Promise<StoredConversation | null> {
    const path = this.fileFor(key);
    const remembered = this.recent.get(key);
    const cached = remembered && remembered.identity === this.files.identityOf(path) ? remembered : undefined;
    const file = cached
      ? (JSON.parse(cached.text) as SessionFile)
      : await this.files.read(path, sessionFileOf(key), (text) => this.remember(key, text, path, Infinity));
    if (file === null) {
      this.recent.delete(key);
      return null;
    }
    if (cached) this.remember(key, cached.text, path, cached.versions, cached.identity);
    return file.receipts ? { session: file.session, receipts: file.receipts } : { session: file.session };
  }

  /** Keeps `text` as the key's current document (in `path`), as the most recently used. */
  private remember(
    key: string,
    text: string,
    path: string,
    versions: number,
    identity = this.files.identityOf(path),
  ): void {
    this.recent.delete(key);
    if (identity === null) return;
    this.recent.set(key, { text, identity, versions });
    if (this.recent.size > this.recentLimit) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  /**
   * Load, change, save. One process owns a data directory (Conversations runs the turns of one
   * conversation in order); several instances share state through the Redis store instead.
   */
  async update(
    key: string,
    change: (current: StoredConversation | null) => StoredConversation,
  ): Promise<StoredConversation> {
    const current = await this.load(key);
    const next = change(current);
    if (next !== current) await this.save(key, next);
    return next;
  }

  async save(key: string, record: StoredConversation): Promise<void> {
    const file: SessionFile = {
      key,
      session: record.session,
      ...(record.receipts ? { receipts: record.receipts } : {}),
    };
    const text = JSON.stringify(file);
    const path = this.fileFor(key);
    const remembered = this.recent.get(key);
    // Appended only to a file this process wrote and nobody changed since (no partial line of
    // an earlier crash before it), and not too long yet; otherwise replaced whole.
    const append =
      remembered !== undefined &&
      remembered.versions < VERSIONS_PER_FILE &&
      remembered.identity === this.files.identityOf(path);
    // Forgotten first: a write that fails leaves the file as it was (or with a partial last
    // line, passed over), and the next load reads it and the next save replaces it.
    this.recent.delete(key);
    if (append) this.files.appendText(path, text);
    else await this.files.writeText(path, text);
    this.remember(key, text, path, append ? remembered.versions + 1 : 1);
  }

  async close(): Promise<void> {}
}
