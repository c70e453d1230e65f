/**
 * SIGTERM on the built app (`node dist/src/main.js`) in HTTP mode: it stops taking requests,
 * finishes the ones in flight and the replies still being posted, closes its stores and exits 0.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { dmKey } from '../../../src/channels/slack/keys';
import { AppProcess, buildApp, SplitRequest } from '../../support/app-process';
import { freePort, redisAvailable, startRedis } from '../../support/redis';
import { fileSessions } from '../../support/stores';
import { awaiting, isPostTo } from './support/driver';
import { FakeSlack } from './support/fake-slack';
import { BOT_TOKEN, SIGNING_SECRET, send, signedHeaders } from './support/harness';
import { directMessage, dmOf, eventCallback, TEAM } from './support/payloads';

let fake: FakeSlack;
let work: string;
const apps: AppProcess[] = [];

beforeAll(async () => {
  await buildApp();
  fake = await new FakeSlack().start();
  work = await mkdtemp(path.join(tmpdir(), 'ftadvisor-shutdown-'));
}, 180_000);

afterAll(async () => {
  for (const app of apps) await app.destroy();
  await fake?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

test('SIGTERM: no new requests, those in flight and their replies finish, exit 0', async () => {
  const port = await freePort();
  const data = path.join(work, 'data');
  const probe = path.join(work, 'probe.js');
  const loaded = path.join(work, 'loaded.json');
  // Preloaded: when the app exits, lists the Redis client modules it loaded (none without REDIS_URL).
  await writeFile(
    probe,
    `process.on('exit', () => {
      const loaded = Object.keys(require.cache).filter((file) => /[\\\\/]node_modules[\\\\/]ioredis[\\\\/]/.test(file));
      require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(loaded));
    });\n`,
  );
  const app = new AppProcess(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      ADVISOR_DATA_DIR: data,
      LOG_LEVEL: 'info',
    },
    { preload: probe },
  );
  apps.push(app);
  await app.waitForLog('slack app listening (HTTP mode)');
  expect((await send(port, { method: 'GET', path: '/healthz' })).status).toBe(200);

  // Acknowledged before the signal, their replies held at Slack: posts in flight.
  const release = fake.hold('chat.postMessage');
  const posting = Array.from({ length: 10 }, (_, index) => `U0TERMPOST${index}`);
  for (const user of posting) {
    const body = JSON.stringify(eventCallback(directMessage('hello', { user })));
    const answer = await send(port, { body, headers: signedHeaders(body, 'application/json') });
    expect(answer.status).toBe(200);
  }
  await fake.waitForCount('held replies', (call) => call.method === 'chat.postMessage', posting.length);

  // Being handled when the signal comes: the app has read their headers, not yet their bodies.
  const reading = Array.from({ length: 5 }, (_, index) => `U0TERMREAD${index}`);
  const inFlight = reading.map((user) => {
    const body = JSON.stringify(eventCallback(directMessage('hello', { user })));
    return new SplitRequest(port, body, signedHeaders(body, 'application/json'));
  });
  await Promise.all(inFlight.map((request) => request.started));

  app.kill('SIGTERM');
  await app.waitForLog('stopped taking Slack requests');
  // New connections are refused.
  await expect(send(port, { method: 'GET', path: '/healthz' })).rejects.toMatchObject({
    code: 'ECONNREFUSED',
  });
  // The requests in flight are handled to the end: acknowledged, and their connections closed.
  for (const request of inFlight)
    expect(await request.finish()).toEqual({ status: 200, connection: 'close' });
  // Their replies are being posted (held), so the app is still waiting for them.
  await fake.waitForCount(
    'all replies held',
    (call) => call.method === 'chat.postMessage',
    posting.length + reading.length,
  );
  expect(app.exitStatus).toBeNull();
  release();

  expect(await app.exitWithin(30_000)).toEqual({ code: 0, signal: null });
  const stopped = app.logs.find((line) => line.message === 'stopped');
  expect(stopped).toMatchObject({ inFlight: reading.length, abandoned: 0 });
  expect(app.logs.filter((line) => line.level === 'error')).toEqual([]);

  // Every acknowledged turn is stored, and its reply was delivered.
  const store = fileSessions(data);
  for (const user of [...posting, ...reading]) {
    expect((await store.load(dmKey(TEAM, dmOf(user))))?.session.turns).toBe(1);
    const replies = fake.calls.filter(isPostTo(dmOf(user)));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.answered).toBe(true);
    expect(awaiting(replies[0]?.args ?? {})).toBe('goal');
  }
  expect(JSON.parse(await readFile(loaded, 'utf8'))).toEqual([]);
  process.stdout.write(`\nSIGTERM: ${JSON.stringify(stopped)}\n`);
}, 120_000);

(redisAvailable() ? test : test.skip)(
  'with REDIS_URL: conversations, dedup and history live in Redis; SIGTERM closes the connections and exits 0',
  async () => {
    const redis = await startRedis();
    const raw = new Redis(redis.url);
    try {
      const port = await freePort();
      const data = path.join(work, 'redis-mode');
      const app = new AppProcess({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        ADVISOR_DATA_DIR: data,
        REDIS_URL: redis.url,
        LOG_LEVEL: 'info',
      });
      apps.push(app);
      await app.waitForLog('slack app listening (HTTP mode)');
      await app.waitForLog('conversations and the Slack state are stored in Redis');
      const user = 'U0REDISMODE';
      let posts = 0;
      for (const text of [
        "it's about tone, not facts",
        'we have 900 demonstrations',
        'no other data',
        'very strict',
        'one task',
        'a hosted api',
      ]) {
        const body = JSON.stringify(eventCallback(directMessage(text, { user })));
        expect((await send(port, { body, headers: signedHeaders(body, 'application/json') })).status).toBe(
          200,
        );
        posts = (await fake.waitForCount('reply', isPostTo(dmOf(user)), posts + 1)).length;
      }
      const stored = JSON.parse((await raw.get(`ftadvisor:session:${dmKey(TEAM, dmOf(user))}`)) ?? 'null');
      expect(stored?.session).toMatchObject({ phase: 'advised', turns: 6 });
      // What produced each turn is stored with it, in the same compare-and-set.
      expect(stored?.receipts).toHaveLength(6);
      expect(await raw.keys('ftadvisor:dedup:event:*')).toHaveLength(6);
      expect(await raw.llen(`ftadvisor:history:${TEAM}:${user}`)).toBe(1);

      app.kill('SIGTERM');
      expect(await app.exitWithin(30_000)).toEqual({ code: 0, signal: null });
      // Nothing of the Slack app's went to the data directory.
      await expect(readdir(data)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      raw.disconnect();
      await redis.stop();
    }
  },
  120_000,
);

(redisAvailable() ? test : test.skip)(
  'with REDIS_URL, a start that fails (Slack unreachable) still closes Redis and exits 1 with the reason',
  async () => {
    const redis = await startRedis();
    try {
      const app = new AppProcess({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        // Nothing listens on the loopback discard port.
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
        PORT: String(await freePort()),
        ADVISOR_DATA_DIR: path.join(work, 'failed-start'),
        REDIS_URL: redis.url,
      });
      apps.push(app);
      expect(await app.exitWithin(30_000)).toEqual({ code: 1, signal: null });
      expect(app.logs.map((line) => line.message)).toContainEqual(
        expect.stringContaining('Cannot reach the Slack Web API at http://127.0.0.1:9/api/'),
      );
    } finally {
      await redis.stop();
    }
  },
  60_000,
);
