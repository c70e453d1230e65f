import { dmKey } from '../../../src/channels/slack/keys';
import { awaiting, findButton, isPostTo, only } from './support/driver';
import { FakeSlack } from './support/fake-slack';
import { GatedStore } from './support/gated-store';
import { HttpHarness, type HttpResponse, posted, send } from './support/harness';
import {
  buttonClick,
  buttonsOf,
  directMessage,
  dmOf,
  eventCallback,
  homeClick,
  homeOpened,
  slashCommand,
  TEAM,
} from './support/payloads';

let fake: FakeSlack;
let app: HttpHarness;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  app = await new HttpHarness(fake).start();
});

afterAll(async () => {
  await app.stop();
  await fake.close();
});

/**
 * Slack gives an app three seconds to acknowledge. These tests hold the fake's answer to the
 * work a request causes and check the acknowledgement arrived anyway: it never waits on the work.
 */
describe('acknowledged before the work is done', () => {
  test('events', async () => {
    const release = fake.hold('chat.postMessage');
    const response = await app.postEvent(eventCallback(directMessage('hello', { user: 'U0ACKEV' })));
    expect(response.status).toBe(200);
    const post = await fake.waitFor('the reply', isPostTo(dmOf('U0ACKEV')));
    expect(post.answered).toBe(false);
    release();
  });

  test('slash commands', async () => {
    const release = fake.hold('response_url');
    const response = await app.postCommand(
      slashCommand('help', fake.responseUrl('ack-cmd'), { user: 'U0ACKCMD' }),
    );
    expect(response.status).toBe(200);
    const reply = await fake.waitFor('the reply', (call) => call.responseId === 'ack-cmd');
    expect(reply.answered).toBe(false);
    release();
  });

  test('button clicks', async () => {
    await app.postEvent(eventCallback(directMessage('hello', { user: 'U0ACKBTN' })));
    const question = only(await fake.waitForCount('question', isPostTo(dmOf('U0ACKBTN')), 1));
    const release = fake.hold('chat.update');
    const response = await app.postInteraction(
      buttonClick(posted(question), findButton(question.args, { v: 'knowledge' }), {
        user: 'U0ACKBTN',
        responseUrl: fake.responseUrl('ack-btn'),
      }),
    );
    expect(response.status).toBe(200);
    const update = await fake.waitFor('the update', (call) => call.method === 'chat.update');
    expect(update.answered).toBe(false);
    release();
    const next = await fake.waitForCount('next question', isPostTo(dmOf('U0ACKBTN')), 2);
    expect(awaiting(next[1]?.args ?? {})).toBe('dataKind');
  });
});

/**
 * Acknowledged means stored (docs/adr/0005-ack-after-persist.md): the HTTP response to a request
 * that changes a conversation is sent only once the core has stored the turn. These tests hold
 * the store's update and check which came first.
 */
describe('acknowledged once the turn is stored', () => {
  let store: GatedStore;
  let gated: HttpHarness;

  beforeAll(async () => {
    store = new GatedStore();
    gated = await new HttpHarness(fake, { store }).start();
  });

  afterAll(async () => {
    await gated.stop();
  });

  /** What came first: the held turn being stored, or the response to `request`. */
  async function order(request: () => Promise<HttpResponse>): Promise<string[]> {
    const seen: string[] = [];
    const hold = store.holdNext();
    const response = request().then((answer) => {
      seen.push(`response ${answer.status}`);
    });
    await hold.entered;
    // A full round trip on another connection: a response sent before the store finished would
    // have arrived by now.
    expect((await send(gated.port, { method: 'GET', path: '/healthz' })).status).toBe(200);
    hold.release();
    await hold.stored;
    seen.push('stored');
    await response;
    return seen;
  }

  test('events', async () => {
    const seen = await order(() =>
      gated.postEvent(eventCallback(directMessage('hello', { user: 'U0STOREEV' }))),
    );
    expect(seen).toEqual(['stored', 'response 200']);
    expect((await gated.conversations.peek(dmKey(TEAM, dmOf('U0STOREEV'))))?.turns).toBe(1);
  });

  test('slash commands', async () => {
    const seen = await order(() =>
      gated.postCommand(slashCommand('restart', gated.responseUrl(), { user: 'U0STORECMD' })),
    );
    expect(seen).toEqual(['stored', 'response 200']);
  });

  test('button clicks', async () => {
    await gated.postEvent(eventCallback(directMessage('hello', { user: 'U0STOREBTN' })));
    const question = only(await fake.waitForCount('question', isPostTo(dmOf('U0STOREBTN')), 1));
    const seen = await order(() =>
      gated.postInteraction(
        buttonClick(posted(question), findButton(question.args, { v: 'knowledge' }), {
          user: 'U0STOREBTN',
          responseUrl: gated.responseUrl(),
        }),
      ),
    );
    expect(seen).toEqual(['stored', 'response 200']);
    const session = await gated.conversations.peek(dmKey(TEAM, dmOf('U0STOREBTN')));
    expect(session?.answers.goal?.value).toBe('knowledge');
  });

  test('the App Home’s "Start a new recommendation"', async () => {
    await gated.postEvent(eventCallback(homeOpened('U0STOREHOME')));
    const home = await fake.waitFor(
      'home view',
      (call) => call.method === 'views.publish' && call.args.user_id === 'U0STOREHOME',
    );
    const start = buttonsOf(home.args.view).find((button) => button.action_id === 'home_start');
    const seen = await order(() => gated.postInteraction(homeClick(start, 'U0STOREHOME')));
    expect(seen).toEqual(['stored', 'response 200']);
  });

  test('a retry that arrives while the first delivery is being stored gets 503; once it is stored, 200 and dropped', async () => {
    const channel = dmOf('U0STORERETRY');
    const body = eventCallback(directMessage('hello', { user: 'U0STORERETRY' }));
    const hold = store.holdNext();
    const first = gated.postEvent(body);
    await hold.entered;
    // Not acknowledged: Slack retries later, by when the first delivery has finished or died.
    expect((await gated.postEvent(body, { retryNum: 1 })).status).toBe(503);
    hold.release();
    expect((await first).status).toBe(200);
    expect((await gated.postEvent(body, { retryNum: 2 })).status).toBe(200);
    // A later turn of the same conversation posts after any reply to the repeats would have.
    await gated.postEvent(eventCallback(directMessage('where are we', { user: 'U0STORERETRY' })));
    await fake.waitForCount('replies', isPostTo(channel), 2);
    expect(fake.calls.filter(isPostTo(channel))).toHaveLength(2);
    expect((await gated.conversations.peek(dmKey(TEAM, channel)))?.turns).toBe(2);
  });
});

test('a command whose turn outlasts the ack deadline is acknowledged anyway, and finishes after', async () => {
  const slow = await new HttpHarness(fake, { ackDeadlineMs: 100 }).start();
  // A user this instance has not seen: /finetune needs conversations.open to find their DM.
  const release = fake.hold('conversations.open');
  try {
    const response = await slow.postCommand(
      slashCommand('start', fake.responseUrl('deadline'), { user: 'U0DEADLINE' }),
    );
    expect(response.status).toBe(200);
    const open = await fake.waitFor(
      'the DM lookup',
      (call) => call.method === 'conversations.open' && call.args.users === 'U0DEADLINE',
    );
    expect(open.answered).toBe(false);
    expect(slow.log.entries).toContainEqual(
      expect.objectContaining({
        message: 'acknowledged before the work was stored (slow store or Slack); it goes on after the ack',
      }),
    );
    release();
    const question = await fake.waitFor('the question', (call) => call.responseId === 'deadline');
    expect(awaiting(question.args)).toBe('goal');
    expect((await slow.conversations.peek(dmKey(TEAM, dmOf('U0DEADLINE'))))?.turns).toBe(1);
  } finally {
    release();
    await slow.stop();
  }
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Ack latency through the real HTTP receiver on loopback, printed for the record (never asserted:
 * timings depend on the machine). Each request's work runs after its ack, overlapping the next.
 */
test('ack latency figures (printed, not asserted)', async () => {
  const rounds = 30;
  const events: number[] = [];
  const commands: number[] = [];
  const actions: number[] = [];
  // One open question per round, so that every click below is a real answer with its work to do.
  const questions = [];
  for (let round = 0; round < rounds; round++) {
    await app.postEvent(eventCallback(directMessage('hello', { user: `U0LATQ${round}` })));
    questions.push(only(await fake.waitForCount('question', isPostTo(dmOf(`U0LATQ${round}`)), 1)));
  }
  for (const [round, question] of questions.entries()) {
    const event = await app.postEvent(
      eventCallback(directMessage('where are we', { user: `U0LATE${round}` })),
    );
    const command = await app.postCommand(
      slashCommand('help', fake.responseUrl(`lat-${round}`), { user: 'U0LATCMD' }),
    );
    const action = await app.postInteraction(
      buttonClick(posted(question), findButton(question.args, { v: 'knowledge' }), {
        user: `U0LATQ${round}`,
        responseUrl: fake.responseUrl(`lat-a-${round}`),
      }),
    );
    for (const response of [event, command, action]) expect(response.status).toBe(200);
    events.push(event.ms);
    commands.push(command.ms);
    actions.push(action.ms);
  }
  const line = (name: string, values: number[]) =>
    `${name.padEnd(9)} median ${median(values).toFixed(2)} ms, p90 ${percentile(values, 90).toFixed(2)} ms`;
  process.stdout.write(
    `\nSlack ack latency over HTTP on 127.0.0.1, ${rounds} requests each:\n${line('events', events)}\n${line('commands', commands)}\n${line('actions', actions)}\n`,
  );
});
