/**
 * The worst moment to die: a turn is stored, Slack has no ack and no reply was posted. The built
 * app SIGKILLs itself right there (test/support/kill-after-storing.cjs) on a `back`, which is not
 * safe to apply twice; Slack's retry of the same event must find the stored receipt, change
 * nothing, be acknowledged, and be answered with the replies stored with the turn
 * (docs/adr/0006-turn-receipts.md). On the file store (a restart on the same directory) and on
 * Redis (another instance takes the retry once the dead one's claim lapses).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { dmKey } from '../../../src/channels/slack/keys';
import type { StoredConversation } from '../../../src/core/types';
import { ROOT } from '../../support/advisor';
import { AppProcess, buildApp } from '../../support/app-process';
import { freePort, type RedisServer, redisAvailable, startRedis } from '../../support/redis';
import { fileSessions } from '../../support/stores';
import { awaiting, isPostTo } from './support/driver';
import { FakeSlack } from './support/fake-slack';
import { BOT_TOKEN, SIGNING_SECRET, send, signedHeaders } from './support/harness';
import { directMessage, dmOf, eventCallback, TEAM } from './support/payloads';

const PRELOAD = path.join(ROOT, 'test', 'support', 'kill-after-storing.cjs');
const BEFORE_BACK = ['hello', "it's about tone, not facts", 'we have 900 demonstrations'];

let fake: FakeSlack;
let work: string;
const apps: AppProcess[] = [];

beforeAll(async () => {
  await buildApp();
  fake = await new FakeSlack().start();
  work = await mkdtemp(path.join(tmpdir(), 'ftadvisor-receipts-'));
}, 180_000);

afterAll(async () => {
  for (const app of apps) await app.destroy();
  await fake?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function start(
  env: Record<string, string>,
  killAfter?: string,
): Promise<{ app: AppProcess; port: number }> {
  const port = await freePort();
  const app = new AppProcess(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...env,
      ...(killAfter ? { KILL_AFTER_STORING: killAfter } : {}),
    },
    { preload: PRELOAD },
  );
  apps.push(app);
  await app.waitForLog('slack app listening (HTTP mode)');
  return { app, port };
}

function post(port: number, body: object, retryNum?: number) {
  const json = JSON.stringify(body);
  return send(port, {
    body: json,
    headers: signedHeaders(json, 'application/json', retryNum === undefined ? {} : { retryNum }),
  });
}

/** Sends the script's first turns; each acknowledged and answered before the next. */
async function converse(port: number, user: string): Promise<number> {
  let posts = 0;
  for (const text of BEFORE_BACK) {
    expect((await post(port, eventCallback(directMessage(text, { user })))).status).toBe(200);
    posts = (await fake.waitForCount(`reply to ${user}`, isPostTo(dmOf(user)), posts + 1)).length;
  }
  return posts;
}

/** What `back` does, checked on the stored record: the last answer undone, once. */
function expectBackOnce(record: StoredConversation | null, backId: string): void {
  expect(record?.session.turns).toBe(BEFORE_BACK.length + 1);
  expect(record?.session.answers.dataKind?.value).toBe('demonstrations');
  expect(record?.session.answers.goal?.value).toBe('alignment');
  expect(record?.receipts?.filter((receipt) => receipt.id === `event:${backId}`)).toHaveLength(1);
}

test('file store: SIGKILL after storing a `back`, before its ack and reply; the retry changes nothing and is answered', async () => {
  const data = path.join(work, 'file');
  const user = 'U0RCPTFILE';
  const back = eventCallback(directMessage('back', { user }));
  const first = await start({ ADVISOR_DATA_DIR: data }, `event:${back.event_id}`);
  const posts = await converse(first.port, user);
  const answerBefore = (await fileSessions(data).load(dmKey(TEAM, dmOf(user))))?.session.answers.dataSize;
  expect(answerBefore?.value).toBe(900);

  await expect(post(first.port, back)).rejects.toThrow();
  expect(await first.app.exitWithin(10_000)).toEqual({ code: null, signal: 'SIGKILL' });
  const stored = await fileSessions(data).load(dmKey(TEAM, dmOf(user)));
  expectBackOnce(stored, back.event_id);
  expect(stored?.session.answers.dataSize).toBeUndefined();
  expect(fake.calls.filter(isPostTo(dmOf(user)))).toHaveLength(posts);

  // Slack's retry, to the restarted app: acknowledged, answered from the stored turn, nothing changed.
  const second = await start({ ADVISOR_DATA_DIR: data });
  expect((await post(second.port, back, 1)).status).toBe(200);
  const [reply] = (await fake.waitForCount('the stored reply', isPostTo(dmOf(user)), posts + 1)).slice(posts);
  expect(awaiting(reply?.args ?? {})).toBe(stored?.receipts?.at(-1)?.replies?.at(-1)?.awaiting);
  expect(reply?.args.text).toBe(stored?.receipts?.at(-1)?.replies?.at(-1)?.text);
  expect(await fileSessions(data).load(dmKey(TEAM, dmOf(user)))).toEqual(stored);
  expect(second.app.logs.some((line) => line.message.startsWith('a delivery seen before'))).toBe(true);
  // And again (Slack's third try, say): still nothing changes, and this process knows it is done.
  expect((await post(second.port, back, 2)).status).toBe(200);
  expect(await fileSessions(data).load(dmKey(TEAM, dmOf(user)))).toEqual(stored);
}, 120_000);

(redisAvailable() ? describe : describe.skip)('Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  test('an instance killed after its compare-and-set stored a `back`: another takes the retry once the claim lapses, and changes nothing', async () => {
    const user = 'U0RCPTREDIS';
    const back = eventCallback(directMessage('back', { user }));
    const env = {
      ADVISOR_DATA_DIR: path.join(work, 'redis'),
      REDIS_URL: redis.url,
      SLACK_CLAIM_LEASE_SECONDS: '1',
    };
    const doomed = await start(env, `event:${back.event_id}`);
    const other = await start(env);
    const posts = await converse(other.port, user);

    await expect(post(doomed.port, back)).rejects.toThrow();
    expect(await doomed.app.exitWithin(10_000)).toEqual({ code: null, signal: 'SIGKILL' });
    const raw = new Redis(redis.url);
    const read = async () => {
      const value = JSON.parse((await raw.get(`ftadvisor:session:${dmKey(TEAM, dmOf(user))}`)) ?? 'null');
      return value && { session: value.session, receipts: value.receipts };
    };
    try {
      const stored = await read();
      expectBackOnce(stored, back.event_id);
      // Slack retries; the dead instance's claim holds for its lease (503: try later), then lapses.
      let status = (await post(other.port, back, 1)).status;
      const started = Date.now();
      while (status === 503 && Date.now() - started < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        status = (await post(other.port, back, 2)).status;
      }
      expect(status).toBe(200);
      await fake.waitForCount('the stored reply', isPostTo(dmOf(user)), posts + 1);
      expect(await read()).toEqual(stored);
      expect(other.app.logs.some((line) => line.message.startsWith('a delivery seen before'))).toBe(true);
    } finally {
      raw.disconnect();
    }
  }, 120_000);
});
