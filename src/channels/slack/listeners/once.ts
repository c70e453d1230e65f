import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../../core/log.js';
import type { Deduplicator } from '../dedup.js';
import { turnId } from './context.js';

/**
 * A repeat of an event that another delivery (in this instance or another) has claimed but not
 * finished. It is not acknowledged: HTTP answers 503 and Socket Mode leaves the envelope
 * unacked, so Slack retries later, when the first delivery has either finished (the retry is then
 * dropped as a repeat) or died (its claim lapses and the retry does the work).
 */
export class EventInProgressError extends Error {
  /** Bolt passes errors with a code to app.error() unchanged. */
  readonly code = 'ftadvisor_event_in_progress';

  constructor(readonly eventId: string) {
    super(`event ${eventId} is being handled by an earlier delivery; Slack should retry it later`);
    this.name = 'EventInProgressError';
  }
}

/**
 * Global middleware, the fast path of "an event is processed once". Slack retries an event it
 * thinks was not received (X-Slack-Retry-Num over HTTP, retry_attempt in Socket Mode) with the
 * same event_id; Bolt does not deduplicate. The id is claimed on arrival and marked done once the
 * listeners have finished, that is once the turn is stored: the ack follows that
 * (docs/adr/0005-ack-after-persist.md). A repeat this record knows is dropped here, without a
 * store read. What it cannot know (it lives in memory, or its claim lapsed when an instance died)
 * is caught by the receipt stored with the turn itself (docs/adr/0006-turn-receipts.md).
 */
export function processOnce(dedup: Deduplicator, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string') {
      await next();
      return;
    }
    const id = turnId.event(eventId);
    let claim: Awaited<ReturnType<Deduplicator['claim']>> | 'unchecked';
    try {
      claim = await dedup.claim(id);
    } catch (error) {
      // Processing twice is better than not at all when the store is unreachable.
      log.error('could not check for a repeated event; processing it', { eventId, error: String(error) });
      claim = 'unchecked';
    }
    const retry = { eventId, retryNum: context.retryNum, retryReason: context.retryReason };
    if (claim === 'done') {
      log.info('repeated event ignored', retry);
      return;
    }
    if (claim === 'in-progress') {
      log.info('repeated event arrived while the first delivery is being handled; Slack will retry', retry);
      throw new EventInProgressError(eventId);
    }
    try {
      await next();
    } catch (error) {
      // Not stored: let Slack's retry do the work.
      if (claim === 'first') await dedup.release(id).catch(() => undefined);
      throw error;
    }
    if (claim === 'first') {
      await dedup.done(id).catch((error: unknown) => {
        // The turn is stored; a repeat may now run again once the lease lapses. Logged, not fatal.
        log.error('could not mark an event as handled', { eventId, error: String(error) });
      });
    }
  };
}
