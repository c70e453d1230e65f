import { createHash } from 'node:crypto';
import { type Dirent, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Content, loadContent } from './load.js';

/**
 * A copy of the content as it last passed every check, kept beside the build. Parsing the YAML and
 * running the cross-file checks (a walk of the flow through the recommender) is about 1.2 s of a
 * 1.8 s start; reading this copy is about 30 ms. It is used only while its fingerprint matches:
 * every file under flows/ and knowledge/ and every module of the running code, byte for byte. Any
 * edit there, or a new build, loads and checks the content in full again, so an author still gets
 * every problem named by file and field, and the copy is rewritten once the content passes.
 */

/** Bumped when the snapshot's layout changes, so an old copy is never read as a new one. */
const FORMAT = 'ftadvisor-content-snapshot 1';

export type SnapshotUse = 'read' | 'written' | 'not written';

export interface LoadedContent {
  content: Content;
  /** `read`: the copy matched; `written`: checked in full and saved; `not written`: saved failed. */
  snapshot: SnapshotUse;
  /** Why the copy could not be saved (a read-only build directory, say); start-up is slower then. */
  reason?: string;
}

/** Where the runtime keeps the copy: inside dist/, which every build owns and git ignores. */
export function defaultSnapshotFile(root: string): string {
  return path.join(root, 'dist', 'content-snapshot.json');
}

/** Loads the content from the snapshot when it is current, or in full (and saves it) when not. */
export function loadContentWithSnapshot(
  root: string,
  file: string,
  codeDir = runningCodeDir(),
): LoadedContent {
  const fingerprint = contentFingerprint(root, codeDir);
  const saved = readSnapshot(file, fingerprint);
  if (saved) return { content: saved, snapshot: 'read' };
  // Throws a ContentError naming every problem; nothing is saved then.
  const content = loadContent(root);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Written beside its final name and renamed, so a reader (another instance starting, a crash
    // mid-write) sees the old copy or the new one, never half of one.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${FORMAT} ${fingerprint}\n${JSON.stringify(content)}`);
    renameSync(temporary, file);
    return { content, snapshot: 'written' };
  } catch (error) {
    return { content, snapshot: 'not written', reason: (error as Error).message };
  }
}

/** The snapshot's content if its header names this format and fingerprint, else undefined. */
function readSnapshot(file: string, fingerprint: string): Content | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  if (newline < 0 || text.slice(0, newline) !== `${FORMAT} ${fingerprint}`) return undefined;
  try {
    return JSON.parse(text.slice(newline + 1)) as Content;
  } catch {
    // A damaged copy is only a slower start: the content is loaded and checked in full.
    return undefined;
  }
}

/**
 * A hash of everything the checked content depends on: the content files and the code that parses
 * and checks them (schemas, the flow engine, the recommender). Names are hashed with the bytes, so
 * a renamed or removed file changes it too.
 */
export function contentFingerprint(root: string, codeDir: string): string {
  const hash = createHash('sha256');
  for (const [label, dir] of [
    ['flows', path.join(root, 'flows')],
    ['knowledge', path.join(root, 'knowledge')],
    ['code', codeDir],
  ] as const) {
    for (const file of filesUnder(dir)) {
      hash.update(`${label}/${path.relative(dir, file)}\0`);
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

/** Every file below a folder, sorted so the fingerprint does not depend on the file system's order. */
function filesUnder(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    // Source maps only mirror the modules beside them; hashing them would double the work.
    else if (!entry.name.endsWith('.map')) out.push(full);
  }
  return out;
}

/** The running code's `src` folder: src/ under jest, dist/src/ once built. */
function runningCodeDir(): string {
  return path.dirname(__dirname);
}
