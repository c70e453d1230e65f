import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JSONFile } from 'lowdb/node';
import { Conversations } from '../../src/core/conversations';
import { silentLogger } from '../../src/core/log';
import { StoreCorruptError, StoreUnavailableError } from '../../src/core/store';
import { realAdvisor } from '../support/advisor';
import { fileSessions } from '../support/stores';

// lowdb is ESM-only: this file imports it (statically above, dynamically inside the store) under
// Jest's CommonJS transform, which is what docs/adr/0001-module-system.md promises works.

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftadvisor-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

const advisor = realAdvisor();

describe('FileSessionStore', () => {
  test('a conversation survives a restart: a new store on the same directory continues it', async () => {
    const dir = dataDir();
    const first = new Conversations(advisor, fileSessions(dir), silentLogger);
    await first.handle('web:abc', { kind: 'text', text: "it's about tone, not facts" });
    await first.handle('web:abc', { kind: 'text', text: 'we have 800 demonstrations' });
    await first.handle('web:abc', { kind: 'text', text: 'no other data' });

    const restarted = new Conversations(advisor, fileSessions(dir), silentLogger);
    const replies = await restarted.handle('web:abc', { kind: 'text', text: 'high' });
    expect(replies.at(-1)?.awaiting).toBe('taskScope');
    await restarted.handle('web:abc', { kind: 'text', text: 'one task' });
    const final = await restarted.handle('web:abc', { kind: 'text', text: 'a hosted api' });
    expect(final.at(-1)?.recommendation?.primary).toBe('sft');
  });

  test('a turn appends its version as a line; every few versions the file is replaced by the newest alone', async () => {
    const dir = dataDir();
    const store = fileSessions(dir);
    const file = store.fileFor('u-journal');
    const lineCounts: number[] = [];
    for (let turn = 1; turn <= 20; turn += 1) {
      await store.save('u-journal', { session: { ...advisor.newSession(), turns: turn } });
      lineCounts.push(readFileSync(file, 'utf8').split('\n').length);
    }
    expect(Math.max(...lineCounts)).toBeLessThanOrEqual(8);
    expect(lineCounts.slice(0, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 1]);
    for (const line of readFileSync(file, 'utf8').split('\n')) expect(JSON.parse(line).key).toBe('u-journal');
    expect((await fileSessions(dir).load('u-journal'))?.session.turns).toBe(20);
  });

  test('a crash in the middle of an append: the version before it is read, and the next save replaces the file', async () => {
    const dir = dataDir();
    const first = fileSessions(dir);
    await first.save('u-torn', { session: { ...advisor.newSession(), turns: 1 } });
    await first.save('u-torn', { session: { ...advisor.newSession(), turns: 2 } });
    const file = first.fileFor('u-torn');
    appendFileSync(file, '\n{"key":"u-torn","session":{"tur');

    const restarted = fileSessions(dir);
    expect((await restarted.load('u-torn'))?.session.turns).toBe(2);
    await restarted.save('u-torn', { session: { ...advisor.newSession(), turns: 3 } });
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string).session.turns).toBe(3);
  });

  test('a file changed behind the store is read again, not answered from memory', async () => {
    const dir = dataDir();
    const store = fileSessions(dir);
    await store.save('u-edit', { session: { ...advisor.newSession(), turns: 1 } });
    const file = store.fileFor('u-edit');
    const other = fileSessions(dir);
    await other.save('u-edit', { session: { ...advisor.newSession(), turns: 7 } });
    expect((await store.load('u-edit'))?.session.turns).toBe(7);
    // And a save after it replaces the file instead of appending to one it did not write.
    await store.save('u-edit', { session: { ...advisor.newSession(), turns: 8 } });
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(1);
  });

  test('what a caller does to a loaded session never reaches the next load', async () => {
    const store = fileSessions(dataDir());
    await store.save('u-copy', { session: { ...advisor.newSession(), turns: 1 } });
    const loaded = await store.load('u-copy');
    if (loaded) loaded.session.turns = 99;
    expect((await store.load('u-copy'))?.session.turns).toBe(1);
  });

  test('stores one JSON file per conversation, its first version readable with lowdb itself', async () => {
    const dir = dataDir();
    const store = fileSessions(dir);
    const conversations = new Conversations(advisor, store, silentLogger);
    await conversations.handle('slack:T1:D1', { kind: 'text', text: 'hello' });
    await conversations.handle('slack:T1:D2', { kind: 'text', text: 'hello' });
    const file = store.fileFor('slack:T1:D1');
    expect(file).not.toBe(store.fileFor('slack:T1:D2'));
    const record = await new JSONFile<{ key: string; session: { turns: number } }>(file).read();
    expect(record?.key).toBe('slack:T1:D1');
    expect(record?.session.turns).toBe(1);
  });

  test('a damaged file is reported with its name, kept aside, and never overwritten', async () => {
    const dir = dataDir();
    const store = fileSessions(dir);
    const conversations = new Conversations(advisor, store, silentLogger);
    await conversations.handle('u1', { kind: 'text', text: 'hello' });
    const file = store.fileFor('u1');
    writeFileSync(file, '{"key":"u1","session":{"sch');

    await expect(store.load('u1')).rejects.toThrow(StoreCorruptError);
    const aside = readdirSync(path.dirname(file)).filter((name) => name.includes('.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(path.dirname(file), aside[0] as string), 'utf8')).toBe(
      '{"key":"u1","session":{"sch',
    );

    writeFileSync(file, 'not json at all');
    const replies = await conversations.handle('u1', { kind: 'text', text: 'hello' });
    expect(replies[0]?.text).toMatch(/could not read our earlier conversation/);
    expect(replies.at(-1)?.awaiting).toBe('goal');
    expect(readdirSync(path.dirname(file)).filter((name) => name.includes('.corrupt-'))).toHaveLength(2);
  });

  test('a data directory emptied while running is recreated on the next write', async () => {
    const dir = dataDir();
    const store = fileSessions(dir);
    await store.save('u9', { session: advisor.newSession() });
    rmSync(path.join(dir, 'sessions'), { recursive: true, force: true });
    await store.save('u9', { session: advisor.newSession() });
    expect((await store.load('u9'))?.session).toMatchObject({ turns: 0 });
  });

  test('the error for a damaged file names the file', async () => {
    const dir = dataDir();
    const store = fileSessions(dir);
    await store.save('u2', { session: advisor.newSession() });
    writeFileSync(store.fileFor('u2'), '[');
    const error = await store.load('u2').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(store.fileFor('u2'));
  });

  test('a read-only data directory gives a clear error and the user a friendly message', async () => {
    if (process.getuid?.() === 0) {
      // root ignores file permissions, so point the store at a path under a regular file instead.
      const dir = dataDir();
      const blocker = path.join(dir, 'not-a-directory');
      writeFileSync(blocker, '');
      const store = fileSessions(blocker);
      await expect(store.save('u3', { session: advisor.newSession() })).rejects.toThrow(
        StoreUnavailableError,
      );
      const replies = await new Conversations(advisor, store, silentLogger).handle('u3', {
        kind: 'text',
        text: 'hello',
      });
      expect(replies).toHaveLength(1);
      expect(replies[0]?.kind).toBe('error');
      expect(replies[0]?.text).toMatch(/cannot reach my saved conversations/);
      return;
    }
    const dir = dataDir();
    chmodSync(dir, 0o555);
    const store = fileSessions(dir);
    await expect(store.save('u3', { session: advisor.newSession() })).rejects.toThrow(StoreUnavailableError);
    expect(existsSync(path.join(dir, 'sessions'))).toBe(false);
  });
});

describe('Conversations when saving fails', () => {
  test('the user still gets the answer and is told it may not be remembered', async () => {
    const failing = {
      load: async () => null,
      update: async (_key: string, change: (current: null) => unknown) => {
        change(null);
        throw new StoreUnavailableError('/data/x.json', new Error('ENOSPC: no space left on device'));
      },
      close: async () => {},
    };
    const replies = await new Conversations(advisor, failing, silentLogger).handle('u', {
      kind: 'text',
      text: 'hello',
    });
    expect(replies[0]?.awaiting).toBe('goal');
    expect(replies.at(-1)?.text).toMatch(/could not save this step/);
  });
});
