import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const TEAM = 'T0BENCH';
export const BOT_USER = 'U0BENCHBOT';
const BOT_ID = 'B0BENCHBOT';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API sends form fields (objects as JSON strings); the JSON body is accepted too. */
function field(body: string, contentType: string | undefined, name: string): string | undefined {
  if (contentType?.includes('application/json')) {
    const value = (JSON.parse(body || '{}') as Record<string, unknown>)[name];
    return value === undefined ? undefined : String(value);
  }
  return new URLSearchParams(body).get(name) ?? undefined;
}

/**
 * A fast stand-in for the Slack Web API on 127.0.0.1: it answers every method the apps call with
 * valid JSON at once and records nothing but how many messages each channel has received, so
 * the load generator can tell when a turn's replies have all been posted.
 */
export class FakeWebApi {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly posts = new Map<string, number>();
  private readonly waiters = new Map<string, { count: number; resolve: (at: number) => void }>();
  private nextTs = 1_700_000_000;
  port = 0;
  /** Calls per method, for the record. */
  readonly calls = new Map<string, number>();

  constructor() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The base URL to give an app as SLACK_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Messages posted to `channel` so far. */
  postedTo(channel: string): number {
    return this.posts.get(channel) ?? 0;
  }

  /**
   * Resolves with performance.now() at the moment `channel` has received `count` messages in
   * all. One waiter per channel: each conversation waits for one turn at a time.
   */
  waitForPosts(channel: string, count: number): Promise<number> {
    if (this.postedTo(channel) >= count) return Promise.resolve(performance.now());
    return new Promise((resolve) => this.waiters.set(channel, { count, resolve }));
  }

  /** Stops waiting for a channel (after a timeout). */
  forget(channel: string): void {
    this.waiters.delete(channel);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = req.url ?? '/';
    if (!url.startsWith('/api/')) {
      res.writeHead(404);
      res.end();
      return;
    }
    const method = url.slice('/api/'.length).split('?')[0] ?? '';
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    const contentType = req.headers['content-type'];
    const result = this.result(method, (name) => field(body, contentType, name));
    // A reply counts as posted when its request has arrived here, before it is answered.
    if (method === 'chat.postMessage' && typeof result.channel === 'string') this.posted(result.channel);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result));
  }

  private posted(channel: string): void {
    const count = this.postedTo(channel) + 1;
    this.posts.set(channel, count);
    const waiter = this.waiters.get(channel);
    if (waiter && count >= waiter.count) {
      this.waiters.delete(channel);
      waiter.resolve(performance.now());
    }
  }

  private result(method: string, arg: (name: string) => string | undefined): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          team_id: TEAM,
          team: 'Bench',
          user_id: BOT_USER,
          bot_id: BOT_ID,
          url: 'https://bench.slack.com/',
        };
      case 'chat.postMessage': {
        this.nextTs += 1;
        const ts = `${this.nextTs}.000100`;
        return { ok: true, channel: arg('channel'), ts, message: { ts, text: arg('text') } };
      }
      case 'chat.update':
        return { ok: true, channel: arg('channel'), ts: arg('ts') };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.nextTs}.000200` };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(arg('users')).split(',')[0]}` } };
      case 'views.publish':
      case 'views.open':
        return { ok: true, view: { id: 'V1' } };
      default:
        return { ok: true };
    }
  }
}
