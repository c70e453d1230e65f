import type { AddressInfo } from 'node:net';
import { App, type HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import { type Config, ConfigError } from '../../config.js';
import type { Advisor } from '../../core/advisor.js';
import type { Conversations } from '../../core/conversations.js';
import type { Logger } from '../../core/log.js';
import { boltLevel, boltLogger } from './bolt-logger.js';
import { type Deduplicator, MemoryDeduplicator } from './dedup.js';
import { DmDirectory } from './dm-directory.js';
import { FileRecommendationLog, type RecommendationLog } from './history.js';
import { registerListeners } from './listeners/index.js';
import { describeSlackError } from './outlet.js';
import { createHttpReceiver, EVENTS_PATH, HEALTH_PATH } from './receiver.js';
import { SlackAdvisor } from './service.js';

export type SlackSettings = NonNullable<Config['slack']>;

/**
 * Web API retries for an interactive bot: a couple of quick retries for network errors and 5xx
 * answers, then give up and tell the user, rather than the SDK default of ten retries over half
 * an hour, by which time the answer is useless. A 429 waits the Retry-After Slack asks for.
 */
export const INTERACTIVE_RETRY: webApi.RetryOptions = {
  retries: 2,
  factor: 2,
  minTimeout: 300,
  maxTimeout: 2000,
  randomize: true,
};

/** A Web API call that takes longer than this is abandoned (and retried as above). */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface SlackAppOptions {
  settings: SlackSettings;
  /** HTTP mode: the port to listen on (0 picks a free one). */
  port: number;
  /** HTTP mode: the interface to listen on; all of them when unset. */
  host?: string;
  conversations: Conversations;
  advisor: Advisor;
  history: RecommendationLog;
  log: Logger;
  logLevel?: Config['logLevel'];
  dedup?: Deduplicator;
  retryConfig?: webApi.RetryOptions;
  requestTimeoutMs?: number;
}

export interface RunningSlackApp {
  mode: 'socket' | 'http';
  /** HTTP mode: the port actually listened on. */
  port?: number;
}

export interface SlackApp {
  readonly app: App;
  readonly mode: 'socket' | 'http';
  readonly ready: boolean;
  start(): Promise<RunningSlackApp>;
  stop(): Promise<void>;
}

/** Slack's answers that mean the token itself is wrong, rather than Slack being unreachable. */
const BAD_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

function startupError(
  token: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN',
  error: unknown,
  apiUrl: string,
): ConfigError {
  const { slackError, error: message } = describeSlackError(error);
  if (typeof slackError === 'string' && BAD_TOKEN.has(slackError)) {
    const where =
      token === 'SLACK_BOT_TOKEN'
        ? 'the Bot User OAuth Token (xoxb-…) from your app’s "OAuth & Permissions" page'
        : 'an app-level token (xapp-…) with the connections:write scope from your app’s "Basic Information" page';
    return new ConfigError([`Slack rejected ${token} (${slackError}): set it to ${where}.`]);
  }
  return new ConfigError([
    `Cannot reach the Slack Web API at ${apiUrl} (${String(slackError ?? message)}): check the network, or SLACK_API_URL if you set it.`,
  ]);
}

/**
 * The Bolt app: Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), otherwise HTTP on
 * PORT with every Slack request at POST /slack/events and GET /healthz for load balancers.
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { settings, log } = options;
  const logger = boltLogger(log, boltLevel(options.logLevel ?? 'info'));
  const apiUrl = settings.apiUrl ?? 'https://slack.com/api/';
  const clientOptions: webApi.WebClientOptions = {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: options.retryConfig ?? INTERACTIVE_RETRY,
    timeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
  };
  let ready = false;
  const mode = settings.appToken ? 'socket' : 'http';
  let receiver: HTTPReceiver | SocketModeReceiver;
  if (settings.appToken) {
    receiver = new SocketModeReceiver({
      appToken: settings.appToken,
      logger,
      // The Socket Mode client calls apps.connections.open through its own Web API client.
      installerOptions: { clientOptions: { ...clientOptions } },
    });
  } else {
    if (!settings.signingSecret) {
      throw new ConfigError([
        'HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode).',
      ]);
    }
    receiver = createHttpReceiver({
      signingSecret: settings.signingSecret,
      log,
      boltLogger: logger,
      isReady: () => ready,
    });
  }

  const app = new App({
    token: settings.botToken,
    receiver,
    logger,
    clientOptions,
    // auth.test runs in start(), so a bad token fails there with a clear message.
    deferInitialization: true,
    // Bolt's per-conversation state store is not used; the core keeps the conversations.
    convoStore: false,
  });

  const slack = new SlackAdvisor({
    conversations: options.conversations,
    advisor: options.advisor,
    history: options.history,
    dedup: options.dedup ?? new MemoryDeduplicator(),
    dms: new DmDirectory(),
    log,
  });
  registerListeners(app, slack);
  // Every listener catches its own errors; this is the last line for anything Bolt raises itself.
  app.error(async (error) => {
    log.error('slack app error', { code: error.code, error: String(error.stack ?? error) });
  });

  return {
    app,
    mode,
    get ready() {
      return ready;
    },
    async start() {
      try {
        await app.init();
      } catch (error) {
        throw startupError('SLACK_BOT_TOKEN', error, apiUrl);
      }
      if (receiver instanceof SocketModeReceiver) {
        try {
          await app.start();
        } catch (error) {
          await receiver.client.disconnect().catch(() => undefined);
          throw startupError('SLACK_APP_TOKEN', error, apiUrl);
        }
        ready = true;
        log.info('slack app connected (Socket Mode)', {});
        return { mode };
      }
      const server = await app.start(
        options.host ? { port: options.port, host: options.host } : options.port,
      );
      const port = (server.address() as AddressInfo).port;
      ready = true;
      log.info('slack app listening (HTTP mode)', { port, events: EVENTS_PATH, health: HEALTH_PATH });
      return { mode, port };
    },
    async stop() {
      ready = false;
      if (receiver instanceof SocketModeReceiver) {
        // Awaited here: SocketModeReceiver.stop() returns before the socket is closed.
        await receiver.client.disconnect();
        return;
      }
      await app.stop();
    },
  };
}

/**
 * `npm start` with SLACK_BOT_TOKEN set: runs the Slack app until SIGINT or SIGTERM, then stops
 * taking requests and lets in-flight work finish.
 */
export async function runSlack(
  config: Config,
  runtime: { conversations: Conversations; advisor: Advisor },
  log: Logger,
): Promise<void> {
  if (!config.slack) throw new ConfigError(['Slack mode needs SLACK_BOT_TOKEN.']);
  // A long-running bot serves many people: one stray rejection in a dependency must not drop
  // every conversation. It is logged loudly instead.
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled promise rejection', { error: String((reason as Error)?.stack ?? reason) });
  });
  const slack = createSlackApp({
    settings: config.slack,
    port: config.port,
    conversations: runtime.conversations,
    advisor: runtime.advisor,
    history: new FileRecommendationLog(config.dataDir, log),
    log,
    logLevel: config.logLevel,
  });
  await slack.start();
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info('stopping', { signal });
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await slack.stop();
}
