import { MemoryDeduplicator } from '../../../src/channels/slack/dedup';

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
