import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dmKey } from '../../../src/channels/slack/keys';
import { fileHistory, fileSessions } from '../../support/stores';
import { awaiting, DmDriver, findButton, problemsSince, shown } from './support/driver';
import { FakeSlack } from './support/fake-slack';
import { HttpHarness, memoryLogger, posted } from './support/harness';
import { TEAM } from './support/payloads';

let fake: FakeSlack;
let directory: string;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  directory = await mkdtemp(path.join(tmpdir(), 'ftadvisor-slack-'));
});

afterAll(async () => {
  await fake.close();
  await rm(directory, { recursive: true, force: true });
});

/** A fresh process's worth of app: new store objects and caches over the same data directory. */
function newProcess(): HttpHarness {
  const log = memoryLogger();
  return new HttpHarness(fake, {
    store: fileSessions(directory),
    history: fileHistory(directory, log),
    log,
  });
}

test('a restart in the middle of a conversation: it continues, buttons posted before still work', async () => {
  const first = await newProcess().start();
  const dm = new DmDriver(first, fake, 'U0RESTART');
  const goal = await dm.say('hello');
  const dataKind = await dm.choose(goal, 'alignment');
  await first.stop();

  const second = await newProcess().start();
  const again = new DmDriver(second, fake, 'U0RESTART');
  // A button on a message the first process posted.
  const dataSize = await again.choose(dataKind, 'demonstrations');
  expect(awaiting(dataSize.args)).toBe('dataSize');
  // Free text carries on too, with the earlier answers remembered (next: any other kind of data).
  const style = await again.say('about 300 examples');
  expect(shown(style.args)).toContain('300');
  const session = await second.conversations.peek(dmKey(TEAM, again.channel));
  expect(session?.answers.goal?.value).toBe('alignment');
  expect(session?.answers.dataKind?.value).toBe('demonstrations');
  expect(session?.answers.dataSize?.value).toBe(300);
  const extra = await again.choose(style, 'none');
  const scope = await again.choose(extra, 'high');
  const platform = await again.choose(scope, 'single');
  const advice = await again.choose(platform, 'hosted-api');
  await second.stop();

  // The recommendation's Share button finds its record after yet another restart.
  const third = await newProcess().start();
  const last = new DmDriver(third, fake, 'U0RESTART');
  await last.clickAll(posted(advice), findButton(advice.args, { label: 'Share to channel' }), 0);
  const opened = await fake.waitFor('share modal', (call) => call.method === 'views.open');
  expect(JSON.parse(opened.args.view.private_metadata)).toMatchObject({ t: 'share-rec', o: 'U0RESTART' });
  await third.stop();
  expect(problemsSince(fake, 0)).toEqual([]);
});
