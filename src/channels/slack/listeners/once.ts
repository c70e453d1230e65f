import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../../core/log.js';
import type { Deduplicator } from '../dedup.js';

/**
 * Global middleware: an event is processed once. Slack retries an event it thinks was not
 * received (X-Slack-Retry-Num over HTTP, retry_attempt in Socket Mode) with the same event_id;
 * Bolt acknowledges each delivery but does not deduplicate, so the repeat stops here. The id is
 * claimed on arrival, so a retry that overtakes a slow first delivery is dropped too.
 */
export function processOnce(dedup: Deduplicator, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      let first = true;
      try {
        first = await dedup.claim(`event:${eventId}`);
      } catch (error) {
        // Processing twice is better than not at all when the store is unreachable.
        log.error('could not check for a repeated event; processing it', { eventId, error: String(error) });
      }
      if (!first) {
        log.info('repeated event ignored', {
          eventId,
          retryNum: context.retryNum,
          retryReason: context.retryReason,
        });
        return;
      }
    }
    await next();
  };
}
