import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { BOT_ID, BOT_USER, TEAM } from './payloads';

/**
 * JSON as it crossed the wire. Tests index into it freely; the assertions that read it are what
 * check its shape.
 */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON, checked by the assertions that read it
export type Wire = any;

/** One call the app made: a Web API method, or a POST to a response_url. */
export interface Call {
  /** The Web API method ("chat.postMessage"), or "response_url". */
  method: string;
  args: Record<string, Wire>;
  /** For response_url posts: which one. */
  responseId?: string;
  /** The bearer token the call carried. */
  token?: string;
  /** Completed: the fake has answered it (false while held). */
  answered: boolean;
}

/** How the next call to a method fails. */
export type Failure =
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'error'; error: string }
  | { kind: 'http'; status: number };

/** A Socket Mode envelope sent to the app, and the ack it got back. */
export interface Envelope {
  envelope_id: string;
  type: 'events_api' | 'slash_commands' | 'interactive';
  payload: unknown;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API sends form fields, with objects (blocks, view) as JSON strings. */
function parseArgs(body: string, contentType: string | undefined): Record<string, Wire> {
  if (contentType?.includes('application/json')) return body ? JSON.parse(body) : {};
  const args: Record<string, Wire> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (/^[[{]/.test(value)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all: keep the string
      }
    }
    args[key] = value;
  }
  return args;
}

/**
 * A local stand-in for Slack on 127.0.0.1: the Web API under /api/, response_urls under
 * /respond/<id>, and a Socket Mode websocket at /socket. It records every call, answers like Slack
 * does, and can be told to fail or hold a method, so tests see exactly what the app sent.
 */
export class FakeSlack {
  readonly calls: Call[] = [];
  private readonly events = new EventEmitter();
  private readonly failures = new Map<string, Failure[]>();
  private readonly holds = new Map<string, { gate: Promise<void>; open: () => void }>();
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<WebSocket>();
  private readonly acks = new Map<string, (payload: unknown) => void>();
  private nextTs = 1_700_000_000;
  private envelopes = 0;
  private files = 0;
  port = 0;
  /** apps.connections.open calls: each returns a fresh socket URL. */
  connectionsOpened = 0;

  constructor() {
    this.events.setMaxListeners(100);
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The Web API base URL to give the app as SLACK_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  /** The next `times` calls to `method` fail this way. */
  fail(method: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Calls to `method` are recorded but not answered until the returned function is called. */
  hold(method: string): () => void {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const release = () => {
      this.holds.delete(method);
      open();
    };
    this.holds.set(method, { gate, open: release });
    return release;
  }

  callsTo(method: string): Call[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Waits until a recorded call satisfies `predicate`; fails with what was seen if none does in time. */
  waitFor(what: string, predicate: (call: Call) => boolean, timeoutMs = 10_000): Promise<Call> {
    const found = this.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (call: Call) => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.events.off('call', onCall);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.events.off('call', onCall);
        const seen = this.calls.map((call) => `${call.method} ${String(call.args.text ?? '').slice(0, 60)}`);
        reject(new Error(`timed out waiting for ${what}; calls so far:\n${seen.join('\n')}`));
      }, timeoutMs);
      this.events.on('call', onCall);
    });
  }

  /** Waits until `count` calls satisfy `predicate` (counting those already made). */
  async waitForCount(what: string, predicate: (call: Call) => boolean, count: number): Promise<Call[]> {
    let seen = 0;
    await this.waitFor(`${what} (${count})`, (call) => {
      if (predicate(call)) seen += 1;
      return seen >= count;
    });
    return this.calls.filter(predicate);
  }

  private record(call: Call): void {
    this.calls.push(call);
    this.events.emit('call', call);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    if (url.pathname.startsWith('/respond/')) {
      const call: Call = {
        method: 'response_url',
        responseId: url.pathname.slice('/respond/'.length),
        args: body ? JSON.parse(body) : {},
        answered: false,
      };
      await this.answer(call, res, () => ({ status: 200, body: 'ok', json: false }));
      return;
    }
    if (url.pathname.startsWith('/upload/')) {
      // Where files.getUploadURLExternal told the client to send a file's bytes.
      const call: Call = {
        method: 'file_upload',
        args: { file_id: url.pathname.slice('/upload/'.length), content: body },
        answered: false,
      };
      await this.answer(call, res, () => ({ status: 200, body: 'OK', json: false }));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const auth = req.headers.authorization;
      const call: Call = {
        method,
        args: parseArgs(body, req.headers['content-type']),
        ...(auth ? { token: auth.replace(/^Bearer /, '') } : {}),
        answered: false,
      };
      await this.answer(call, res, () => ({ status: 200, body: this.methodResult(call), json: true }));
      return;
    }
    res.writeHead(404);
    res.end();
  }

  private async answer(
    call: Call,
    res: ServerResponse,
    success: () => { status: number; body: unknown; json: boolean },
  ): Promise<void> {
    this.record(call);
    const held = this.holds.get(call.method);
    if (held) await held.gate;
    const failure = this.failures.get(call.method)?.shift();
    call.answered = true;
    if (failure?.kind === 'rate-limited') {
      res.writeHead(429, { 'retry-after': String(failure.retryAfterSeconds) });
      res.end();
      return;
    }
    if (failure?.kind === 'http') {
      res.writeHead(failure.status);
      res.end();
      return;
    }
    if (failure?.kind === 'error') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: failure.error }));
      return;
    }
    const result = success();
    res.writeHead(result.status, { 'content-type': result.json ? 'application/json' : 'text/plain' });
    res.end(result.json ? JSON.stringify(result.body) : String(result.body));
  }

  private methodResult(call: Call): Record<string, unknown> {
    const { args } = call;
    switch (call.method) {
      case 'auth.test':
        return {
          ok: true,
          team_id: TEAM,
          team: 'Test',
          user_id: BOT_USER,
          bot_id: BOT_ID,
          url: 'https://test.slack.com/',
        };
      case 'chat.postMessage': {
        this.nextTs += 1;
        const ts = `${this.nextTs}.000100`;
        call.args = { ...args, ts };
        return { ok: true, channel: args.channel, ts, message: { ts, text: args.text } };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.nextTs}.000200` };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).split(',')[0]}` } };
      case 'views.publish':
      case 'views.open':
        return { ok: true, view: { id: 'V1', ...(args.view ?? {}) } };
      case 'files.getUploadURLExternal': {
        this.files += 1;
        const id = `F0FILE${this.files}`;
        call.args = { ...args, file_id: id };
        return { ok: true, file_id: id, upload_url: `http://127.0.0.1:${this.port}/upload/${id}` };
      }
      case 'files.completeUploadExternal':
        return {
          ok: true,
          files: (Array.isArray(args.files) ? args.files : []).map((file: Wire) => ({ ...file })),
        };
      case 'apps.connections.open':
        this.connectionsOpened += 1;
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${this.connectionsOpened}` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  // ---- Socket Mode ------------------------------------------------------------------------------

  private onSocket(ws: WebSocket): void {
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) this.acks.get(message.envelope_id)?.(message.payload ?? {});
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake-slack', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0APP' },
      }),
    );
  }

  get socketClients(): number {
    return this.clients.size;
  }

  /** Sends an envelope over the app's socket; resolves with the ack's payload, fails without one in `timeoutMs`. */
  sendEnvelope(
    envelope: Omit<Envelope, 'envelope_id'> & { envelope_id?: string },
    timeoutMs = 10_000,
  ): Promise<unknown> {
    const [client] = this.clients;
    if (!client) return Promise.reject(new Error('no Socket Mode client is connected'));
    this.envelopes += 1;
    const id = envelope.envelope_id ?? `env-${this.envelopes}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`no ack for envelope ${id}`));
      }, timeoutMs);
      this.acks.set(id, (payload) => {
        clearTimeout(timer);
        this.acks.delete(id);
        resolve(payload);
      });
      client.send(JSON.stringify({ ...envelope, envelope_id: id }));
    });
  }

  async close(): Promise<void> {
    for (const hold of [...this.holds.values()]) hold.open();
    for (const client of this.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
