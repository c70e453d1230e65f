import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import {
  HISTORY_LIMIT,
  MemoryRecommendationLog,
  type NewRecord,
  type RecommendationLog,
} from '../../../src/channels/slack/history';
import type { Recommendation } from '../../../src/core/types';
import { RedisRecommendationLog } from '../../../src/store/redis-slack';
import { type RedisServer, redisAvailable, startRedis } from '../../support/redis';
import { fileHistory } from '../../support/stores';
import { memoryLogger } from './support/harness';
import { sampleRecommendation } from './support/payloads';

function recommendation(primary: Recommendation['primary'], dataSize: number): Recommendation {
  return sampleRecommendation(primary, { goal: 'knowledge', dataSize });
}

function entry(key: string, primary: Recommendation['primary'], dataSize = 100, user = 'U1'): NewRecord {
  return {
    team: 'T1',
    user,
    key,
    surface: 'dm',
    channel: 'D1',
    recommendation: recommendation(primary, dataSize),
  };
}

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'ftadvisor-history-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

// Several instances share the history through Redis: the same contract holds there.
const withRedis = redisAvailable();
let redis: RedisServer | undefined;
const connections: Redis[] = [];
let namespaces = 0;
function redisLog(log = memoryLogger(), namespace = `test-${++namespaces}`): RedisRecommendationLog {
  if (!redis) throw new Error('redis-server was not started');
  const connection = new Redis(redis.url);
  connections.push(connection);
  return new RedisRecommendationLog(connection, log, { prefix: `ftadvisor:history:${namespace}:` });
}
beforeAll(async () => {
  if (withRedis) redis = await startRedis();
});
afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await redis?.stop();
});

const kinds: [string, () => RecommendationLog][] = [
  ['memory', () => new MemoryRecommendationLog()],
  ['file', () => fileHistory(directory, memoryLogger())],
  ...(withRedis ? [['redis', () => redisLog()] as [string, () => RecommendationLog]] : []),
];

describe.each(kinds)('%s log', (_kind, create) => {
  test('keeps records newest first, per user, and finds them by id', async () => {
    const log = create();
    const first = await log.record(entry('slack:T1:D1', 'rag'), new Date('2026-01-01T00:00:00Z'));
    const second = await log.record(entry('slack:T1:D1', 'sft', 300), new Date('2026-01-02T00:00:00Z'));
    await log.record(entry('slack:T1:D2', 'dpo', 1, 'U2'));
    expect((await log.list('T1', 'U1')).map((record) => record.recommendation.primary)).toEqual([
      'sft',
      'rag',
    ]);
    expect(await log.get('T1', 'U1', first.id)).toEqual(first);
    expect(second.at).toBe('2026-01-02T00:00:00.000Z');
    expect(await log.get('T1', 'U2', first.id)).toBeNull();
    expect(await log.list('T1', 'U3')).toEqual([]);
  });

  test('the same advice again in the same conversation is not a new record', async () => {
    const log = create();
    const first = await log.record(entry('slack:T1:D1', 'rag'));
    const again = await log.record(entry('slack:T1:D1', 'rag'));
    expect(again.id).toBe(first.id);
    const elsewhere = await log.record(entry('slack:T1:C1:1.2', 'rag'));
    expect(elsewhere.id).not.toBe(first.id);
    expect(await log.list('T1', 'U1')).toHaveLength(2);
  });

  test(`keeps the latest ${HISTORY_LIMIT}`, async () => {
    const log = create();
    for (let size = 1; size <= HISTORY_LIMIT + 5; size++) await log.record(entry('slack:T1:D1', 'sft', size));
    const records = await log.list('T1', 'U1');
    expect(records).toHaveLength(HISTORY_LIMIT);
    expect(records[0]?.recommendation.profile.dataSize).toBe(HISTORY_LIMIT + 5);
    expect(await log.list('T1', 'U1', 3)).toHaveLength(3);
  });

  test('records made at the same moment are all kept', async () => {
    const log = create();
    await Promise.all(Array.from({ length: 10 }, (_, size) => log.record(entry('slack:T1:D1', 'sft', size))));
    expect(
      new Set((await log.list('T1', 'U1')).map((record) => record.recommendation.profile.dataSize)).size,
    ).toBe(10);
  });
});

describe('file log', () => {
  test('survives a restart', async () => {
    const before = fileHistory(directory, memoryLogger());
    const record = await before.record(entry('slack:T1:D1', 'rag'));
    const after = fileHistory(directory, memoryLogger());
    expect(await after.get('T1', 'U1', record.id)).toEqual(record);
  });

  test('a damaged file is moved aside, logged, and the user starts afresh', async () => {
    const log = memoryLogger();
    const history = fileHistory(directory, log);
    await history.record(entry('slack:T1:D1', 'rag'));
    const file = history.fileFor('T1', 'U1');
    await writeFile(file, '{"team": "T1", "records": [');
    expect(await history.list('T1', 'U1')).toEqual([]);
    const kept = (await readdir(path.dirname(file))).filter((name) => name.includes('.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(await readFile(path.join(path.dirname(file), kept[0] ?? ''), 'utf8')).toBe(
      '{"team": "T1", "records": [',
    );
    expect(log.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'slack history file is damaged; starting a new one',
      }),
    );
    await history.record(entry('slack:T1:D1', 'sft'));
    expect(await history.list('T1', 'U1')).toHaveLength(1);
  });
});

(withRedis ? describe : describe.skip)('redis log', () => {
  test('two instances share one history: a record made by one is found by the other', async () => {
    const [one, other] = [redisLog(memoryLogger(), 'shared'), redisLog(memoryLogger(), 'shared')];
    const record = await one.record(entry('slack:T1:D1', 'rag'));
    expect(await other.get('T1', 'U1', record.id)).toEqual(record);
    // The same advice recorded by the other instance is the same record, not a duplicate.
    expect((await other.record(entry('slack:T1:D1', 'rag'))).id).toBe(record.id);
    expect(await one.list('T1', 'U1')).toHaveLength(1);
  });

  test('a damaged entry is skipped and logged; the others are still shown', async () => {
    const log = memoryLogger();
    const history = redisLog(log, 'damaged');
    await history.record(entry('slack:T1:D1', 'rag'));
    const raw = new Redis(redis?.url ?? '');
    try {
      await raw.lpush('ftadvisor:history:damaged:T1:U1', '{"s": "x", "r": {"id"');
    } finally {
      raw.disconnect();
    }
    expect((await history.list('T1', 'U1')).map((record) => record.recommendation.primary)).toEqual(['rag']);
    expect(log.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'slack history entry in Redis is damaged; skipped',
      }),
    );
    // A new record goes on top of the damaged one.
    await history.record(entry('slack:T1:D1', 'sft'));
    expect((await history.list('T1', 'U1')).map((record) => record.recommendation.primary)).toEqual([
      'sft',
      'rag',
    ]);
  });
});
