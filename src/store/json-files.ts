import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StoreCorruptError, StoreUnavailableError } from '../core/store.js';

type StenoWriter = import('steno').Writer;
type StenoModule = { Writer: typeof import('steno').Writer };

let steno: Promise<StenoModule> | null = null;
/** steno is ESM-only; this CommonJS build loads it with a dynamic import (docs/adr/0001). */
function loadSteno(): Promise<StenoModule> {
  steno ??= import('steno');
  return steno;
}

/**
 * The one temporary-file name of every write: steno writes `<dir>/.<name>.tmp`, then renames it
 * over `<dir>/<name>`. Older versions also left `<name>.<pid>.tmp` and `<name>.<random>.tmp`; the
 * clean-up removes all of them, so any name ending in `.tmp` counts.
 */
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
 * atomic (steno: a temporary file renamed over the old one), so a crash leaves the old or the new
 * document, never half of one. One process owns a data directory; callers order the writes of
 * one key (KeyedQueue). Sessions, the Slack history and the web transcripts all live here.
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
   * The document in `file` if `valid` accepts it, null if there is none. A file that does not
   * parse or is not what `valid` expects is kept aside (never overwritten) and reported as
   * StoreCorruptError; one that cannot be read at all as StoreUnavailableError.
   */
  async read<T>(file: string, valid: (value: unknown) => value is T): Promise<T | null> {
    let json: string;
    try {
      json = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreUnavailableError(file, error);
    }
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new StoreCorruptError(file, await keepAside(file), error);
    }
    if (!valid(value)) {
      throw new StoreCorruptError(file, await keepAside(file), new Error('not the document expected here'));
    }
    return value;
  }

  /** Replaces the document in `file` atomically. Throws StoreUnavailableError (read-only, full disk). */
  async write(file: string, value: unknown): Promise<void> {
    const { Writer } = await loadSteno();
    const directory = path.dirname(file);
    const json = JSON.stringify(value);
    // A Writer per write: one per file kept for the process would grow with every conversation,
    // and the callers already order the writes of one file.
    const write = () => (new Writer(file) as StenoWriter).write(json);
    try {
      // 256 shard directories per namespace at most: create each once per process.
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
