/**
 * kill -9 in the middle of a load: the built app (`node dist/src/main.js`, HTTP mode, the embedded
 * lowdb store) is killed with SIGKILL while 20 clients send signed DM events, then started again
 * on the same data directory. Every turn that got HTTP 200 before the kill must be there, in
 * order, and every file the stores keep must parse (docs/adr/0005-ack-after-persist.md).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dmKey } from '../../../src/channels/slack/keys';
import { Conversations } from '../../../src/core/conversations';
import { silentLogger } from '../../../src/core/log';
import { MemorySessionStore } from '../../../src/core/store';
import type { Session } from '../../../src/core/types';
import { realAdvisor } from '../../support/advisor';
import { AppProcess, buildApp } from '../../support/app-process';
import { freePort } from '../../support/redis';
import { fileSessions } from '../../support/stores';
import { ADVISED_SCRIPT, awaiting, isPostTo } from './support/driver';
import { FakeSlack } from './support/fake-slack';
import { BOT_TOKEN, SIGNING_SECRET, send, signedHeaders } from './support/harness';
import { directMessage, dmOf, eventCallback, TEAM } from './support/payloads';

const SCRIPT = ADVISED_SCRIPT;
const USERS = Array.from({ length: 60 }, (_, index) => `U0CRASH${String(index).padStart(2, '0')}`);
const CONCURRENCY = 20;
/** The kill is sent when this many turns have been acknowledged (of 360). */
const KILL_AFTER = 150;

let fake: FakeSlack;
let work: string;
const apps: AppProcess[] = [];

beforeAll(async () => {
  await buildApp();
  fake = await new FakeSlack().start();
  work = await mkdtemp(path.join(tmpdir(), 'ftadvisor-crash-'));
}, 180_000);

afterAll(async () => {
  for (const app of apps) await app.destroy();
  await fake?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function startApp(data: string): Promise<{ app: AppProcess; port: number }> {
  const port = await freePort();
  const app = new AppProcess({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
    ADVISOR_DATA_DIR: data,
    LOG_LEVEL: 'info',
  });
  apps.push(app);
  await app.waitForLog('slack app listening (HTTP mode)');
  return { app, port };
}

function postEvent(port: number, user: string, text: string) {
  const body = JSON.stringify(eventCallback(directMessage(text, { user })));
  return send(port, { body, headers: signedHeaders(body, 'application/json') });
}

/** Every file under a directory, recursively. */
async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** The answers of a session, slot -> value. */
function values(session: Session | null): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(session?.answers ?? {}).map(([slot, answer]) => [slot, answer.value]),
  );
}

test('SIGKILL mid-load, restart: every acknowledged turn is stored, in order, and every store file parses', async () => {
  // What the conversation holds after each number of turns: the oracle.
  const reference = new Conversations(realAdvisor(), new MemorySessionStore(), silentLogger);
  const after: { phase: string; answers: Record<string, unknown> }[] = [{ phase: 'none', answers: {} }];
  for (const text of SCRIPT) {
    await reference.handle('reference', { kind: 'text', text });
    const session = await reference.peek('reference');
    after.push({ phase: session?.phase ?? 'none', answers: values(session) });
  }

  const data = path.join(work, 'data');
  const first = await startApp(data);
  const acked = new Map<string, number>(USERS.map((user) => [user, 0]));
  /** Users whose next turn was sent but not acknowledged when the process died. */
  const unanswered = new Set<string>();
  let total = 0;
  let next = 0;
  const worker = async () => {
    while (!first.app.exitStatus && next < USERS.length) {
      const user = USERS[next++] as string;
      for (const text of SCRIPT) {
        let status: number;
        try {
          status = (await postEvent(first.port, user, text)).status;
        } catch {
          unanswered.add(user);
          return;
        }
        if (status !== 200) throw new Error(`${user}: "${text}" answered ${status}`);
        acked.set(user, (acked.get(user) ?? 0) + 1);
        total += 1;
        if (total === KILL_AFTER) first.app.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  expect(await first.app.exitWithin(30_000)).toEqual({ code: null, signal: 'SIGKILL' });
  expect(total).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(total).toBeLessThan(USERS.length * SCRIPT.length);

  // Every file the stores keep parses; nothing was kept aside as damaged. Temporary files (a
  // write cut short, before its rename) are never read and are overwritten by the next write.
  const files = await filesUnder(data);
  const temporary = files.filter((file) => file.endsWith('.tmp'));
  const kept = files.filter((file) => !file.endsWith('.tmp'));
  expect(kept.filter((file) => file.includes('.corrupt-'))).toEqual([]);
  expect(kept.filter((file) => !file.endsWith('.json'))).toEqual([]);
  const unparsable: string[] = [];
  for (const file of kept) {
    try {
      JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      unparsable.push(`${file}: ${String(error)}`);
    }
  }
  expect(unparsable).toEqual([]);
  // Both stores have files: sessions, and the history of the recommendations given.
  expect(kept.some((file) => file.includes(`${path.sep}sessions${path.sep}`))).toBe(true);
  expect(kept.some((file) => file.includes(`${path.sep}history${path.sep}`))).toBe(true);

  // Started again on the same data directory.
  const second = await startApp(data);
  const store = fileSessions(data);
  let storedUnacked = 0;
  for (const user of USERS) {
    const session = (await store.load(dmKey(TEAM, dmOf(user))))?.session ?? null;
    const turns = session?.turns ?? 0;
    const acknowledged = acked.get(user) ?? 0;
    // Every acknowledged turn is there; a turn sent but not acknowledged may or may not be.
    expect({ user, turns: Math.min(turns, acknowledged) }).toEqual({ user, turns: acknowledged });
    expect(turns).toBeLessThanOrEqual(acknowledged + (unanswered.has(user) ? 1 : 0));
    if (turns > acknowledged) storedUnacked += 1;
    // In order, and nothing else: what the script's first `turns` turns make.
    expect({ user, phase: session?.phase ?? 'none', answers: values(session) }).toEqual({
      user,
      ...after[turns],
    });
  }

  // The restarted app carries on: a conversation cut by the kill, and a new one.
  const cut =
    USERS.find((user) => (acked.get(user) ?? 0) > 0 && unanswered.has(user)) ?? (USERS[0] as string);
  const fresh = USERS.find((user) => (acked.get(user) ?? 0) === 0 && !unanswered.has(user));
  for (const [user, text] of [[cut, 'where are we'], ...(fresh ? [[fresh, 'hello']] : [])] as [
    string,
    string,
  ][]) {
    const before = fake.calls.filter(isPostTo(dmOf(user))).length;
    expect((await postEvent(second.port, user, text)).status).toBe(200);
    await fake.waitForCount(`reply to ${user}`, isPostTo(dmOf(user)), before + 1);
  }
  if (fresh) expect(awaiting(fake.calls.filter(isPostTo(dmOf(fresh))).at(-1)?.args ?? {})).toBe('goal');
  second.app.kill('SIGTERM');
  expect(await second.app.exitWithin(30_000)).toEqual({ code: 0, signal: null });

  process.stdout.write(
    `\nSIGKILL after ${KILL_AFTER} acks: ${total} turns acknowledged (all found after the restart), ${unanswered.size} requests cut by the kill (${storedUnacked} of them stored anyway), ${kept.length} store files parsed, ${temporary.length} temporary files left\n`,
  );
}, 180_000);
