import { ConfigError, loadConfig } from '../../../src/config';

function problems(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test('no Slack settings: no Slack', () => {
  expect(loadConfig({}).slack).toBeNull();
});

test('Socket Mode and HTTP mode settings', () => {
  expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toEqual({
    botToken: 'xoxb-1',
    appToken: 'xapp-1',
    signingSecret: undefined,
    apiUrl: undefined,
  });
  expect(
    loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    }).slack,
  ).toEqual({
    botToken: 'xoxb-1',
    appToken: undefined,
    signingSecret: 's',
    apiUrl: 'http://127.0.0.1:9/api/',
  });
});

test.each([
  [
    { SLACK_BOT_TOKEN: 'xoxb-1' },
    'Slack mode needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).',
  ],
  [{ SLACK_APP_TOKEN: 'xapp-1' }, 'set SLACK_BOT_TOKEN too'],
  [
    { SLACK_BOT_TOKEN: 'xapp-1', SLACK_APP_TOKEN: 'xapp-1' },
    'SLACK_BOT_TOKEN must be a bot token starting with "xoxb-".',
  ],
  [
    { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' },
    'SLACK_APP_TOKEN must be an app-level token starting with "xapp-".',
  ],
  [
    { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'slack' },
    'SLACK_API_URL must be a URL',
  ],
  [
    { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'ftp://x/' },
    'SLACK_API_URL must start with https://',
  ],
])('%j is refused with one message saying what to set', (env, message) => {
  expect(problems(env)).toContain(message);
  expect(problems(env).startsWith('Cannot start: ')).toBe(true);
});
