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

/**
 * Conversations on the embedded store: one small JSON file each under `<data>/sessions/`, the
 * session and its receipts in one document, so a turn and what produced it are written together
 * (docs/adr/0004-session-store.md, 0006-turn-receipts.md).
 */
export class FileSessionStore implements SessionStore {
  static readonly NAMESPACE = 'sessions';

  constructor(readonly files: JsonFiles) {}

  fileFor(key: string): string {
    return this.files.fileFor(FileSessionStore.NAMESPACE, key);
  }

  async load(key: string): Promise<StoredConversation | null> {
    const file = await this.files.read(this.fileFor(key), sessionFileOf(key));
    if (file === null) return null;
    return file.receipts ? { session: file.session, receipts: file.receipts } : { session: file.session };
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
    await this.files.write(this.fileFor(key), file);
  }

  async close(): Promise<void> {}
}
