import Redis from 'ioredis';
import { MemoryDeduplicator } from '../../../src/channels/slack/dedup';
import { RedisDeduplicator } from '../../../src/store/redis-slack';
import { type RedisServer, redisAvailable, startRedis } from '../../support/redis';

test('an id is claimed once: a repeat sees it in progress, then done', async () => {
  const dedup = new MemoryDeduplicator();
  expect(await dedup.claim('Ev1')).toBe('first');
  expect(await dedup.claim('Ev1')).toBe('in-progress');
  await dedup.done('Ev1');
  expect(await dedup.claim('Ev1')).toBe('done');
  expect(await dedup.claim('Ev2')).toBe('first');
});

test('a claim never marked done lapses after its lease, so a later retry does the work', async () => {
  let now = 0;
  const dedup = new MemoryDeduplicator({ leaseMs: 100, ttlMs: 1000, now: () => now });
  expect(await dedup.claim('Ev1')).toBe('first');
  now = 99;
  expect(await dedup.claim('Ev1')).toBe('in-progress');
  now = 100;
  expect(await dedup.claim('Ev1')).toBe('first');
  await dedup.done('Ev1');
  // Done is remembered for the time-to-live from when it was done, not the lease.
  now = 1099;
  expect(await dedup.claim('Ev1')).toBe('done');
  now = 1100;
  expect(await dedup.claim('Ev1')).toBe('first');
});

test('a released id can be claimed again at once', async () => {
  const dedup = new MemoryDeduplicator();
  expect(await dedup.claim('Ev1')).toBe('first');
  await dedup.release('Ev1');
  expect(await dedup.claim('Ev1')).toBe('first');
});

test('expired ids are pruned and the oldest go first when full', async () => {
  let now = 0;
  const dedup = new MemoryDeduplicator({ ttlMs: 1000, leaseMs: 1000, maxEntries: 3, now: () => now });
  for (const id of ['a', 'b', 'c', 'd']) await dedup.claim(id);
  expect(dedup.size).toBe(3);
  // 'a' was dropped to make room; the others are still remembered.
  expect(await dedup.claim('a')).toBe('first');
  expect(await dedup.claim('d')).toBe('in-progress');
  now = 5000;
  await dedup.claim('e');
  expect(dedup.size).toBe(1);
});

(redisAvailable() ? describe : describe.skip)('RedisDeduplicator (several instances)', () => {
  let server: RedisServer;
  const connections: Redis[] = [];
  let namespaces = 0;
  const open = (namespace: string, options: { leaseMs?: number; ttlMs?: number } = {}) => {
    const connection = new Redis(server.url);
    connections.push(connection);
    return new RedisDeduplicator(connection, { prefix: `ftadvisor:dedup:${namespace}:`, ...options });
  };

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const connection of connections) connection.disconnect();
    await server.stop();
  });

  test('claim, in progress, done, release: as in memory, across instances', async () => {
    const namespace = `n${++namespaces}`;
    const [one, other] = [open(namespace), open(namespace)];
    expect(await one.claim('event:Ev1')).toBe('first');
    expect(await other.claim('event:Ev1')).toBe('in-progress');
    await one.done('event:Ev1');
    expect(await other.claim('event:Ev1')).toBe('done');
    expect(await other.claim('event:Ev2')).toBe('first');
    await other.release('event:Ev2');
    expect(await one.claim('event:Ev2')).toBe('first');
  });

  test('two instances claiming the same ids at once: exactly one gets each', async () => {
    const namespace = `n${++namespaces}`;
    const [one, other] = [open(namespace), open(namespace)];
    const ids = Array.from({ length: 200 }, (_, index) => `event:Ev${index}`);
    const claims = await Promise.all(ids.flatMap((id) => [one.claim(id), other.claim(id)]));
    for (let index = 0; index < ids.length; index++) {
      expect([claims[2 * index], claims[2 * index + 1]].sort()).toEqual(['first', 'in-progress']);
    }
  });

  test('a claim whose instance died (never done) lapses after its lease; a done one is kept for the TTL', async () => {
    const namespace = `n${++namespaces}`;
    const dedup = open(namespace, { leaseMs: 50, ttlMs: 60_000 });
    expect(await dedup.claim('event:lost')).toBe('first');
    expect(await dedup.claim('event:lost')).toBe('in-progress');
    let claim = await dedup.claim('event:lost');
    for (let attempt = 0; attempt < 200 && claim !== 'first'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      claim = await dedup.claim('event:lost');
    }
    expect(claim).toBe('first');
    await dedup.done('event:lost');
    const ttl = await connections.at(-1)?.pttl(`ftadvisor:dedup:${namespace}:event:lost`);
    expect(ttl).toBeGreaterThan(50);
    expect(await dedup.claim('event:lost')).toBe('done');
  });
});
