/**
 * The data directory going wrong under the Slack app (HTTP mode, the embedded store): a damaged
 * conversation file, a data directory that cannot be used at all, a full disk. Each time the
 * operator gets an error naming the file, the user gets a message saying what happened, and
 * everyone else carries on.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dmKey } from '../../../src/channels/slack/keys';
import type { FileSessionStore } from '../../../src/store/file-sessions';
import { fileHistory, fileSessions } from '../../support/stores';
import { awaiting, DmDriver, shown } from './support/driver';
import { FakeSlack } from './support/fake-slack';
import { HttpHarness, memoryLogger } from './support/harness';
import { TEAM } from './support/payloads';

let fake: FakeSlack;
let work: string;
const apps: HttpHarness[] = [];

beforeAll(async () => {
  fake = await new FakeSlack().start();
  work = await mkdtemp(path.join(tmpdir(), 'ftadvisor-storage-'));
});

afterAll(async () => {
  for (const app of apps) await app.stop();
  await fake.close();
  await rm(work, { recursive: true, force: true });
});

/** The Slack app on the embedded stores in `data`, as `npm start` wires it. */
async function appOn(data: string): Promise<{ app: HttpHarness; store: FileSessionStore }> {
  const log = memoryLogger();
  const store = fileSessions(data);
  const app = await new HttpHarness(fake, {
    store,
    history: fileHistory(data, log),
    log,
  }).start();
  apps.push(app);
  return { app, store };
}

test('a damaged conversation file: named in the log, kept aside untouched, the user told, others unaffected', async () => {
  const { app, store } = await appOn(path.join(work, 'damaged'));
  const alice = new DmDriver(app, fake, 'U0DAMAGEA');
  const bob = new DmDriver(app, fake, 'U0DAMAGEB');
  await alice.say("it's about tone, not facts");
  await bob.say("it's about tone, not facts");

  // Alice's file is cut short, as a disk error or a careless edit would leave it.
  const file = store.fileFor(dmKey(TEAM, alice.channel));
  const damaged = (await readFile(file, 'utf8')).slice(0, 40);
  await writeFile(file, damaged);

  const [notice, question] = await alice.sayAll('we have 900 demonstrations', 2);
  expect(shown(notice?.args ?? {})).toContain('I could not read our earlier conversation');
  expect(awaiting(question?.args ?? {})).toBe('goal');
  const logged = app.log.entries.find((entry) => entry.message.includes('stored conversation is damaged'));
  expect(logged?.level).toBe('error');
  expect(logged?.context).toMatchObject({ file, keptAt: expect.stringContaining(`${file}.corrupt-`) });
  // Kept aside exactly as it was; never overwritten.
  const aside = String(logged?.context.keptAt);
  expect(await readFile(aside, 'utf8')).toBe(damaged);
  expect((await readdir(path.dirname(file))).filter((name) => name.includes('.corrupt-'))).toHaveLength(1);
  // Alice starts afresh in a new, sound file; Bob's conversation went on as if nothing happened.
  expect((await store.load(dmKey(TEAM, alice.channel)))?.session.turns).toBe(1);
  const next = await bob.say('we have 900 demonstrations');
  expect(awaiting(next.args)).toBe('extraDataKind');
  expect((await store.load(dmKey(TEAM, bob.channel)))?.session.answers.dataSize?.value).toBe(900);
});

test('a data directory that cannot be used: the error names the path, the user is told, nothing is answered as if saved', async () => {
  // A path under a regular file: every read and write fails (ENOTDIR), even for root.
  const blocker = path.join(work, 'not-a-directory');
  await writeFile(blocker, 'a file where the data directory should be');
  const { app } = await appOn(path.join(blocker, 'data'));
  const dm = new DmDriver(app, fake, 'U0NODIR');
  const reply = await dm.say('hello');
  expect(shown(reply.args)).toContain('I cannot reach my saved conversations right now');
  expect(awaiting(reply.args)).toBeNull();
  const logged = app.log.entries.find((entry) => entry.message === 'cannot read the conversation store');
  expect(logged?.level).toBe('error');
  expect(String(logged?.context.error)).toContain(path.join(blocker, 'data', 'sessions'));
  expect(String(logged?.context.error)).toContain('ENOTDIR');
  // The app keeps serving: the next message gets the same clear answer, not silence.
  expect(shown((await dm.say('we need our docs in the answers')).args)).toContain(
    'I cannot reach my saved conversations right now',
  );
});

test('a full disk: the answer is given, the user told it was not saved, the error names the file; saving resumes when space returns', async () => {
  const { app, store } = await appOn(path.join(work, 'full'));
  const dm = new DmDriver(app, fake, 'U0FULL');
  await dm.say('hello');
  // The disk fills up: every write under the data directory fails with ENOSPC, as Node reports it,
  // whether the store appends a version to the file or replaces the file through a temporary one.
  const file = store.fileFor(dmKey(TEAM, dm.channel));
  const disk = fullDisk(path.join(work, 'full'));
  const [answer, notice] = await dm.sayAll("it's about tone, not facts", 2);
  expect(awaiting(answer?.args ?? {})).toBe('dataKind');
  expect(shown(notice?.args ?? {})).toContain('I could not save this step of our conversation');
  const logged = app.log.entries.find((entry) => entry.message === 'could not save the conversation');
  expect(logged?.level).toBe('error');
  expect(String(logged?.context.error)).toContain(file);
  expect(String(logged?.context.error)).toContain('ENOSPC');
  // The stored conversation is the one before the failed write, intact.
  expect((await store.load(dmKey(TEAM, dm.channel)))?.session.turns).toBe(1);

  disk.restore();
  const again = await dm.say("it's about tone, not facts");
  expect(awaiting(again.args)).toBe('dataKind');
  expect((await store.load(dmKey(TEAM, dm.channel)))?.session.answers.goal?.value).toBe('alignment');
});

/**
 * Makes writes to files under `directory` fail as on a full disk until restored. The store calls
 * node:fs's functions through the module object, which is the one patched here.
 */
function fullDisk(directory: string): { restore: () => void } {
  const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
  const noSpace = () =>
    Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  const spies = (['writeFileSync', 'appendFileSync'] as const).map((name) => {
    const real = fs[name] as (...args: unknown[]) => unknown;
    return jest.spyOn(fs, name).mockImplementation(((target: unknown, ...rest: unknown[]) => {
      if (typeof target === 'string' && target.startsWith(directory)) throw noSpace();
      return real(target, ...rest);
    }) as never);
  });
  return {
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
