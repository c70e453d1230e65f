/**
 * Processed once, across crashes: 60 users talk to the built app at once (signed DM events over
 * HTTP, a script with a `back` in it) while it is SIGKILLed at three random moments and started
 * again. Every event that was not acknowledged is sent again with the same event_id, as Slack
 * does, until it is. At the end every conversation holds each of its events exactly once (none
 * lost, none applied twice), every file parses, and no temporary file outlived the restart's
 * clean-up. On the file store (one instance, restarted on its data directory) and on Redis (two
 * instances, the killed one restarted, with a short claim lease).
 *
 * `npm run test:crash` (after a build); CI runs it.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { dmKey } from '../../src/channels/slack/keys';
import { Conversations } from '../../src/core/conversations';
import { silentLogger } from '../../src/core/log';
import { MemorySessionStore } from '../../src/core/store';
import type { StoredConversation } from '../../src/core/types';
import { FakeSlack } from '../channels/slack/support/fake-slack';
import { BOT_TOKEN, SIGNING_SECRET, send, signedHeaders } from '../channels/slack/support/harness';
import { directMessage, dmOf, eventCallback, TEAM } from '../channels/slack/support/payloads';
import { realAdvisor } from '../support/advisor';
import { AppProcess, buildApp } from '../support/app-process';
import { freePort, type RedisServer, redisAvailable, startRedis } from '../support/redis';
import { fileSessions } from '../support/stores';

const SCRIPT = [
  'hello',
  "it's about tone, not facts",
  'we have 900 demonstrations',
  'back',
  'we have 900 demonstrations',
  'no other data',
  'very strict',
  'one task',
  'a hosted api',
  'why not RAG?',
];
const USERS = Array.from({ length: 60 }, (_, index) => `U0KILL${String(index).padStart(2, '0')}`);
const KILLS = 3;
const TOTAL = USERS.length * SCRIPT.length;

let fake: FakeSlack;
let work: string;
const apps: AppProcess[] = [];

beforeAll(async () => {
  await buildApp();
  fake = await new FakeSlack().start();
  work = await mkdtemp(path.join(tmpdir(), 'ftadvisor-kill-'));
}, 180_000);

afterAll(async () => {
  for (const app of apps) await app.destroy();
  await fake?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** One running app; replaced by a new one on a new port after a kill. */
interface Slot {
  app: AppProcess;
  port: number;
  up: boolean;
}

async function startApp(env: Record<string, string>): Promise<Slot> {
  const port = await freePort();
  const app = new AppProcess({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
    LOG_LEVEL: 'info',
    ...env,
  });
  apps.push(app);
  await app.waitForLog('slack app listening (HTTP mode)');
  return { app, port, up: true };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ack counts at which to kill: random, spread over the run, distinct. */
function killMoments(): number[] {
  const moments = new Set<number>();
  while (moments.size < KILLS) moments.add(Math.floor(TOTAL * (0.1 + Math.random() * 0.75)));
  return [...moments].sort((a, b) => a - b);
}

interface RunStats {
  acked: number;
  resent: number;
  status503: number;
  kills: number[];
}

/**
 * Runs every user's script against `slots` (a client picks slot (user + step + attempt) mod n,
 * skipping one that is down), killing and restarting at the moments given. Resolves when every
 * event of every user has been acknowledged.
 */
async function run(
  slots: Slot[],
  restart: (index: number) => Promise<Slot>,
  ids: Map<string, string[]>,
): Promise<RunStats> {
  const stats: RunStats = { acked: 0, resent: 0, status503: 0, kills: killMoments() };
  let killing: Promise<void> = Promise.resolve();
  let victim = 0;
  const maybeKill = () => {
    if (stats.acked !== stats.kills[0]) return;
    stats.kills.shift();
    const index = victim++ % slots.length;
    const slot = slots[index] as Slot;
    killing = killing.then(async () => {
      await sleep(Math.random() * 15);
      slot.up = false;
      slot.app.kill('SIGKILL');
      await slot.app.exitWithin(10_000);
      slots[index] = await restart(index);
    });
  };
  const worker = async (user: string, userIndex: number) => {
    const mine = ids.get(user) ?? [];
    for (const [step, text] of SCRIPT.entries()) {
      const body = JSON.stringify(eventCallback(directMessage(text, { user }), mine[step]));
      const deadline = Date.now() + 90_000;
      for (let attempt = 0; ; attempt++) {
        if (Date.now() > deadline) throw new Error(`${user}: "${text}" never acknowledged`);
        const slot = slots[(userIndex + step + attempt) % slots.length] as Slot;
        if (!slot.up) {
          await sleep(50);
          continue;
        }
        if (attempt > 0) stats.resent += 1;
        const status = await send(slot.port, {
          body,
          headers: signedHeaders(
            body,
            'application/json',
            attempt > 0 ? { retryNum: Math.min(attempt, 3) } : {},
          ),
        }).then(
          (response) => response.status,
          () => 0,
        );
        if (status === 200) break;
        if (status === 503) stats.status503 += 1;
        else if (status !== 0) throw new Error(`${user}: "${text}" answered ${status}`);
        await sleep(100 + Math.random() * 200);
      }
      stats.acked += 1;
      maybeKill();
    }
  };
  await Promise.all(USERS.map((user, index) => worker(user, index)));
  await killing;
  return stats;
}

/** The same script on one in-process advisor: what each conversation must end as. */
async function oracle(): Promise<Record<string, unknown>> {
  const reference = new Conversations(realAdvisor(), new MemorySessionStore(), silentLogger);
  for (const text of SCRIPT) await reference.handle('reference', { kind: 'text', text });
  const session = await reference.peek('reference');
  return Object.fromEntries(Object.entries(session?.answers ?? {}).map(([slot, a]) => [slot, a.value]));
}

/** Each user's event ids, fixed before the run so a resend carries the same one. */
function eventIds(): Map<string, string[]> {
  return new Map(USERS.map((user) => [user, SCRIPT.map((_, step) => `Ev0${user}S${step}`)]));
}

/** Every event stored exactly once, in order, and the conversation where the script leaves it. */
function check(
  records: Map<string, StoredConversation | null>,
  ids: Map<string, string[]>,
  expected: Record<string, unknown>,
): { twice: number; lost: number } {
  let twice = 0;
  let lost = 0;
  for (const user of USERS) {
    const record = records.get(user) ?? null;
    const turns = record?.session.turns ?? 0;
    twice += Math.max(0, turns - SCRIPT.length);
    lost += Math.max(0, SCRIPT.length - turns);
    expect({ user, receipts: record?.receipts?.map((receipt) => receipt.id) }).toEqual({
      user,
      receipts: (ids.get(user) ?? []).map((id) => `event:${id}`),
    });
    expect({
      user,
      answers: Object.fromEntries(
        Object.entries(record?.session.answers ?? {}).map(([slot, a]) => [slot, a.value]),
      ),
    }).toEqual({ user, answers: expected });
  }
  return { twice, lost };
}

function seenBefore(): number {
  return apps.reduce(
    (sum, app) => sum + app.logs.filter((line) => line.message.startsWith('a delivery seen before')).length,
    0,
  );
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

function report(store: string, stats: RunStats, outcome: { twice: number; lost: number }, extra = ''): void {
  process.stdout.write(
    `\n${store}: ${USERS.length} users x ${SCRIPT.length} events, SIGKILL x${KILLS}: ${stats.acked} acknowledged, ${stats.resent} resent (${stats.status503} answered 503), ${seenBefore()} recognised from a stored receipt; processed twice ${outcome.twice}, lost ${outcome.lost}${extra}\n`,
  );
}

test('file store: three SIGKILLs under 60 users, every unanswered event resent: each processed exactly once', async () => {
  const data = path.join(work, 'file');
  const env = { ADVISOR_DATA_DIR: data };
  const expected = await oracle();
  const ids = eventIds();
  const slots = [await startApp(env)];
  const stats = await run(slots, () => startApp(env), ids);

  const store = fileSessions(data);
  const records = new Map<string, StoredConversation | null>();
  for (const user of USERS) records.set(user, await store.load(dmKey(TEAM, dmOf(user))));
  const outcome = check(records, ids, expected);
  expect(outcome).toEqual({ twice: 0, lost: 0 });

  // The last restart's clean-up has run: no temporary file is left, nothing was damaged.
  const last = slots[0] as Slot;
  const deadline = Date.now() + 15_000;
  let files = await filesUnder(data);
  while (files.some((file) => file.endsWith('.tmp')) && Date.now() < deadline) {
    await sleep(200);
    files = await filesUnder(data);
  }
  expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([]);
  expect(files.filter((file) => file.includes('.corrupt-'))).toEqual([]);
  // A session file is a short journal, one version per line; a kill mid-append may leave a torn
  // last line, which reading passes over. Every earlier line and the newest whole one must parse.
  for (const file of files) {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
    for (const line of lines.slice(0, -1)) JSON.parse(line);
    expect(lines.some((line) => parses(line))).toBe(true);
  }
  const cleaned = apps.flatMap((app) =>
    app.logs.filter((line) => line.message === 'removed temporary files left by interrupted writes'),
  );
  report(
    'file store',
    stats,
    outcome,
    `; ${files.length} files parse; clean-ups removed ${cleaned.reduce((n, line) => n + Number(line.removed), 0)} temporary files`,
  );
  last.app.kill('SIGTERM');
  expect(await last.app.exitWithin(30_000)).toEqual({ code: 0, signal: null });
}, 300_000);

(redisAvailable() ? describe : describe.skip)('Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  test('two instances, one SIGKILLed at three random moments under 60 users, every unanswered event resent: each processed exactly once', async () => {
    const env = {
      ADVISOR_DATA_DIR: path.join(work, 'redis'),
      REDIS_URL: redis.url,
      SLACK_CLAIM_LEASE_SECONDS: '1',
    };
    const expected = await oracle();
    const ids = eventIds();
    const slots = [await startApp(env), await startApp(env)];
    const stats = await run(slots, () => startApp(env), ids);

    const raw = new Redis(redis.url);
    try {
      const records = new Map<string, StoredConversation | null>();
      for (const user of USERS) {
        const value = JSON.parse((await raw.get(`ftadvisor:session:${dmKey(TEAM, dmOf(user))}`)) ?? 'null');
        records.set(user, value && { session: value.session, receipts: value.receipts });
      }
      const outcome = check(records, ids, expected);
      expect(outcome).toEqual({ twice: 0, lost: 0 });
      report('Redis, two instances', stats, outcome);
    } finally {
      raw.disconnect();
    }
  }, 300_000);
});

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
