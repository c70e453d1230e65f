import { MemoryDeduplicator } from '../../../src/channels/slack/dedup';

test('an id is claimed once', async () => {
  const dedup = new MemoryDeduplicator();
  expect(await dedup.claim('Ev1')).toBe(true);
  expect(await dedup.claim('Ev1')).toBe(false);
  expect(await dedup.claim('Ev2')).toBe(true);
});

test('an id can be claimed again after its time-to-live, and after release', async () => {
  let now = 0;
  const dedup = new MemoryDeduplicator({ ttlMs: 1000, now: () => now });
  expect(await dedup.claim('Ev1')).toBe(true);
  now = 999;
  expect(await dedup.claim('Ev1')).toBe(false);
  now = 1000;
  expect(await dedup.claim('Ev1')).toBe(true);
  await dedup.release('Ev1');
  expect(await dedup.claim('Ev1')).toBe(true);
});

test('expired ids are pruned and the oldest go first when full', async () => {
  let now = 0;
  const dedup = new MemoryDeduplicator({ ttlMs: 1000, maxEntries: 3, now: () => now });
  for (const id of ['a', 'b', 'c', 'd']) await dedup.claim(id);
  expect(dedup.size).toBe(3);
  // 'a' was dropped to make room; the others are still remembered.
  expect(await dedup.claim('a')).toBe(true);
  expect(await dedup.claim('d')).toBe(false);
  now = 5000;
  await dedup.claim('e');
  expect(dedup.size).toBe(1);
});
