/**
 * The one file store under every kind of data the embedded app keeps: conversations, the Slack
 * recommendation history and the web transcripts. Each kind is put through the same trouble: a
 * damaged file, a full disk, a directory it cannot write; and the clean-up of temporary files
 * that crashed writes leave.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NewRecord } from '../../src/channels/slack/history';
import type { TranscriptEntry } from '../../src/channels/web/protocol';
import { StoreCorruptError, StoreUnavailableError } from '../../src/core/store';
import { FileRecommendationLog } from '../../src/store/file-history';
import { FileSessionStore } from '../../src/store/file-sessions';
import { FileTranscriptStore } from '../../src/store/file-transcripts';
import { JsonFiles } from '../../src/store/json-files';
import { memoryLogger } from '../channels/slack/support/harness';
import { sampleRecommendation } from '../channels/slack/support/payloads';
import { realAdvisor } from '../support/advisor';

const advisor = realAdvisor();
const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftadvisor-files-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const entry: TranscriptEntry = { from: 'user', text: 'hello', at: '2026-01-01T00:00:00.000Z' };
function advice(): NewRecord {
  const recommendation = sampleRecommendation();
  return { team: 'T1', user: 'U1', key: 'slack:T1:D1', surface: 'dm', channel: 'D1', recommendation };
}

/** One kind of data: how to write one, read it back, and where its file is. */
interface Kind {
  name: string;
  file(dir: string): string;
  write(dir: string): Promise<unknown>;
  /** Reads it back: true when the data is there, false when the kind started afresh. */
  read(dir: string): Promise<boolean>;
  /** Whether a damaged file makes reading throw (sessions), rather than start afresh (logged). */
  damageThrows: boolean;
}

const log = memoryLogger();
const kinds: Kind[] = [
  {
    name: 'sessions',
    file: (dir) => new FileSessionStore(new JsonFiles(dir)).fileFor('k'),
    write: (dir) => new FileSessionStore(new JsonFiles(dir)).save('k', { session: advisor.newSession() }),
    read: async (dir) => (await new FileSessionStore(new JsonFiles(dir)).load('k')) !== null,
    damageThrows: true,
  },
  {
    name: 'slack history',
    file: (dir) => new FileRecommendationLog(new JsonFiles(dir), log).fileFor('T1', 'U1'),
    write: (dir) => new FileRecommendationLog(new JsonFiles(dir), log).record(advice()),
    read: async (dir) =>
      (await new FileRecommendationLog(new JsonFiles(dir), log).list('T1', 'U1')).length > 0,
    damageThrows: false,
  },
  {
    name: 'web transcripts',
    file: (dir) => new FileTranscriptStore(new JsonFiles(dir), log).fileFor('web:a'),
    write: (dir) => new FileTranscriptStore(new JsonFiles(dir), log).append('web:a', [entry]),
    read: async (dir) =>
      (await new FileTranscriptStore(new JsonFiles(dir), log).read('web:a')).entries.length > 0,
    damageThrows: false,
  },
];

describe.each(kinds)('$name on the file store', (kind) => {
  test('written atomically where the shared layout says, and read back', async () => {
    const dir = dataDir();
    await kind.write(dir);
    const file = kind.file(dir);
    expect(path.relative(dir, file)).toMatch(/^[a-z/]+\/[0-9a-f]{2}\/[0-9a-f]{38}\.json$/);
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    expect(await kind.read(dir)).toBe(true);
  });

  test('a damaged file is kept aside exactly as it was, and never overwritten', async () => {
    const dir = dataDir();
    await kind.write(dir);
    const file = kind.file(dir);
    writeFileSync(file, '{"cut sh');
    if (kind.damageThrows) await expect(kind.read(dir)).rejects.toThrow(StoreCorruptError);
    else expect(await kind.read(dir)).toBe(false);
    const aside = readdirSync(path.dirname(file)).filter((name) => name.includes('.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(path.dirname(file), aside[0] as string), 'utf8')).toBe('{"cut sh');
    // A sound file takes its place on the next write.
    await kind.write(dir);
    expect(await kind.read(dir)).toBe(true);
  });

  test('a full disk fails the write with an error naming the file; the old file stays whole', async () => {
    const dir = dataDir();
    await kind.write(dir);
    const file = kind.file(dir);
    const before = readFileSync(file, 'utf8');
    // steno writes <dir>/.<name>.tmp, then renames it: pointing it at /dev/full gives ENOSPC.
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
    symlinkSync('/dev/full', temporary);
    const error = await kind.write(dir).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(String(error)).toContain(file);
    expect(String(error)).toContain('ENOSPC');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('a directory it cannot write fails with an error naming the path (as root too)', async () => {
    // A data directory under a regular file: every write fails (ENOTDIR), whatever the user.
    const blocker = path.join(dataDir(), 'not-a-directory');
    writeFileSync(blocker, '');
    const error = await kind.write(blocker).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(String(error)).toContain(blocker);
    expect(String(error)).toContain('ENOTDIR');
  });
});

describe('the clean-up of temporary files', () => {
  const old = new Date('2026-01-01T00:00:00Z');

  test('removes every leftover older than the process, of every naming, and keeps the rest', async () => {
    const dir = dataDir();
    const files = new JsonFiles(dir);
    for (const kind of kinds) await kind.write(dir);
    const leftovers = [
      // steno's name, in each kind's shard directory
      ...kinds.map((kind) =>
        path.join(path.dirname(kind.file(dir)), `.${path.basename(kind.file(dir))}.tmp`),
      ),
      // the names of earlier versions: the history's <file>.<pid>.tmp beside its unsharded files,
      // and the transcripts' <file>.<random>.tmp
      path.join(dir, 'slack', 'history', `${'a'.repeat(40)}.json.1234.tmp`),
      path.join(path.dirname(kinds[2]?.file(dir) ?? ''), 'abc.json.0123456789ab.tmp'),
    ];
    for (const file of leftovers) {
      writeFileSync(file, '{"half');
      utimesSync(file, old, old);
    }
    // A write of this process in progress: younger than its start, left alone.
    const started = new Date();
    const inProgress = path.join(path.dirname(kinds[0]?.file(dir) ?? ''), '.inprogress.json.tmp');
    writeFileSync(inProgress, '{}');
    utimesSync(inProgress, new Date(started.getTime() + 1000), new Date(started.getTime() + 1000));

    const report = await files.sweep(['sessions', 'slack/history', 'web/transcripts'], started);
    expect(report).toMatchObject({ removed: leftovers.length, kept: 1 });
    const remaining = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((item) => item.isFile())
      .map((item) => item.name);
    expect(remaining.filter((name) => name.endsWith('.tmp'))).toEqual(['.inprogress.json.tmp']);
    for (const kind of kinds) expect(await kind.read(dir)).toBe(true);
  });

  test('stops between directories when asked (the app is closing)', async () => {
    const dir = dataDir();
    mkdirSync(path.join(dir, 'sessions', '00'), { recursive: true });
    const leftover = path.join(dir, 'sessions', '00', '.x.json.tmp');
    writeFileSync(leftover, '');
    utimesSync(leftover, old, old);
    const report = await new JsonFiles(dir).sweep(['sessions'], new Date(), () => true);
    expect(report.removed).toBe(0);
  });
});

test('a history file of the older layout (unsharded) is moved into the shared one when first read', async () => {
  const dir = dataDir();
  const history = new FileRecommendationLog(new JsonFiles(dir), log);
  const record = await history.record(advice());
  const file = history.fileFor('T1', 'U1');
  const legacy = path.join(
    dir,
    'slack',
    'history',
    `${path.basename(path.dirname(file))}${path.basename(file)}`,
  );
  writeFileSync(legacy, readFileSync(file));
  rmSync(path.dirname(file), { recursive: true });

  const after = new FileRecommendationLog(new JsonFiles(dir), log);
  expect((await after.list('T1', 'U1')).map((r) => r.id)).toEqual([record.id]);
  expect(readdirSync(path.join(dir, 'slack', 'history')).filter((name) => name.endsWith('.json'))).toEqual(
    [],
  );
  expect(JSON.parse(readFileSync(file, 'utf8')).records).toHaveLength(1);
});
