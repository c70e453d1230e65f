import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CustomRoute, HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../core/log.js';

/** Where Slack sends every request in HTTP mode: events, commands and interactivity. */
export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

/** Slack's replay window; Bolt rejects older requests, we also reject ones from the future. */
const MAX_SKEW_SECONDS = 5 * 60;

/** GET /healthz: 200 once the app is connected and listening, 503 before (and while stopping). */
export function healthRoute(isReady: () => boolean): CustomRoute {
  return {
    path: HEALTH_PATH,
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      const ready = isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status: ready ? 'ok' : 'starting' }));
    },
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
  now?: () => number;
}): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: EVENTS_PATH,
    customRoutes: [healthRoute(options.isReady)],
    logger: options.boltLogger,
    // Acknowledge on ack(), not when the listener finishes: the work happens after the response.
    processBeforeResponse: false,
  });
  rejectFutureTimestamps(receiver, options.log, options.now);
  return receiver;
}
