import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  type CustomRoute,
  HTTPModuleFunctions,
  HTTPReceiver,
  type ReceiverProcessEventErrorHandlerArgs,
} from '@slack/bolt';
import type { Logger } from '../../core/log.js';
import { EventInProgressError } from './listeners/once.js';

/** Where Slack sends every request in HTTP mode: events, commands and interactivity. */
export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

/** Slack's replay window; Bolt rejects older requests, we also reject ones from the future. */
const MAX_SKEW_SECONDS = 5 * 60;

/** Where the app is in its life: only 'ok' takes Slack requests. */
export type AppStatus = 'starting' | 'ok' | 'stopping';

/** GET /healthz: 200 once the app is connected and listening, 503 before and while stopping. */
export function healthRoute(isReady: () => boolean, isStopping: () => boolean = () => false): CustomRoute {
  return {
    path: HEALTH_PATH,
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      const status: AppStatus = isReady() ? 'ok' : isStopping() ? 'stopping' : 'starting';
      res.writeHead(status === 'ok' ? 200 : 503, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify({ status }));
    },
  };
}

/**
 * The requests an HTTP receiver is serving, for a graceful stop: the server stops taking
 * connections, the requests already being read finish (their turns stored, their responses
 * sent), and their connections close instead of staying alive for more.
 */
export class HttpRequests {
  private readonly open = new Set<ServerResponse>();

  constructor(
    receiver: HTTPReceiver,
    private readonly isStopping: () => boolean,
    private readonly log: Logger,
  ) {
    const inner = receiver.requestListener;
    receiver.requestListener = (req, res) => {
      if (this.isStopping()) {
        res.setHeader('connection', 'close');
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        if (req.method === 'POST' && path === EVENTS_PATH) {
          // A request on a connection kept alive from before the stop: Slack retries events
          // (another instance takes them), and nothing is half done.
          this.log.info('refused a Slack request: stopping', {});
          res.writeHead(503, { 'retry-after': '1' });
          res.end();
          req.resume();
          return;
        }
      }
      this.open.add(res);
      res.once('close', () => this.open.delete(res));
      inner(req, res);
    };
  }

  /** Requests being served now. */
  get inFlight(): number {
    return this.open.size;
  }

  /**
   * Closes the server: new connections are refused at once, idle ones closed, and each request
   * in flight finishes and then closes its connection. After `timeoutMs` the connections left are
   * cut. Resolves when the server has closed, with what was in flight when the stop began.
   */
  close(server: Server, timeoutMs: number): Promise<{ inFlight: number; cut: boolean }> {
    const inFlight = this.open.size;
    for (const res of this.open) if (!res.headersSent) res.setHeader('connection', 'close');
    return new Promise((resolve) => {
      let cut = false;
      const timer = setTimeout(() => {
        cut = true;
        this.log.warn('requests still open at the shutdown deadline; closing their connections', {
          open: this.open.size,
          timeoutMs,
        });
        server.closeAllConnections();
      }, timeoutMs);
      server.close(() => {
        clearTimeout(timer);
        resolve({ inFlight, cut });
      });
    });
  }
}

/**
 * A repeat of an event still being handled by its first delivery answers 503 (Slack retries it
 * later); everything else is Bolt's default (500 for an unexpected error).
 */
export function processEventError(log: Logger) {
  return async (args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    if (args.error instanceof EventInProgressError && !args.response.headersSent) {
      log.info('answered 503 to a repeat of an event in progress', { eventId: args.error.eventId });
      args.response.writeHead(503);
      args.response.end();
      return true;
    }
    return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
  };
}

/**
 * Bolt verifies the signature and rejects timestamps more than five minutes old, but accepts any
 * timestamp in the future. A request signed with a future timestamp could be replayed until that
 * time, so it is refused here, before Bolt reads it.
 */
export function rejectFutureTimestamps(
  receiver: HTTPReceiver,
  log: Logger,
  now: () => number = Date.now,
): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const raw = req.headers['x-slack-request-timestamp'];
    const timestamp = Number(Array.isArray(raw) ? raw[0] : raw);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (
      req.method === 'POST' &&
      path === EVENTS_PATH &&
      Number.isFinite(timestamp) &&
      timestamp > now() / 1000 + MAX_SKEW_SECONDS
    ) {
      log.warn('rejected a Slack request timestamped in the future', {
        timestamp,
        aheadSeconds: Math.round(timestamp - now() / 1000),
      });
      res.writeHead(401, { connection: 'close' });
      res.end();
      req.resume();
      return;
    }
    inner(req, res);
  };
}

/** The HTTP receiver: all Slack requests at POST /slack/events, plus the health route. */
export function createHttpReceiver(options: {
  signingSecret: string;
  log: Logger;
  boltLogger: ConstructorParameters<typeof HTTPReceiver>[0]['logger'];
  isReady: () => boolean;
  isStopping?: () => boolean;
  /**
   * Answer when the listeners have finished rather than when they call ack(). The advisor's
   * listeners finish once the turn is stored and post afterwards, so with this the response
   * means "stored" (docs/adr/0005-ack-after-persist.md).
   */
  processBeforeResponse?: boolean;
  now?: () => number;
}): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: EVENTS_PATH,
    customRoutes: [healthRoute(options.isReady, options.isStopping)],
    logger: options.boltLogger,
    processBeforeResponse: options.processBeforeResponse ?? false,
    processEventErrorHandler: processEventError(options.log),
  });
  rejectFutureTimestamps(receiver, options.log, options.now);
  return receiver;
}
