import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TranscriptEntry } from '../../../src/channels/web/protocol';
import type { Logger } from '../../../src/core/log';
import { silentLogger } from '../../../src/core/log';
import { fileTranscripts } from '../../support/stores';

const user = (text: string): TranscriptEntry => ({ from: 'user', text, at: '2026-01-01T00:00:00.000Z' });
const bot = (text: string): TranscriptEntry => ({
  from: 'bot',
  reply: { kind: 'info', text, body: [{ type: 'paragraph', text }], choices: [], awaiting: null },
  at: '2026-01-01T00:00:00.000Z',
});

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'ftadvisor-transcript-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('FileTranscriptStore', () => {
  test('a new conversation has no history; appended entries come back in order', async () => {
    const store = fileTranscripts(directory, silentLogger);
    expect(await store.read('web:a')).toEqual({ entries: [], dropped: 0 });
    await store.append('web:a', [bot('hi'), user('<b>hello</b>')]);
    await store.append('web:a', [bot('next')]);
    expect(await store.read('web:a')).toEqual({
      entries: [bot('hi'), user('<b>hello</b>'), bot('next')],
      dropped: 0,
    });
    expect(await store.read('web:b')).toEqual({ entries: [], dropped: 0 });
  });

  test('history survives a new store on the same directory (a server restart)', async () => {
    await fileTranscripts(directory, silentLogger).append('web:a', [user('kept')]);
    expect((await fileTranscripts(directory, silentLogger).read('web:a')).entries).toEqual([user('kept')]);
  });

  test('files live under <dataDir>/web/transcripts, named by a hash, never by the raw key', async () => {
    const store = fileTranscripts(directory, silentLogger);
    const key = 'web:../../escape';
    await store.append(key, [user('x')]);
    const file = store.fileFor(key);
    expect(file.startsWith(path.join(directory, 'web', 'transcripts') + path.sep)).toBe(true);
    expect(path.basename(file)).toMatch(/^[0-9a-f]{38}\.json$/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schema: 1, key, dropped: 0 });
  });

  test('only the last `limit` entries are kept, and the page is told how many were let go', async () => {
    const store = fileTranscripts(directory, silentLogger, 5);
    for (let i = 1; i <= 4; i += 1) await store.append('web:a', [user(`u${i}`), bot(`b${i}`)]);
    const { entries, dropped } = await store.read('web:a');
    expect(dropped).toBe(3);
    expect(entries.map((entry) => (entry.from === 'user' ? entry.text : entry.reply.text))).toEqual([
      'b2',
      'u3',
      'b3',
      'u4',
      'b4',
    ]);
  });

  test('concurrent appends to one conversation all land, in call order', async () => {
    const store = fileTranscripts(directory, silentLogger);
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.append('web:a', [user(`m${i}`)])));
    const { entries } = await store.read('web:a');
    expect(entries.map((entry) => (entry.from === 'user' ? entry.text : ''))).toEqual(
      Array.from({ length: 25 }, (_, i) => `m${i}`),
    );
    // No temporary files are left behind.
    const folder = path.dirname(store.fileFor('web:a'));
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test.each([
    ['not JSON', '{"schema":1,'],
    ['another key', JSON.stringify({ schema: 1, key: 'web:other', dropped: 0, entries: [] })],
    ['a bad entry', JSON.stringify({ schema: 1, key: 'web:a', dropped: 0, entries: [{ from: 'bot' }] })],
  ])('a damaged file (%s) is moved aside, reported, and history starts afresh', async (_, content) => {
    const warnings: unknown[] = [];
    const log: Logger = { ...silentLogger, warn: (message, context) => warnings.push({ message, context }) };
    const store = fileTranscripts(directory, log);
    const file = store.fileFor('web:a');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);

    expect(await store.read('web:a')).toEqual({ entries: [], dropped: 0 });
    expect(warnings).toHaveLength(1);
    const aside = readdirSync(path.dirname(file)).filter((name) => name.includes('.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(path.dirname(file), aside[0] ?? ''), 'utf8')).toBe(content);

    await store.append('web:a', [user('fresh')]);
    expect((await store.read('web:a')).entries).toEqual([user('fresh')]);
  });

  test('a data directory that is a file makes append throw (works as root too)', async () => {
    const file = path.join(directory, 'not-a-directory');
    writeFileSync(file, '');
    await expect(fileTranscripts(file, silentLogger).append('web:a', [user('x')])).rejects.toThrow(
      /ENOTDIR|EEXIST/,
    );
  });
});
