import type { App, ReceiverEvent, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../core/log.js';

/**
 * Socket Mode with the contract HTTP gets from `processBeforeResponse`: an envelope is
 * acknowledged when its listeners have finished (the turn stored), not when ack() is called.
 * Bolt's SocketModeReceiver sends the ack inside ack(), so this sits between the receiver and
 * the app: ack() only records the response, and the real ack follows processEvent. An envelope
 * whose processing fails is left unacknowledged, so Slack delivers it again.
 *
 * It also lets a shutdown stop taking envelopes (Slack redelivers those it sends meanwhile) and
 * wait for the ones in flight, whose acks need the socket still open.
 */
export class AckAfterProcessing {
  private accepting = true;
  private readonly working = new Set<Promise<void>>();

  constructor(
    receiver: SocketModeReceiver,
    private readonly log: Logger,
  ) {
    // Bolt's App calls receiver.init(app) in its constructor; the receiver only ever calls the
    // app's processEvent, so it gets a stand-in that defers the ack.
    const init = receiver.init.bind(receiver);
    receiver.init = (app: App) => {
      const deferring = { processEvent: (event: ReceiverEvent) => this.process(app, event) };
      init(deferring as unknown as App);
    };
  }

  private process(app: App, event: ReceiverEvent): Promise<void> {
    if (!this.accepting) {
      this.log.info('stopping: left an envelope unacknowledged for Slack to deliver again', {
        type: (event.body as { type?: unknown }).type,
      });
      return Promise.resolve();
    }
    const work = this.deliver(app, event);
    this.working.add(work);
    const forget = () => this.working.delete(work);
    work.then(forget, forget);
    return work;
  }

  private async deliver(app: App, event: ReceiverEvent): Promise<void> {
    let response: { body: unknown } | null = null;
    // Rejections reach the receiver's error handler, which does not ack: Slack delivers again.
    await app.processEvent({
      ...event,
      ack: async (body?: unknown) => {
        response ??= { body };
      },
    });
    const stored = response as { body: unknown } | null;
    if (stored) await event.ack(stored.body);
  }

  /** Envelopes being processed now. */
  get inFlight(): number {
    return this.working.size;
  }

  /** From now on, envelopes are left for Slack to deliver again (to another connection). */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Resolves when every envelope taken so far has been processed and acknowledged. */
  async drain(): Promise<void> {
    while (this.working.size > 0) await Promise.allSettled([...this.working]);
  }
}
