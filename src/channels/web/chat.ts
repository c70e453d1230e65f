import type { Conversations } from '../../core/conversations.js';
import { KeyedQueue } from '../../core/keyed-queue.js';
import type { Logger } from '../../core/log.js';
import type { TurnInput } from '../../core/types.js';
import {
  type ClientEvent,
  conversationKey,
  MAX_TEXT_LENGTH,
  type ServerMessage,
  type TranscriptEntry,
} from './protocol.js';
import { replyMessage, type SourceLookup, toWebReply } from './render.js';
import type { Transcript, Transcripts } from './transcript.js';

/** Sends messages to the page, in order; supplied by the transport (the Botkit bot worker). */
export type Deliver = (messages: ServerMessage[]) => Promise<void>;

/** The words a browser sends to open a conversation, as the terminal chat does. */
const OPENING: TurnInput = { kind: 'text', text: 'hello' };

/** Cuts overlong text for the history without splitting a surrogate pair. */
function clip(text: string, length = MAX_TEXT_LENGTH): string {
  if (text.length <= length) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(length - 1)) ? length - 1 : length;
  return `${text.slice(0, end)}…`;
}

/**
 * The web channel's logic, free of any transport: turns a browser's events into advisor turns,
 * keeps the page's history, and says what to send back. One browser's events run one at a time,
 * delivery included, so replies reach the page in the order the advisor gave them.
 */
export class WebChat {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly conversations: Pick<Conversations, 'handle'>,
    private readonly sources: SourceLookup,
    private readonly transcripts: Transcripts,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  handle(browserId: string, event: ClientEvent, deliver: Deliver): Promise<void> {
    const key = conversationKey(browserId);
    return this.queue.run(key, async () => {
      const messages = event.kind === 'connect' ? await this.connect(key) : await this.turn(key, event);
      await deliver(messages);
    });
  }

  /** Resolves once every event already received has been answered and recorded. */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /** The conversation so far; a browser seen for the first time is greeted, and that is its history. */
  private async connect(key: string): Promise<ServerMessage[]> {
    let history: Transcript;
    try {
      history = await this.transcripts.read(key);
    } catch (error) {
      this.log.error('could not read the chat history', { key, error: String(error) });
      return [
        { type: 'history', entries: [], dropped: 0 },
        {
          type: 'notice',
          text: 'I could not load our earlier messages (the server cannot read its data). You can carry on: I still remember your answers.',
        },
      ];
    }
    if (history.entries.length > 0 || history.dropped > 0) return [{ type: 'history', ...history }];

    const at = this.now().toISOString();
    let entries: TranscriptEntry[];
    try {
      const replies = await this.conversations.handle(key, OPENING, this.now());
      entries = replies.map((reply) => ({ from: 'bot', reply: toWebReply(reply, this.sources), at }));
    } catch (error) {
      this.log.error('the advisor failed to open a conversation', { key, error: errorText(error) });
      return [{ type: 'history', entries: [], dropped: 0 }, failureNotice()];
    }
    const saved = await this.record(key, entries);
    return saved
      ? [{ type: 'history', entries, dropped: 0 }]
      : [{ type: 'history', entries, dropped: 0 }, unsavedNotice()];
  }

  private async turn(
    key: string,
    event: Exclude<ClientEvent, { kind: 'connect' }>,
  ): Promise<ServerMessage[]> {
    // A button for an open question answers that slot; one without (e.g. "Start over") is words.
    const input: TurnInput =
      event.kind === 'text'
        ? { kind: 'text', text: event.text }
        : event.slot !== null
          ? { kind: 'choice', slot: event.slot, value: event.value }
          : { kind: 'text', text: event.value };
    const said = event.kind === 'text' ? event.text : event.label;
    const at = this.now().toISOString();
    let replies: Awaited<ReturnType<Conversations['handle']>>;
    try {
      replies = await this.conversations.handle(key, input, this.now());
    } catch (error) {
      this.log.error('the advisor failed on a web message', { key, error: errorText(error) });
      return [failureNotice()];
    }
    const rendered = replies.map((reply) => toWebReply(reply, this.sources));
    const entries: TranscriptEntry[] = said.trim() === '' ? [] : [{ from: 'user', text: clip(said), at }];
    for (const reply of rendered) entries.push({ from: 'bot', reply, at });
    const saved = await this.record(key, entries);
    const messages: ServerMessage[] = rendered.map(replyMessage);
    if (!saved) messages.push(unsavedNotice());
    return messages;
  }

  private async record(key: string, entries: TranscriptEntry[]): Promise<boolean> {
    try {
      await this.transcripts.append(key, entries);
      return true;
    } catch (error) {
      this.log.error('could not save the chat history', { key, error: String(error) });
      return false;
    }
  }
}

function errorText(error: unknown): string {
  return String((error as Error)?.stack ?? error);
}

function failureNotice(): ServerMessage {
  return {
    type: 'notice',
    text: 'Sorry, something went wrong on my side and that message was not handled. Please try again; if it keeps happening, tell the person who runs me.',
  };
}

function unsavedNotice(): ServerMessage {
  return {
    type: 'notice',
    text: 'I could not save this part of our chat on the server, so it may be missing after a reload. Your answers are kept separately.',
  };
}
