import { awaiting, findButton, isPostTo, only } from './support/driver';
import { FakeSlack } from './support/fake-slack';
import { HttpHarness, posted } from './support/harness';
import { buttonClick, directMessage, dmOf, eventCallback, slashCommand } from './support/payloads';

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
