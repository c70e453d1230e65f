import { createSlackApp, type SlackApp } from '../../../src/channels/slack/app';
import { MemoryRecommendationLog } from '../../../src/channels/slack/history';
import { dmKey } from '../../../src/channels/slack/keys';
import { Conversations } from '../../../src/core/conversations';
import { realAdvisor } from '../../support/advisor';
import { awaiting, findButton, isPostTo, only, problemsSince, shown, two } from './support/driver';
import { FakeSlack } from './support/fake-slack';
import { GatedStore } from './support/gated-store';
import { APP_TOKEN, BOT_TOKEN, memoryLogger, posted } from './support/harness';
import {
  buttonClick,
  CHANNEL,
  directMessage,
  dmOf,
  eventCallback,
  mention,
  slashCommand,
  TEAM,
} from './support/payloads';

let fake: FakeSlack;
let slack: SlackApp;
const log = memoryLogger();
const store = new GatedStore();
const conversations = new Conversations(realAdvisor(), store, log);

beforeAll(async () => {
  fake = await new FakeSlack().start();
  slack = createSlackApp({
    settings: { botToken: BOT_TOKEN, appToken: APP_TOKEN, signingSecret: undefined, apiUrl: fake.apiUrl },
    port: 0,
    conversations,
    advisor: realAdvisor(),
    history: new MemoryRecommendationLog(),
    log,
    retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 1 },
  });
  expect(slack.mode).toBe('socket');
  await slack.start();
});

afterAll(async () => {
  await slack.stop();
  await fake.close();
});

test('connects with the app token through apps.connections.open and the hello message', () => {
  const open = only(fake.callsTo('apps.connections.open'));
  expect(open.token).toBe(APP_TOKEN);
  expect(only(fake.callsTo('auth.test')).token).toBe(BOT_TOKEN);
  expect(fake.socketClients).toBe(1);
  expect(slack.ready).toBe(true);
});

test('an events_api envelope is acked and answered; a retried envelope is processed once', async () => {
  const body = eventCallback(directMessage('hello', { user: 'U0SOCKET' }));
  const ack = await fake.sendEnvelope({ type: 'events_api', payload: body, accepts_response_payload: false });
  expect(ack).toEqual({});
  const question = only(await fake.waitForCount('reply', isPostTo(dmOf('U0SOCKET')), 1));
  expect(awaiting(question.args)).toBe('goal');

  // Slack's retry of the same event: acked again, not answered again.
  await fake.sendEnvelope({
    type: 'events_api',
    payload: body,
    accepts_response_payload: false,
    retry_attempt: 1,
    retry_reason: 'timeout',
  });
  // A later message of the same conversation: turns run in order, so the retry is done with by its reply.
  await fake.sendEnvelope({
    type: 'events_api',
    payload: eventCallback(directMessage('knowledge', { user: 'U0SOCKET' })),
    accepts_response_payload: false,
  });
  const [, next] = two(await fake.waitForCount('second reply', isPostTo(dmOf('U0SOCKET')), 2));
  expect(awaiting(next.args)).toBe('dataKind');
  expect((await conversations.peek(dmKey(TEAM, dmOf('U0SOCKET'))))?.turns).toBe(2);
});

test('a threaded mention, a slash command and a button click all work over the socket', async () => {
  const root = mention('hello', { user: 'U0SOCK2' });
  await fake.sendEnvelope({
    type: 'events_api',
    payload: eventCallback(root),
    accepts_response_payload: false,
  });
  const question = only(await fake.waitForCount('thread reply', isPostTo(CHANNEL, root.ts), 1));

  const url = fake.responseUrl('socket-command');
  const commandAck = await fake.sendEnvelope({
    type: 'slash_commands',
    payload: slashCommand('help', url, { user: 'U0SOCK2' }),
    accepts_response_payload: true,
  });
  expect(commandAck).toEqual({});
  const help = only(await fake.waitForCount('help', (call) => call.responseId === 'socket-command', 1));
  expect(shown(help.args)).toContain('How to use `/finetune`');

  const click = buttonClick(posted(question), findButton(question.args, { v: 'knowledge' }), {
    user: 'U0SOCK2',
    responseUrl: fake.responseUrl('socket-click'),
  });
  await fake.sendEnvelope({ type: 'interactive', payload: click, accepts_response_payload: false });
  await fake.waitFor(
    'answered',
    (call) => call.method === 'chat.update' && call.args.ts === question.args.ts,
  );
  const [, next] = two(await fake.waitForCount('next question', isPostTo(CHANNEL, root.ts), 2));
  expect(awaiting(next.args)).toBe('dataKind');
  expect(problemsSince(fake, 0)).toEqual([]);
});

test('an envelope is acknowledged once its turn is stored, not before (as over HTTP)', async () => {
  const seen: string[] = [];
  const hold = store.holdNext();
  const acked = fake
    .sendEnvelope({
      type: 'events_api',
      payload: eventCallback(directMessage('hello', { user: 'U0SOCKACK' })),
      accepts_response_payload: false,
    })
    .then(() => {
      seen.push('ack');
    });
  await hold.entered;
  // The reply posts go out after the ack; while the turn is held, neither has happened.
  await fake.sendEnvelope({
    type: 'slash_commands',
    payload: slashCommand('help', fake.responseUrl('socket-ack-probe'), { user: 'U0SOCKACK2' }),
    accepts_response_payload: true,
  });
  expect(seen).toEqual([]);
  hold.release();
  await hold.stored;
  seen.push('stored');
  await acked;
  expect(seen).toEqual(['stored', 'ack']);
  expect((await conversations.peek(dmKey(TEAM, dmOf('U0SOCKACK'))))?.turns).toBe(1);
  await fake.waitForCount('reply', isPostTo(dmOf('U0SOCKACK')), 1);
});

// Last: it stops the app (afterAll's stop() then returns the same stop).
test('stop: the envelope in flight is processed and acknowledged before the socket closes; later ones are left to Slack', async () => {
  const hold = store.holdNext();
  const acked = fake.sendEnvelope({
    type: 'events_api',
    payload: eventCallback(directMessage('hello', { user: 'U0SOCKSTOP' })),
    accepts_response_payload: false,
  });
  await hold.entered;
  const stopping = slack.stop();
  expect(slack.status).toBe('stopping');
  expect(slack.ready).toBe(false);
  // Taken no more: not processed and not acknowledged, so Slack delivers it again elsewhere.
  await expect(
    fake.sendEnvelope(
      {
        type: 'events_api',
        payload: eventCallback(directMessage('hello', { user: 'U0SOCKLATE' })),
        accepts_response_payload: false,
      },
      300,
    ),
  ).rejects.toThrow('no ack');
  hold.release();
  await acked;
  const report = await stopping;
  expect(report).toMatchObject({ inFlight: 1, abandoned: 0 });
  expect((await conversations.peek(dmKey(TEAM, dmOf('U0SOCKSTOP'))))?.turns).toBe(1);
  expect(await conversations.peek(dmKey(TEAM, dmOf('U0SOCKLATE')))).toBeNull();
  // Its reply was posted before the stop finished.
  expect(fake.calls.filter(isPostTo(dmOf('U0SOCKSTOP')))).toHaveLength(1);
});
