import type { Advisor } from './advisor.js';
import { KeyedQueue } from './keyed-queue.js';
import type { Logger } from './log.js';
import { type SessionStore, StoreCorruptError, StoreUnavailableError } from './store.js';
import type { Reply, Session, TurnInput } from './types.js';

/**
 * Runs turns against stored sessions: load, advise, save. Turns of one conversation run one at a
 * time (in this process), so two quick messages never overwrite each other's answers.
 */
export class Conversations {
  private readonly queue = new KeyedQueue();

  constructor(
    readonly advisor: Advisor,
    private readonly store: SessionStore,
    private readonly log: Logger,
  ) {}

  handle(key: string, input: TurnInput, now = new Date()): Promise<Reply[]> {
    return this.queue.run(key, () => this.turn(key, input, now));
  }

  /** Resolves once every turn already started has been stored: for a graceful shutdown. */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /** The stored session, for surfaces that show state (status, App Home). */
  async peek(key: string): Promise<Session | null> {
    try {
      return await this.store.load(key);
    } catch (error) {
      this.log.warn('could not read a conversation', { key, error: String(error) });
      return null;
    }
  }

  private async turn(key: string, input: TurnInput, now: Date): Promise<Reply[]> {
    const notices: Reply[] = [];
    let replies: Reply[] | null = null;
    const change = (current: Session | null) => {
      const result = this.advisor.handleTurn(current, input, now);
      replies = result.replies;
      return result.session;
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
        return [
          this.notice(
            'I cannot reach my saved conversations right now, so I did not take in that message. Please try again in a moment; if it keeps happening, tell the person who runs me.',
          ),
        ];
      }
      this.log.error('could not save the conversation', { key, error: error.message });
      notices.push(
        this.notice(
          'I could not save this step of our conversation (the server cannot write its data), so I may not remember it next time. Please tell the person who runs me.',
        ),
      );
      return [...(replies as Reply[]), ...notices];
    }
    return [...notices, ...(replies ?? [])];
  }

  private notice(text: string): Reply {
    return this.advisor.presenter.reply('error', [{ type: 'paragraph', text }]);
  }
}
