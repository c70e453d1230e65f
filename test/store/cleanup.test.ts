/**
 * Temporary files that crashed writes left are removed by the built app after it is ready, never
 * on the way there (start-up must not walk 100,000 conversations' directories).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppProcess, buildApp } from '../support/app-process';
import { freePort } from '../support/redis';

let work: string;
beforeAll(async () => {
  await buildApp();
  work = mkdtempSync(path.join(tmpdir(), 'ftadvisor-cleanup-'));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the web chat removes leftovers of every kind of data after it serves, and logs it', async () => {
  const old = new Date('2026-01-01T00:00:00Z');
  const leftovers = [
    path.join(work, 'sessions', 'ab', '.cdef.json.tmp'),
    path.join(work, 'slack', 'history', `${'a'.repeat(40)}.json.999.tmp`),
    path.join(work, 'web', 'transcripts', '0f', 'x.json.0123456789ab.tmp'),
  ];
  for (const file of leftovers) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"half');
    utimesSync(file, old, old);
  }
  const app = new AppProcess({ ADVISOR_DATA_DIR: work, PORT: String(await freePort()), LOG_LEVEL: 'info' });
  try {
    await app.waitForLog('web chat listening');
    const cleaned = await app.waitForLog('removed temporary files left by interrupted writes');
    expect(cleaned).toMatchObject({ removed: 3, kept: 0 });
    const order = app.logs.map((line) => line.message);
    expect(order.indexOf('web chat listening')).toBeLessThan(order.indexOf(cleaned.message));
    for (const file of leftovers) expect(existsSync(file)).toBe(false);
  } finally {
    await app.destroy();
  }
}, 60_000);
