import type { Advisor } from './advisor.js';
import type { Logger } from './log.js';
import { type SessionStore, StoreCorruptError, StoreUnavailableError } from './store.js';
import type { Reply, Session, TurnInput } from './types.js';

/**
 * Runs turns against stored sessions: load, advise, save. Turns of one conversation run one at a
 * time (in this process), so two quick messages never overwrite each other's answers.
 */
export class Conversations {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly advisor: Advisor,
    private readonly store: SessionStore,
    private readonly log: Logger,
  ) {}

  handle(key: string, input: TurnInput, now = new Date()): Promise<Reply[]> {
    return this.serialise(key, () => this.turn(key, input, now));
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
    const before: Reply[] = [];
    let session: Session | null = null;
    try {
      session = await this.store.load(key);
    } catch (error) {
      if (error instanceof StoreUnavailableError) {
        // Answering without the stored conversation would overwrite it on save: say so and stop.
        this.log.error('cannot read the conversation store', { key, error: error.message });
        return [
          this.advisor.presenter.reply('error', [
            {
              type: 'paragraph',
              text: 'I cannot reach my saved conversations right now, so I did not take in that message. Please try again in a moment; if it keeps happening, tell the person who runs me.',
            },
          ]),
        ];
      }
      if (!(error instanceof StoreCorruptError)) throw error;
      this.log.error('stored conversation is damaged; starting a new one', {
        key,
        file: error.location,
        keptAt: error.keptAt,
      });
      before.push(
        this.advisor.presenter.reply('error', [
          {
            type: 'paragraph',
            text: 'I could not read our earlier conversation (its saved copy is damaged), so we are starting fresh. The damaged copy was kept for the operator.',
          },
        ]),
      );
    }
    const result = this.advisor.handleTurn(session, input, now);
    try {
      await this.store.save(key, result.session);
    } catch (error) {
      this.log.error('could not save the conversation', { key, error: String(error) });
      result.replies.push(
        this.advisor.presenter.reply('error', [
          {
            type: 'paragraph',
            text: 'I could not save this step of our conversation (the server cannot write its data), so I may not remember it next time. Please tell the person who runs me.',
          },
        ]),
      );
    }
    return [...before, ...result.replies];
  }

  private serialise<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return next;
  }
}
