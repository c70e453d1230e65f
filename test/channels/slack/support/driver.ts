import { decodeAction } from '../../../../src/channels/slack/action-value';
import type { Call, FakeSlack, Wire } from './fake-slack';
import { type HttpHarness, limitProblems, posted } from './harness';
import { buttonClick, buttonsOf, directMessage, dmOf, eventCallback, type PostedMessage } from './payloads';

export function isPostTo(channel: string, threadTs?: string) {
  return (call: Call) =>
    call.method === 'chat.postMessage' &&
    call.args.channel === channel &&
    (threadTs === undefined || call.args.thread_ts === threadTs);
}

/** The button on `message` whose value carries `v` (an answer or follow-up value), or whose label starts with `label`. */
export function findButton(message: { blocks?: Wire[] }, match: { v?: string; label?: string }): Wire {
  const button = buttonsOf(message).find((candidate) => {
    if (match.label !== undefined) return String(candidate.text.text).startsWith(match.label);
    const value = decodeAction(candidate.value);
    return value !== null && 'v' in value && value.v === match.v;
  });
  if (!button) {
    const labels = buttonsOf(message).map((candidate) => candidate.text.text);
    throw new Error(`no button ${JSON.stringify(match)} among ${JSON.stringify(labels)}`);
  }
  return button;
}

/**
 * The slot a question message asks about, read from its answer buttons (slot ids are a public
 * contract; question wording is content and may change), or null when it asks nothing.
 */
export function awaiting(message: { blocks?: Wire[] }): string | null {
  for (const button of buttonsOf(message)) {
    const value = decodeAction(button.value);
    if (value?.t === 'answer') return value.s;
  }
  return null;
}

/** All the text a message shows: top-level text and every text field of its blocks. */
export function shown(message: { text?: string; blocks?: Wire[] }): string {
  const texts: string[] = [message.text ?? ''];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'text' && typeof item === 'string') texts.push(item);
        else if (key !== 'value') walk(item);
      }
    }
  };
  walk(message.blocks ?? []);
  return texts.join('\n');
}

/** The only call in a list, failing clearly when there is not exactly one. */
export function only(calls: Call[]): Call {
  const [call] = calls;
  if (!call || calls.length !== 1) throw new Error(`expected one call, got ${calls.length}`);
  return call;
}

/** The two calls in a list, in order. */
export function two(calls: Call[]): [Call, Call] {
  const [first, second] = calls;
  if (!first || !second || calls.length !== 2) throw new Error(`expected two calls, got ${calls.length}`);
  return [first, second];
}

/** Drives one person's DM conversation through the real HTTP receiver. */
export class DmDriver {
  readonly channel: string;

  constructor(
    private readonly app: HttpHarness,
    private readonly fake: FakeSlack,
    readonly user: string,
  ) {
    this.channel = dmOf(user);
  }

  posts(): Call[] {
    return this.fake.calls.filter(isPostTo(this.channel));
  }

  /** Sends a DM and waits for `replies` more messages in the DM; returns them. */
  async sayAll(text: string, replies: number): Promise<Call[]> {
    const before = this.posts().length;
    const response = await this.app.postEvent(eventCallback(directMessage(text, { user: this.user })));
    if (response.status !== 200) throw new Error(`event answered ${response.status}`);
    const all = await this.fake.waitForCount(
      `reply in ${this.channel}`,
      isPostTo(this.channel),
      before + replies,
    );
    return all.slice(before);
  }

  /** Sends a DM and returns its one reply. */
  async say(text: string): Promise<Call> {
    return only(await this.sayAll(text, 1));
  }

  /** Clicks a button on a posted message and waits for `replies` more messages. */
  async clickAll(message: PostedMessage, button: Wire, replies: number): Promise<Call[]> {
    const before = this.posts().length;
    const response = await this.app.postInteraction(
      buttonClick(message, button, { user: this.user, responseUrl: this.app.responseUrl() }),
    );
    if (response.status !== 200) throw new Error(`click answered ${response.status}`);
    if (replies === 0) return [];
    const all = await this.fake.waitForCount(
      `reply in ${this.channel}`,
      isPostTo(this.channel),
      before + replies,
    );
    return all.slice(before);
  }

  /** Clicks a button and returns the one reply. */
  async click(message: PostedMessage, button: Wire): Promise<Call> {
    return only(await this.clickAll(message, button, 1));
  }

  /** Answers the question `message` asks by clicking the choice with value `v`; returns the reply. */
  async choose(message: Call, v: string): Promise<Call> {
    return this.click(posted(message), findButton(message.args, { v }));
  }
}

/** Every limit problem in the calls from index `from` on. */
export function problemsSince(fake: FakeSlack, from: number): string[] {
  return fake.calls.slice(from).flatMap(limitProblems);
}

/**
 * A whole DM conversation, one message a turn: every turn changes what is stored, it ends with
 * a recommendation, then a follow-up question. Used where many users run it at once.
 */
export const ADVISED_SCRIPT: readonly string[] = [
  'hello',
  "it's about tone, not facts",
  'we have 900 demonstrations',
  'no other data',
  'very strict',
  'one task',
  'a hosted api',
  'why not RAG?',
];
