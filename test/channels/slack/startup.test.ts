import { createSlackApp } from '../../../src/channels/slack/app';
import { MemoryRecommendationLog } from '../../../src/channels/slack/history';
import { ConfigError } from '../../../src/config';
import { Conversations } from '../../../src/core/conversations';
import { MemorySessionStore } from '../../../src/core/store';
import { realAdvisor } from '../../support/advisor';
import { FakeSlack } from './support/fake-slack';
import { APP_TOKEN, BOT_TOKEN, memoryLogger, SIGNING_SECRET } from './support/harness';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await new FakeSlack().start();
});
afterAll(async () => {
  await fake.close();
});

function app(settings: { appToken?: string; signingSecret?: string; apiUrl?: string }) {
  const advisor = realAdvisor();
  const log = memoryLogger();
  return createSlackApp({
    settings: {
      botToken: BOT_TOKEN,
      appToken: settings.appToken,
      signingSecret: settings.signingSecret,
      apiUrl: settings.apiUrl ?? fake.apiUrl,
    },
    port: 0,
    host: '127.0.0.1',
    conversations: new Conversations(advisor, new MemorySessionStore(), log),
    advisor,
    history: new MemoryRecommendationLog(),
    log,
    retryConfig: { retries: 0 },
  });
}

async function startError(slack: ReturnType<typeof app>): Promise<string> {
  try {
    await slack.start();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  await slack.stop();
  throw new Error('expected start() to fail');
}

test('a rejected bot token says which token and where to find the right one', async () => {
  fake.fail('auth.test', { kind: 'error', error: 'invalid_auth' });
  const message = await startError(app({ signingSecret: SIGNING_SECRET }));
  expect(message).toContain('Slack rejected SLACK_BOT_TOKEN (invalid_auth)');
  expect(message).toContain('OAuth & Permissions');
});

test('a rejected app token in Socket Mode says so', async () => {
  fake.fail('apps.connections.open', { kind: 'error', error: 'invalid_auth' });
  const message = await startError(app({ appToken: APP_TOKEN }));
  expect(message).toContain('Slack rejected SLACK_APP_TOKEN (invalid_auth)');
  expect(message).toContain('connections:write');
});

test('an unreachable Web API names the URL', async () => {
  // Nothing listens on port 9 of the loopback interface (the discard port, never served in tests).
  const message = await startError(app({ signingSecret: SIGNING_SECRET, apiUrl: 'http://127.0.0.1:9/api/' }));
  expect(message).toContain('Cannot reach the Slack Web API at http://127.0.0.1:9/api/');
});

test('HTTP mode without a signing secret is refused before anything starts', () => {
  expect(() => app({})).toThrow(
    'HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode).',
  );
});
