import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StoreCorruptError, StoreUnavailableError } from '../core/store.js';

type LowdbNode = typeof import('lowdb/node');
let lowdb: Promise<LowdbNode> | undefined;
/** lowdb is ESM-only; this CommonJS build loads it with a dynamic import (docs/adr/0001). */
function loadLowdb(): Promise<LowdbNode> {
  lowdb ??= import('lowdb/node');
  return lowdb;
}

/**
 * The one temporary-file name of every write: `<dir>/.<name>.tmp`, renamed over `<dir>/<name>`
 * (the name lowdb's file adapters write). Older versions also left
 * `<name>.<pid>.tmp` and `<name>.<random>.tmp`; the clean-up removes all of them, so any name
 * ending in `.tmp` counts.
 */
export function temporaryFileOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
}

export function isTemporary(name: string): boolean {
  return name.endsWith('.tmp');
}

/**
 * Moves a damaged file out of the way, so that nothing ever overwrites it and an operator can
 * inspect it. Returns where it went, or null when it could not be moved.
 */
export async function keepAside(file: string, now = new Date()): Promise<string | null> {
  const aside = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, aside);
    return aside;
  } catch {
    return null;
  }
}

/** What a sweep of leftover temporary files found. */
export interface SweepReport {
  removed: number;
  /** Temporary files younger than the sweep's cut-off: writes of this process, left alone. */
  kept: number;
  ms: number;
}

/**
 * The embedded store's one way of keeping JSON documents: one small file per key, named by a
 * hash of `namespace` and key, sharded by its first two hex digits (`<root>/<namespace>/<2 hex>/<38
 * hex>.json`), so a read or write costs the same at 100,000 files as at 100. Every write is
 * atomic (a temporary file renamed over the old one), so a crash leaves the old or the new
 * document, never half of one. One process owns a data directory; callers order the writes of
 * one key (KeyedQueue). Sessions, the Slack history and the web transcripts all live here.
 *
 * Reads and writes are synchronous system calls inside async methods (docs/adr/0009): a
 * document is a few kilobytes on a local disk, and Node's promise-based file system costs
 * several times the CPU of the calls themselves (FileHandle objects, a thread-pool hop per
 * call). Measured on the bench machine: an atomic write 0.62–0.73 ms of CPU through lowdb's
 * asynchronous adapter (steno), 0.32–0.40 ms through its synchronous one; a read 0.24 ms through fs/promises, 0.014 ms synchronously.
 * The event loop waits the same microseconds the thread pool would have.
 */
export class JsonFiles {
  private readonly directories = new Set<string>();

  constructor(readonly root: string) {}

  /** The file of `key` in `namespace` (a relative path such as `sessions` or `web/transcripts`). */
  fileFor(namespace: string, key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.root, namespace, hash.slice(0, 2), `${hash.slice(2, 40)}.json`);
  }

  /**
   * The document in `file` if `valid` accepts it, null if there is none. A file holds one JSON
   * document per line (appendText adds versions; the last is current), so the last line that
   * parses and is valid is the document: a line cut short by a crash during an append is passed
   * over, and the version before it stands. A file with no such line is kept aside (never
   * overwritten) and reported as StoreCorruptError; one that cannot be read at all as
   * StoreUnavailableError.
   */
  async read<T>(
    file: string,
    valid: (value: unknown) => value is T,
    /** Told the text of the document that was read and accepted (a cache keeps it). */
    accepted?: (text: string) => void,
  ): Promise<T | null> {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreUnavailableError(file, error);
    }
    let problem: unknown = new Error('the file is empty');
    // JSON.stringify never writes a raw line break, so a line is a whole document or part of one.
    for (let end = content.length; end > 0; ) {
      const start = content.lastIndexOf('\n', end - 1) + 1;
      const line = content.slice(start, end);
      end = start - 1;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        problem = error;
        continue;
      }
      if (!valid(value)) {
        problem = new Error('not the document expected here');
        continue;
      }
      accepted?.(line);
      return value;
    }
    throw new StoreCorruptError(file, await keepAside(file), problem);
  }

  /** Replaces the document in `file` atomically. Throws StoreUnavailableError (read-only, full disk). */
  async write(file: string, value: unknown): Promise<void> {
    await this.writeText(file, JSON.stringify(value));
  }

  /**
   * Replaces `file` with `json` atomically through lowdb's synchronous text file: written to its
   * temporary file, then renamed over it. A write that fails (full disk, read-only directory)
   * removes its temporary file and throws StoreUnavailableError; the old document stays as it was.
   */
  async writeText(file: string, json: string): Promise<void> {
    const { TextFileSync } = await loadLowdb();
    const directory = path.dirname(file);
    const temporary = temporaryFileOf(file);
    const write = () => new TextFileSync(file).write(json);
    try {
      // 256 shard directories per namespace at most: create each once per process.
      if (!this.directories.has(directory)) {
        mkdirSync(directory, { recursive: true });
        this.directories.add(directory);
      }
      try {
        write();
      } catch (error) {
        // The directory went away under us (an operator cleaned up): make it again, once.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        mkdirSync(directory, { recursive: true });
        write();
      }
    } catch (error) {
      try {
        unlinkSync(temporary);
      } catch {
        // Never written, or the directory is read-only: nothing to remove.
      }
      throw new StoreUnavailableError(file, error);
    }
  }

  /**
   * Adds `json` as the newest version of the document in `file`, one line appended: a few
   * microseconds of system time where an atomic replace (a new file renamed over the old) costs
   * ~0.17 ms on ext4, which flushes a file renamed over another. A crash during the append
   * leaves at worst a partial last line, which read passes over; the caller appends only to a
   * file it wrote itself in this process (never after a crash's partial line) and replaces it
   * with writeText now and then so it stays short. Throws StoreUnavailableError (full disk).
   */
  appendText(file: string, json: string): void {
    try {
      appendFileSync(file, `\n${json}`);
    } catch (error) {
      throw new StoreUnavailableError(file, error);
    }
  }

  /**
   * What tells one version of `file` from another without reading it: its inode (every atomic
   * write renames a new file into place), size and modification time. Null when it is not there.
   */
  identityOf(file: string): string | null {
    try {
      const info = statSync(file, { throwIfNoEntry: false, bigint: true });
      return info ? `${info.ino}:${info.size}:${info.mtimeNs}` : null;
    } catch {
      // Unreadable directory: no identity, so the caller reads the file and reports why it cannot.
      return null;
    }
  }

  /** Moves a file aside as damaged (a document that parsed but is not what it should be). */
  keepAside(file: string): Promise<string | null> {
    return keepAside(file);
  }

  /**
   * Removes the temporary files that writes cut short by a crash left behind, in `namespaces`.
   * Only files last modified before `before` (this process's start) go: a younger one may be a
   * write of this process in progress. One shard directory at a time, so it can run beside the
   * traffic after the app is ready (it is never on the way to ready: 100,000 conversations mean
   * 256 directory listings of 400 names each). `stopped` is checked between directories.
   */
  async sweep(
    namespaces: string[],
    before: Date,
    stopped: () => boolean = () => false,
  ): Promise<SweepReport> {
    const started = performance.now();
    const report: SweepReport = { removed: 0, kept: 0, ms: 0 };
    const cutOff = before.getTime();
    const visit = async (directory: string, depth: number): Promise<void> => {
      if (stopped()) return;
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(directory, { withFileTypes: true });
      } catch {
        return; // not there (nothing stored yet) or unreadable: nothing to clean
      }
      for (const entry of entries) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory() && depth > 0) await visit(full, depth - 1);
        else if (entry.isFile() && isTemporary(entry.name)) {
          const info = await stat(full).catch(() => null);
          if (!info) continue;
          if (info.mtimeMs >= cutOff) {
            report.kept += 1;
            continue;
          }
          if (
            await unlink(full).then(
              () => true,
              () => false,
            )
          )
            report.removed += 1;
        }
      }
    };
    // A namespace holds shard directories (and, for the history's older layout, files directly).
    for (const namespace of namespaces) await visit(path.join(this.root, namespace), 1);
    report.ms = performance.now() - started;
    return report;
  }
}
