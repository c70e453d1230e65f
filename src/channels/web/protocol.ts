/**
 * What travels over the chat page's websocket. The envelope is the one botbuilder-adapter-web
 * expects (`{type, user, channel, text}` in, `{type, text, quick_replies}` out); the fields the
 * page needs to render a reply properly ride along beside them.
 */
import type { Choice, ReplyKind } from '../../core/types.js';

/** Longest message the page lets you type; the advisor reads the same number of characters. */
export const MAX_TEXT_LENGTH = 4000;

/** A websocket frame larger than this closes the connection (ws's default would be 100 MiB). */
export const MAX_FRAME_BYTES = 64 * 1024;

/** The id the page keeps in localStorage: 32 hex digits from crypto.getRandomValues. */
const BROWSER_ID = /^[0-9a-f]{32}$/;

export function isBrowserId(value: unknown): value is string {
  return typeof value === 'string' && BROWSER_ID.test(value);
}

/** The advisor's conversation key for one browser. */
export function conversationKey(browserId: string): string {
  return `web:${browserId}`;
}

export interface WebSource {
  id: string;
  /** "LIMA (2023): LIMA: Less Is More for Alignment" */
  label: string;
  /** An http(s) address, or null when the knowledge base has none for this id. */
  url: string | null;
}

/** The core's segments, with source ids resolved to links so the page needs no knowledge base. */
export type WebSegment =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'sources'; items: WebSource[] };

export interface WebReply {
  kind: ReplyKind;
  /** Plain text of the whole reply: the fallback for clients that do not render segments. */
  text: string;
  body: WebSegment[];
  choices: Choice[];
  /** The slot a button answers; null when a button's value is to be sent as text. */
  awaiting: string | null;
}

/** One line of the conversation as the page shows it; the server keeps the last few hundred. */
export type TranscriptEntry =
  | { from: 'user'; text: string; at: string }
  | { from: 'bot'; reply: WebReply; at: string };

/** Everything the server sends. */
export type ServerMessage =
  | {
      type: 'message';
      text: string;
      /** The adapter's own button format, so the stock Botkit web client still works. */
      quick_replies: { title: string; payload: string }[];
      reply: WebReply;
    }
  /** The conversation so far, sent on every (re)connect; the page replaces what it shows. */
  | { type: 'history'; entries: TranscriptEntry[]; dropped: number }
  /** Something went wrong that is not part of the conversation (not kept in the history). */
  | { type: 'notice'; text: string };

/** What the server accepts, once validated. */
export type ClientEvent =
  | { kind: 'connect' }
  | { kind: 'text'; text: string }
  | { kind: 'choice'; slot: string | null; value: string; label: string };

export type ParsedClientMessage = { ok: true; event: ClientEvent } | { ok: false; problem: string };

const MAX_CHOICE_LENGTH = 200;

/**
 * Validates a message from the page (already JSON-parsed by the adapter). The browser id is
 * checked separately, because the adapter has already used it to route replies.
 *
 * - `{type: 'hello' | 'welcome_back'}`: the page (re)connected.
 * - `{type: 'message', text}`: typed text.
 * - `{type: 'message', text: label, choice: {slot, value}}`: a button; `slot` is the reply's
 *   `awaiting`, or null to send the value as text.
 */
export function parseClientMessage(message: Record<string, unknown>): ParsedClientMessage {
  const type = message.type;
  if (type === 'hello' || type === 'welcome_back') return { ok: true, event: { kind: 'connect' } };
  if (type !== 'message') return { ok: false, problem: `unknown message type ${JSON.stringify(type)}` };
  if (typeof message.text !== 'string') return { ok: false, problem: '"text" must be a string' };
  const text = message.text;
  if (message.choice === undefined || message.choice === null)
    return { ok: true, event: { kind: 'text', text } };
  const choice = message.choice as Record<string, unknown>;
  if (typeof choice !== 'object' || Array.isArray(choice)) {
    return { ok: false, problem: '"choice" must be an object {slot, value}' };
  }
  const { slot, value } = choice;
  if (typeof value !== 'string' || value === '' || value.length > MAX_CHOICE_LENGTH) {
    return { ok: false, problem: `"choice.value" must be a string of 1 to ${MAX_CHOICE_LENGTH} characters` };
  }
  if (slot !== null && (typeof slot !== 'string' || slot === '' || slot.length > MAX_CHOICE_LENGTH)) {
    return { ok: false, problem: '"choice.slot" must be a slot name or null' };
  }
  return {
    ok: true,
    event: { kind: 'choice', slot, value, label: text.slice(0, MAX_CHOICE_LENGTH) || value },
  };
}
