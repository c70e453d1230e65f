import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { createSlackApp, type SlackApp, type StopReport } from '../../../../src/channels/slack/app';
import { type Deduplicator, MemoryDeduplicator } from '../../../../src/channels/slack/dedup';
import { MemoryRecommendationLog, type RecommendationLog } from '../../../../src/channels/slack/history';
import { Conversations } from '../../../../src/core/conversations';
import type { Logger } from '../../../../src/core/log';
import { MemorySessionStore, type SessionStore } from '../../../../src/core/store';
import { realAdvisor } from '../../../support/advisor';
import type { Call, FakeSlack, Wire } from './fake-slack';
import { type PostedMessage, TEAM } from './payloads';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const APP_TOKEN = 'xapp-test-app-token';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  context: Record<string, unknown>;
}

/** A logger that keeps what it is told, so tests can check failures are logged with context. */
export function memoryLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (message: string, context: Record<string, unknown> = {}) => {
      entries.push({ level, message, context });
    };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Slack's v0 signature over timestamp and body. */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface HttpResponse {
  status: number;
  body: string;
  /** From sending the request to receiving the response headers (the ack latency). */
  ms: number;
}

/** A raw HTTP request to the app on 127.0.0.1 (no keep-alive, so servers close promptly). */
export function send(
  port: number,
  options: { method?: string; path?: string; body?: string; headers?: Record<string, string> },
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/slack/events',
        headers: { connection: 'close', ...options.headers },
        agent: false,
      },
      (res) => {
        const ms = performance.now() - started;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export interface Signing {
  /** Seconds since the epoch to sign with; now by default. */
  timestamp?: number;
  secret?: string;
  retryNum?: number;
}

/** The headers Slack sends with a signed request. */
export function signedHeaders(
  body: string,
  contentType: string,
  signing: Signing = {},
): Record<string, string> {
  const timestamp = signing.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': sign(body, timestamp, signing.secret),
    ...(signing.retryNum !== undefined
      ? { 'x-slack-retry-num': String(signing.retryNum), 'x-slack-retry-reason': 'http_timeout' }
      : {}),
  };
}

export interface HarnessOptions {
  store?: SessionStore;
  history?: RecommendationLog;
  dedup?: Deduplicator;
  log?: Logger & { entries: LogEntry[] };
  shutdownTimeoutMs?: number;
  ackDeadlineMs?: number;
}

/** The real Bolt app, in HTTP mode on 127.0.0.1, with its Web API pointed at the fake. */
export class HttpHarness {
  readonly log: Logger & { entries: LogEntry[] };
  readonly store: SessionStore;
  readonly history: RecommendationLog;
  readonly conversations: Conversations;
  readonly slack: SlackApp;
  port = 0;
  private responses = 0;

  constructor(
    readonly fake: FakeSlack,
    options: HarnessOptions = {},
  ) {
    this.log = options.log ?? memoryLogger();
    this.store = options.store ?? new MemorySessionStore();
    this.history = options.history ?? new MemoryRecommendationLog();
    const advisor = realAdvisor();
    this.conversations = new Conversations(advisor, this.store, this.log);
    this.slack = createSlackApp({
      settings: {
        botToken: BOT_TOKEN,
        signingSecret: SIGNING_SECRET,
        appToken: undefined,
        apiUrl: fake.apiUrl,
      },
      port: 0,
      host: '127.0.0.1',
      conversations: this.conversations,
      advisor,
      history: this.history,
      log: this.log,
      dedup: options.dedup ?? new MemoryDeduplicator(),
      // Tests must not wait out real back-off delays.
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 1 },
      ...(options.shutdownTimeoutMs !== undefined ? { shutdownTimeoutMs: options.shutdownTimeoutMs } : {}),
      ...(options.ackDeadlineMs !== undefined ? { ackDeadlineMs: options.ackDeadlineMs } : {}),
    });
  }

  async start(): Promise<this> {
    const running = await this.slack.start();
    this.port = running.port ?? 0;
    return this;
  }

  /** A graceful stop: requests in flight finish, then the replies still being posted. */
  stop(): Promise<StopReport> {
    return this.slack.stop();
  }

  /** A response_url on the fake, unique per use. */
  responseUrl(): string {
    this.responses += 1;
    return this.fake.responseUrl(`r${this.responses}`);
  }

  /** Sends an event_callback body (see payloads.eventCallback). */
  postEvent(body: object, signing?: Signing): Promise<HttpResponse> {
    const json = JSON.stringify(body);
    return send(this.port, { body: json, headers: signedHeaders(json, 'application/json', signing) });
  }

  postCommand(fields: Record<string, string>, signing?: Signing): Promise<HttpResponse> {
    const form = new URLSearchParams(fields).toString();
    return send(this.port, {
      body: form,
      headers: signedHeaders(form, 'application/x-www-form-urlencoded', signing),
    });
  }

  postInteraction(payload: object, signing?: Signing): Promise<HttpResponse> {
    const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return send(this.port, {
      body: form,
      headers: signedHeaders(form, 'application/x-www-form-urlencoded', signing),
    });
  }

  /** A raw body, signed as given (malformed JSON, odd content types). */
  postRaw(body: string, contentType: string, signing?: Signing): Promise<HttpResponse> {
    return send(this.port, { body, headers: signedHeaders(body, contentType, signing) });
  }
}

/** The message a chat.postMessage call posted, to click its buttons. */
export function posted(call: Call): PostedMessage {
  return {
    channel: call.args.channel,
    ts: call.args.ts,
    ...(call.args.thread_ts ? { thread_ts: call.args.thread_ts } : {}),
    text: call.args.text,
    blocks: call.args.blocks ?? [],
  };
}

/** The message a response_url post carried; it is ephemeral, so clicks come back without its blocks. */
export function ephemeral(call: Call, channel: string): PostedMessage {
  return {
    channel,
    text: call.args.text,
    blocks: call.args.blocks ?? [],
    ephemeral: true,
  };
}

export const SPECIAL_MENTION = /<!(channel|here|everyone|subteam\^)/;

function textsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) textsOf(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) textsOf(item, into);
  return into;
}

/**
 * Slack's limits and our promises, checked on every message the app sent: top-level text set,
 * at most 50 blocks (100 in a view), sections within 3,000 characters, buttons within 75, well
 * under 12k characters of blocks, and nothing that could ping a channel or a group.
 */
export function limitProblems(call: Call): string[] {
  const problems: string[] = [];
  const where = `${call.method}${call.responseId ? ` ${call.responseId}` : ''}`;
  const isView = call.method === 'views.publish' || call.method === 'views.open';
  const message = isView ? call.args.view : call.args;
  if (!message) return problems;
  const blocks: Wire[] = message.blocks ?? [];
  const isMessage = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url'].includes(
    call.method,
  );
  if (isMessage && (typeof message.text !== 'string' || message.text.trim() === ''))
    problems.push(`${where}: no top-level text`);
  const maxBlocks = call.method === 'views.publish' ? 100 : 50;
  if (blocks.length > maxBlocks) problems.push(`${where}: ${blocks.length} blocks`);
  if (isMessage && JSON.stringify(blocks).length > 12_000)
    problems.push(`${where}: ${JSON.stringify(blocks).length} characters of blocks`);
  for (const block of blocks) {
    if (block.type === 'section' && block.text?.text.length > 3000)
      problems.push(`${where}: section over 3000`);
    if (block.type === 'header' && block.text?.text.length > 150) problems.push(`${where}: header over 150`);
    for (const button of buttonsIn(block)) {
      if (button.text.text.length > 75) problems.push(`${where}: button text over 75`);
      if ((button.value ?? '').length > 2000) problems.push(`${where}: button value over 2000`);
    }
  }
  for (const text of textsOf(message)) {
    if (SPECIAL_MENTION.test(text)) problems.push(`${where}: special mention in "${text.slice(0, 80)}"`);
  }
  if (message.link_names === true || message.link_names === 'true' || message.parse === 'full')
    problems.push(`${where}: asks Slack to link names`);
  return problems;
}

function buttonsIn(block: Wire): Wire[] {
  if (block.type === 'actions') return block.elements.filter((element: Wire) => element.type === 'button');
  if (block.accessory?.type === 'button') return [block.accessory];
  return [];
}

export { TEAM };
