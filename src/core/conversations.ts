import type { Advisor } from './advisor.js';
import { KeyedQueue } from './keyed-queue.js';
import type { Logger } from './log.js';
import { type SessionStore, StoreCorruptError, StoreUnavailableError } from './store.js';
import type { Receipt, Reply, Session, StoredConversation, TurnInput } from './types.js';

/**
 * How many receipts a conversation keeps, and for how long. Slack retries an unacknowledged
 * event about at once, after a minute and after five minutes, and Socket Mode redelivers within
 * that time too; an hour and the latest 10 turns cover every retry with room to spare, while
 * keeping the stored record a few kilobytes.
 */
export const RECEIPTS_KEPT = 10;
export const RECEIPT_TTL_MS = 60 * 60 * 1000;
/**
 * How many of them keep their replies. Replies are most of a record's size (a recommendation is
 * a few kilobytes; ten of them would make a 1 KB session a 30 KB file, read and written every
 * turn), and a retry is almost always of one of the latest turns: turns of a conversation run
 * one at a time, so what a crash leaves unacknowledged is its newest turn, and Slack's retries
 * come within minutes. An older repeat is still recognised and changes nothing; it is answered
 * with nothing.
 */
export const RECEIPT_REPLIES_KEPT = 3;

/** What a turn gave: the replies, and whether they are those of a turn stored earlier. */
export interface TurnOutcome {
  replies: Reply[];
  /** The id was already stored: nothing changed, and `replies` are the stored ones. */
  repeat: boolean;
}

/** The receipts still worth keeping after `added`, newest last. */
function keep(receipts: Receipt[] | undefined, added: Receipt, now: Date): Receipt[] {
  const oldest = now.getTime() - RECEIPT_TTL_MS;
  const kept = [...(receipts ?? []).filter((receipt) => Date.parse(receipt.at) >= oldest), added].slice(
    -RECEIPTS_KEPT,
  );
  return kept.map((receipt, index) =>
    index >= kept.length - RECEIPT_REPLIES_KEPT || receipt.replies === undefined
      ? receipt
      : { id: receipt.id, at: receipt.at },
  );
}

/**
 * Runs turns against stored sessions: load, advise, save. Turns of one conversation run one at a
 * time (in this process), so two quick messages never overwrite each other's answers. A turn
 * given an id is applied once: the id and the replies are stored with the session, in the same
 * write, and a second turn with that id changes nothing and gets the stored replies.
 */
export class Conversations {
  private readonly queue = new KeyedQueue();

  constructor(
    readonly advisor: Advisor,
    private readonly store: SessionStore,
    private readonly log: Logger,
  ) {}

  handle(key: string, input: TurnInput, now = new Date()): Promise<Reply[]> {
    return this.queue.run(key, async () => (await this.turn(key, input, now, undefined)).replies);
  }

  /** A turn produced by something that may be delivered again (a Slack event, a click): applied once. */
  handleOnce(key: string, id: string, input: TurnInput, now = new Date()): Promise<TurnOutcome> {
    return this.queue.run(key, () => this.turn(key, input, now, id));
  }

  /** Resolves once every turn already started has been stored: for a graceful shutdown. */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /** The stored session, for surfaces that show state (status, App Home). */
  async peek(key: string): Promise<Session | null> {
    try {
      return (await this.store.load(key))?.session ?? null;
    } catch (error) {
      this.log.warn('could not read a conversation', { key, error: String(error) });
      return null;
    }
  }

  private async turn(key: string, input: TurnInput, now: Date, id: string | undefined): Promise<TurnOutcome> {
    const notices: Reply[] = [];
    let replies: Reply[] | null = null;
    let repeat = false;
    // Runs inside the store's update, possibly more than once (a shared store re-runs it on a
    // newer record), so it decides from `current` alone.
    const change = (current: StoredConversation | null): StoredConversation => {
      const seen = id === undefined ? undefined : current?.receipts?.find((receipt) => receipt.id === id);
      if (current && seen) {
        replies = seen.replies ?? [];
        repeat = true;
        return current;
      }
      const result = this.advisor.handleTurn(current?.session ?? null, input, now);
      replies = result.replies;
      repeat = false;
      if (id === undefined) {
        return current?.receipts
          ? { session: result.session, receipts: current.receipts }
          : { session: result.session };
      }
      const receipt: Receipt = { id, at: now.toISOString(), replies: result.replies };
      return { session: result.session, receipts: keep(current?.receipts, receipt, now) };
    };
    try {
      try {
        await this.store.update(key, change);
      } catch (error) {
        if (!(error instanceof StoreCorruptError)) throw error;
        // The damaged record has been moved aside; the conversation starts again.
        this.log.error('stored conversation is damaged; starting a new one', {
          key,
          file: error.location,
          keptAt: error.keptAt,
        });
        notices.push(
          this.notice(
            'I could not read our earlier conversation (its saved copy is damaged), so we are starting fresh. The damaged copy was kept for the operator.',
          ),
        );
        await this.store.update(key, change);
      }
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (replies === null) {
        // Answering without the stored conversation would overwrite it later: say so and stop.
        this.log.error('cannot read the conversation store', { key, error: error.message });
        return {
          replies: [
            this.notice(
              'I cannot reach my saved conversations right now, so I did not take in that message. Please try again in a moment; if it keeps happening, tell the person who runs me.',
            ),
          ],
          repeat: false,
        };
      }
      this.log.error('could not save the conversation', { key, error: error.message });
      notices.push(
        this.notice(
          'I could not save this step of our conversation (the server cannot write its data), so I may not remember it next time. Please tell the person who runs me.',
        ),
      );
      return { replies: [...(replies as Reply[]), ...notices], repeat: false };
    }
    if (repeat)
      this.log.info('a repeated turn was recognised; nothing changed', {
        key,
        id,
        replies: (replies as Reply[] | null)?.length ?? 0,
      });
    return { replies: [...notices, ...((replies as Reply[] | null) ?? [])], repeat };
  }

  private notice(text: string): Reply {
    return this.advisor.presenter.reply('error', [{ type: 'paragraph', text }]);
  }
}
