import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  App,
  type HTTPReceiver,
  SocketModeReceiver,
  type SocketModeReceiverProcessEventErrorHandlerArgs,
  defaultProcessEventErrorHandler as socketModeDefaultErrorHandler,
  type webApi,
} from '@slack/bolt';
import { type Config, ConfigError } from '../../config.js';
import type { Advisor } from '../../core/advisor.js';
import type { Conversations } from '../../core/conversations.js';
import type { Logger } from '../../core/log.js';
import type { Runtime } from '../../runtime.js';
import { BackgroundTasks } from './background.js';
import { boltLevel, boltLogger } from './bolt-logger.js';
import { type Deduplicator, MemoryDeduplicator } from './dedup.js';
import { DmDirectory } from './dm-directory.js';
import type { RecommendationLog } from './history.js';
import { registerListeners } from './listeners/index.js';
import { EventInProgressError } from './listeners/once.js';
import { describeSlackError } from './outlet.js';
import { type AppStatus, createHttpReceiver, EVENTS_PATH, HEALTH_PATH, HttpRequests } from './receiver.js';
import { SlackAdvisor } from './service.js';
import { AckAfterProcessing } from './socket.js';

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
  /** How long stop() waits for requests in flight and for replies still being posted. */
  shutdownTimeoutMs?: number;
  /** See ACK_DEADLINE_MS in service.ts. */
  ackDeadlineMs?: number;
}

/** A graceful stop waits this long at most, then lets go of what is left (and logs it). */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

export interface RunningSlackApp {
  mode: 'socket' | 'http';
  /** HTTP mode: the port actually listened on. */
  port?: number;
}

/** What a graceful stop found and left. */
export interface StopReport {
  /** HTTP requests being served, or Socket Mode envelopes being processed, when the stop began. */
  inFlight: number;
  /** Replies and other posts still running when the stop began. */
  background: number;
  /** Background work given up at the deadline (0 when everything finished). */
  abandoned: number;
  ms: number;
}

export interface SlackApp {
  readonly app: App;
  readonly mode: 'socket' | 'http';
  readonly ready: boolean;
  readonly status: AppStatus;
  /** The work requests left to do after their acks (posting replies and the like). */
  readonly background: BackgroundTasks;
  start(): Promise<RunningSlackApp>;
  /**
   * Stops gracefully: /healthz answers 503, no new requests are taken, those in flight finish
   * (their turns stored, their acks sent), then the posts they started, within the shutdown
   * timeout. Calling it again returns the same stop.
   */
  stop(): Promise<StopReport>;
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

/** Resolves with `work`'s value, or with `fallback` after `ms`. */
async function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Bolt app: Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), otherwise HTTP on
 * PORT with every Slack request at POST /slack/events and GET /healthz for load balancers. Either
 * way a request is acknowledged once its turn is stored, and its replies are posted after
 * (docs/adr/0005-ack-after-persist.md).
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
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  let status: AppStatus = 'starting';
  const mode = settings.appToken ? 'socket' : 'http';
  let receiver: HTTPReceiver | SocketModeReceiver;
  let socketAcks: AckAfterProcessing | null = null;
  let requests: HttpRequests | null = null;
  let server: Server | null = null;
  if (settings.appToken) {
    receiver = new SocketModeReceiver({
      appToken: settings.appToken,
      logger,
      // The Socket Mode client calls apps.connections.open through its own Web API client.
      installerOptions: { clientOptions: { ...clientOptions } },
      processEventErrorHandler: async (args: SocketModeReceiverProcessEventErrorHandlerArgs) => {
        if (args.error instanceof EventInProgressError) return false; // unacked: Slack delivers again
        return socketModeDefaultErrorHandler(args);
      },
    });
    socketAcks = new AckAfterProcessing(receiver, log);
  } else {
    if (!settings.signingSecret) {
      throw new ConfigError([
        'HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode).',
      ]);
    }
    const http = createHttpReceiver({
      signingSecret: settings.signingSecret,
      log,
      boltLogger: logger,
      isReady: () => status === 'ok',
      isStopping: () => status === 'stopping',
      processBeforeResponse: true,
    });
    requests = new HttpRequests(http, () => status === 'stopping', log);
    receiver = http;
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

  const background = new BackgroundTasks(log);
  const slack = new SlackAdvisor({
    conversations: options.conversations,
    advisor: options.advisor,
    history: options.history,
    dedup: options.dedup ?? new MemoryDeduplicator(),
    dms: new DmDirectory(),
    tasks: background,
    log,
    ...(options.ackDeadlineMs !== undefined ? { ackDeadlineMs: options.ackDeadlineMs } : {}),
  });
  registerListeners(app, slack);
  // Every listener catches its own errors; this is the last line for anything Bolt raises itself.
  app.error(async (error) => {
    // Not a failure: the receivers answer it so that Slack delivers the event again later.
    if (error instanceof EventInProgressError) throw error;
    log.error('slack app error', { code: error.code, error: String(error.stack ?? error) });
  });

  /** Stops taking requests and lets those in flight finish; how many there were. */
  async function stopTaking(deadline: number): Promise<number> {
    if (socketAcks && receiver instanceof SocketModeReceiver) {
      socketAcks.stopAccepting();
      const inFlight = socketAcks.inFlight;
      // Their acks need the socket: it closes only after them.
      await within(socketAcks.drain(), deadline - Date.now(), undefined);
      // Awaited here: SocketModeReceiver.stop() returns before the socket is closed.
      await receiver.client.disconnect();
      return inFlight;
    }
    if (!requests || !server) return 0;
    const closing = requests.close(server, Math.max(0, deadline - Date.now()));
    log.info('stopped taking Slack requests', { inFlight: requests.inFlight });
    return (await closing).inFlight;
  }

  let stopping: Promise<StopReport> | null = null;
  async function stop(): Promise<StopReport> {
    const started = Date.now();
    const deadline = started + shutdownTimeoutMs;
    status = 'stopping';
    const inFlight = await stopTaking(deadline);
    // Turns started by requests acknowledged at their deadline (settle) are tracked there too.
    await within(options.conversations.drain(), deadline - Date.now(), undefined);
    const pending = background.size;
    const abandoned = await background.drain(deadline - Date.now());
    if (abandoned > 0) {
      log.warn('stopped with replies still being posted', { abandoned, timeoutMs: shutdownTimeoutMs });
    }
    return { inFlight, background: pending, abandoned, ms: Date.now() - started };
  }

  return {
    app,
    mode,
    background,
    get ready() {
      return status === 'ok';
    },
    get status() {
      return status;
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
        status = 'ok';
        log.info('slack app connected (Socket Mode)', {});
        return { mode };
      }
      server = (await app.start(
        options.host ? { port: options.port, host: options.host } : options.port,
      )) as Server;
      const port = (server.address() as AddressInfo).port;
      status = 'ok';
      log.info('slack app listening (HTTP mode)', { port, events: EVENTS_PATH, health: HEALTH_PATH });
      return { mode, port };
    },
    stop() {
      stopping ??= stop();
      return stopping;
    },
  };
}

/** The signals that stop the app gracefully; a second one stops it at once. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * `npm start` with SLACK_BOT_TOKEN set: runs the Slack app until SIGINT or SIGTERM, then stops
 * gracefully (see SlackApp.stop); main.ts closes the storage. With REDIS_URL, delivery claims
 * and the recommendation history live in Redis, so several instances can serve one app;
 * otherwise in memory and under ADVISOR_DATA_DIR.
 */
export async function runSlack(
  config: Config,
  runtime: Pick<Runtime, 'conversations' | 'advisor' | 'storage' | 'ready'>,
  log: Logger,
): Promise<void> {
  if (!config.slack) throw new ConfigError(['Slack mode needs SLACK_BOT_TOKEN.']);
  // A long-running bot serves many people: one stray rejection in a dependency must not drop
  // every conversation. It is logged loudly instead.
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled promise rejection', { error: String((reason as Error)?.stack ?? reason) });
  });
  // Redis with REDIS_URL (several instances), else this process and its data directory.
  const state = runtime.storage.slack();
  const slack = createSlackApp({
    settings: config.slack,
    port: config.port,
    conversations: runtime.conversations,
    advisor: runtime.advisor,
    history: state.history,
    dedup: state.dedup,
    log,
    logLevel: config.logLevel,
  });
  await slack.start();
  runtime.ready();
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const first = (name: NodeJS.Signals) => {
      for (const other of STOP_SIGNALS) process.off(other, first);
      resolve(name);
    };
    for (const name of STOP_SIGNALS) process.on(name, first);
  });
  log.info('stopping', { signal });
  const now = (second: NodeJS.Signals) => {
    log.warn('stopping at once (second signal)', { signal: second });
    process.exit(1);
  };
  for (const name of STOP_SIGNALS) process.once(name, now);
  const report = await slack.stop();
  log.info('stopped', { ...report });
}
