import { App, LogLevel } from '@slack/bolt';
import { boltLogger } from '../src/channels/slack/bolt-logger.js';
import { createHttpReceiver } from '../src/channels/slack/receiver.js';
import { createLogger } from '../src/logger.js';

/**
 * The ceiling for the Slack load bench: a bare Bolt app on the advisor's own HTTP receiver
 * (signature check, future-timestamp check, /healthz), whose only listener posts one reply to
 * every direct message. It acknowledges on receipt (Bolt's default); the advisor acknowledges
 * once the turn is stored (docs/adr/0005), which the load's reply latency includes either way.
 * Run as its own process, configured like the advisor: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET,
 * PORT, SLACK_API_URL.
 */
async function main(): Promise<void> {
  const log = createLogger('warn');
  const logger = boltLogger(log, LogLevel.WARN);
  const signingSecret = process.env.SLACK_SIGNING_SECRET ?? '';
  let ready = false;
  const receiver = createHttpReceiver({ signingSecret, log, boltLogger: logger, isReady: () => ready });
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN ?? '',
    receiver,
    logger,
    // The advisor's Web API settings (src/channels/slack/app.ts): two quick retries, 10 s timeout.
    clientOptions: {
      ...(process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {}),
      retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 2000, randomize: true },
      timeout: 10_000,
    },
    deferInitialization: true,
    convoStore: false,
  });
  app.message(async ({ message, client }) => {
    if (message.subtype !== undefined || message.channel_type !== 'im') return;
    await client.chat.postMessage({ channel: message.channel, text: 'Got it.' });
  });
  app.error(async (error) => {
    log.error('bare bolt error', { error: String(error) });
  });
  await app.init();
  await app.start(Number(process.env.PORT ?? 3000));
  ready = true;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  ready = false;
  await app.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`bare bolt failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exitCode = 1;
});
