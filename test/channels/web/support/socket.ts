import WebSocket from 'ws';

/** A websocket client for tests: send JSON, await the next message with a bounded wait. */
export class TestSocket {
  private readonly received: Record<string, unknown>[] = [];
  private readonly waiters: ((message: Record<string, unknown>) => void)[] = [];
  readonly closed: Promise<{ code: number }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else this.received.push(message);
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve({ code })));
  }

  /** Opens a socket as the chat page would (same Origin as the server), unless told otherwise. */
  static open(url: string, options: { origin?: string | null; host?: string } = {}): Promise<TestSocket> {
    const origin = options.origin === undefined ? new URL(url).origin : options.origin;
    const headers: Record<string, string> = {};
    if (options.host) headers.Host = options.host;
    const socket = new WebSocket(url.replace(/^http/, 'ws'), {
      ...(origin === null ? {} : { origin }),
      headers,
      handshakeTimeout: 5000,
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new TestSocket(socket)));
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`handshake refused: ${response.statusCode}`)),
      );
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  next(timeoutMs = 5000): Promise<Record<string, unknown>> {
    const ready = this.received.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiter = (message: Record<string, unknown>) => {
        clearTimeout(timer);
        resolve(message);
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no message from the server within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Nothing more arrives within `ms`. */
  async quiet(ms = 300): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (this.received.length > 0) throw new Error(`unexpected message: ${JSON.stringify(this.received[0])}`);
  }

  /** The close code, once the server has closed the connection; fails after `timeoutMs`. */
  closedWithin(timeoutMs = 5000): Promise<{ code: number }> {
    return within(this.closed, timeoutMs, 'the server did not close the connection');
  }

  close(): Promise<{ code: number }> {
    this.socket.terminate();
    return this.closed;
  }
}

/** `promise`, or a rejection naming what did not happen within `timeoutMs`. */
export function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
