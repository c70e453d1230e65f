import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { Conversations } from '../../../src/core/conversations';
import { migrateSession } from '../../../src/core/dialogue/migrate';
import { silentLogger } from '../../../src/core/log';
import type { Session } from '../../../src/core/types';
import { JsonFiles } from '../../../src/store/json-files';
import { RedisSessionStore } from '../../../src/store/redis-store';
import { realAdvisor, realContent } from '../../support/advisor';
import { type RedisServer, redisAvailable, startRedis } from '../../support/redis';
import { fileSessions } from '../../support/stores';

const advisor = realAdvisor();
const { flow } = realContent();

/** A conversation as the previous release stored it: schema 1, a pending question without counts. */
function storedBeforeThisRelease(pending: unknown): Session {
  return {
    schema: 1,
    flowId: flow.id,
    flowVersion: flow.version,
    phase: 'collecting',
    answers: {
      goal: { value: 'alignment', source: 'user', quote: "it's about tone" },
      dataKind: { value: 'demonstrations', source: 'user', quote: 'demonstrations' },
      dataSize: { value: 900, source: 'user', quote: '900 demonstrations' },
      dataUnit: { value: 'items', source: 'user', quote: '900 demonstrations' },
    },
    history: ['goal', 'dataKind', 'dataSize'],
    pending,
    advisedProfile: null,
    createdAt: '2026-11-21T09:00:00.000Z',
    updatedAt: new Date().toISOString(),
    turns: 3,
  } as unknown as Session;
}

const values = (session: Session) =>
  Object.fromEntries(Object.entries(session.answers).map(([slot, answer]) => [slot, answer.value]));

describe('conversations stored before this release keep working', () => {
  test('a schema-1 question becomes a question asked once; a "clarify" becomes a "Did you mean"', () => {
    const asked = migrateSession(storedBeforeThisRelease({ kind: 'slot', slot: 'styleSensitivity' }), flow);
    expect(asked.schema).toBe(2);
    expect(asked.pending).toEqual({ kind: 'slot', slot: 'styleSensitivity', posings: 1 });
    const clarify = migrateSession(
      storedBeforeThisRelease({
        kind: 'clarify',
        slot: 'goal',
        options: [
          { label: 'Knowledge', value: 'knowledge' },
          { label: 'Both', value: 'both' },
        ],
      }),
      flow,
    );
    expect(clarify.pending).toMatchObject({ kind: 'confirm', slot: 'goal', posings: 1 });
    expect(values(clarify)).toEqual(values(storedBeforeThisRelease(null)));
  });

  test('a stored file of the old shape is answered where it stopped, with every answer kept', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'ftadvisor-migrate-'));
    try {
      const file = new JsonFiles(directory).fileFor('sessions', 'old');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(
        file,
        JSON.stringify({
          key: 'old',
          session: storedBeforeThisRelease({ kind: 'slot', slot: 'styleSensitivity' }),
        }),
      );
      const store = fileSessions(directory);
      const replies = await new Conversations(advisor, store, silentLogger).handle('old', {
        kind: 'text',
        text: 'very strict, it is our brand voice',
      });
      // Then the question contract v2 added before the task scope: any other kind of data.
      expect(replies.at(-1)?.awaiting).toBe('extraDataKind');
      const stored = await store.load('old');
      expect(stored?.session.schema).toBe(2);
      expect(values(stored?.session as Session)).toMatchObject({
        goal: 'alignment',
        dataSize: 900,
        styleSensitivity: 'high',
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

const maybe = redisAvailable() ? describe : describe.skip;
maybe('conversations stored in Redis before this release keep working', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server.stop();
  });

  test('an old value is answered where it stopped, with every answer kept', async () => {
    const raw = new Redis(server.url);
    const store = RedisSessionStore.connect(server.url);
    try {
      await raw.set(
        'ftadvisor:session:old',
        JSON.stringify({
          key: 'old',
          session: storedBeforeThisRelease({ kind: 'slot', slot: 'styleSensitivity' }),
        }),
      );
      const replies = await new Conversations(advisor, store, silentLogger).handle('old', {
        kind: 'text',
        text: 'very strict, it is our brand voice',
      });
      // Then the question contract v2 added before the task scope: any other kind of data.
      expect(replies.at(-1)?.awaiting).toBe('extraDataKind');
      const stored = await store.load('old');
      expect(stored?.session.schema).toBe(2);
      expect(values(stored?.session as Session)).toMatchObject({
        goal: 'alignment',
        styleSensitivity: 'high',
      });
    } finally {
      raw.disconnect();
      await store.close();
    }
  });
});
