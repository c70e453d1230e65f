import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebChat } from '../../../src/channels/web/chat';
import type { ClientEvent, ServerMessage, TranscriptEntry } from '../../../src/channels/web/protocol';
import type { Transcripts } from '../../../src/channels/web/transcript';
import { Conversations } from '../../../src/core/conversations';
import { silentLogger } from '../../../src/core/log';
import type { TurnInput } from '../../../src/core/types';
import { realAdvisor } from '../../support/advisor';
import { fileSessions, fileTranscripts } from '../../support/stores';

const BROWSER = '0123456789abcdef0123456789abcdef';
const NOW = new Date('2026-03-01T10:00:00.000Z');

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'ftadvisor-webchat-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

type Handle = Pick<Conversations, 'handle'>;

/** A web chat over the real advisor and the embedded stores in a temporary directory. */
function open(options: { conversations?: Handle; transcripts?: Transcripts } = {}) {
  const advisor = realAdvisor();
  const real = new Conversations(advisor, fileSessions(directory), silentLogger);
  const inputs: { key: string; input: TurnInput }[] = [];
  const conversations: Handle = options.conversations ?? {
    handle: (key, input, now) => {
      inputs.push({ key, input });
      return real.handle(key, input, now);
    },
  };
  const transcripts = options.transcripts ?? fileTranscripts(directory, silentLogger);
  const chat = new WebChat(conversations, advisor.presenter, transcripts, silentLogger, () => NOW);
  const send = async (event: ClientEvent): Promise<ServerMessage[]> => {
    const delivered: ServerMessage[] = [];
    await chat.handle(BROWSER, event, async (messages) => {
      delivered.push(...messages);
    });
    return delivered;
  };
  return { chat, send, inputs, transcripts };
}

function replies(messages: ServerMessage[]) {
  return messages.flatMap((message) => (message.type === 'message' ? [message.reply] : []));
}

function history(messages: ServerMessage[]) {
  const found = messages.find((message) => message.type === 'history');
  if (found?.type !== 'history') throw new Error(`no history in ${JSON.stringify(messages)}`);
  return found;
}

const said = (entries: TranscriptEntry[]) =>
  entries.map((entry) => (entry.from === 'user' ? `user: ${entry.text}` : `bot: ${entry.reply.kind}`));

describe('WebChat', () => {
  test('a new browser is greeted, and the greeting is its history; a reconnect replays it without a new turn', async () => {
    const { send, inputs } = open();
    const first = history(await send({ kind: 'connect' }));
    expect(inputs).toEqual([{ key: `web:${BROWSER}`, input: { kind: 'text', text: 'hello' } }]);
    expect(first.dropped).toBe(0);
    expect(said(first.entries)).toEqual(['bot: question']);
    const greeting = first.entries[0];
    if (greeting?.from !== 'bot') throw new Error('expected the greeting');
    expect(greeting.reply.awaiting).toBe('goal');
    expect(greeting.reply.body[0]).toEqual({
      type: 'paragraph',
      text: expect.stringMatching(/^Hi! I help you decide/),
    });
    expect(greeting.at).toBe(NOW.toISOString());

    const again = await send({ kind: 'connect' });
    expect(again).toEqual([first]);
    expect(inputs).toHaveLength(1);
  });

  test('a button answers the slot it was shown for; its label is what the history shows', async () => {
    const { send, inputs } = open();
    await send({ kind: 'connect' });
    const out = await send({
      kind: 'choice',
      slot: 'goal',
      value: 'knowledge',
      label: 'Knowledge: it must know',
    });
    expect(inputs.at(-1)?.input).toEqual({ kind: 'choice', slot: 'goal', value: 'knowledge' });
    expect(out.map((message) => message.type)).toEqual(['message']);
    expect(replies(out)[0]?.awaiting).toBe('dataKind');
    const entries = history(await send({ kind: 'connect' })).entries;
    expect(said(entries)).toEqual(['bot: question', 'user: Knowledge: it must know', 'bot: question']);
  });

  test('a button with no slot (Start over, Resume) is sent as its value in words', async () => {
    const { send, inputs } = open();
    await send({ kind: 'connect' });
    await send({ kind: 'choice', slot: 'goal', value: 'alignment', label: 'Alignment' });
    const out = await send({ kind: 'choice', slot: null, value: 'start over', label: 'Start over' });
    expect(inputs.at(-1)?.input).toEqual({ kind: 'text', text: 'start over' });
    const reply = replies(out).at(-1);
    expect(reply?.text).toMatch(/^Starting over\./);
    expect(reply?.awaiting).toBe('goal');
  });

  test('a whole conversation: buttons, typed text, a recommendation with sources, a follow-up, all replayed in order', async () => {
    const { send } = open();
    await send({ kind: 'connect' });
    await send({ kind: 'choice', slot: 'goal', value: 'knowledge', label: 'Knowledge' });
    await send({ kind: 'choice', slot: 'dataKind', value: 'none', label: 'No data yet' });
    const advice = replies(await send({ kind: 'text', text: 'they change every week' }));
    expect(advice.map((reply) => reply.kind)).toEqual(['recommendation']);
    const sources = advice[0]?.body.find((segment) => segment.type === 'sources');
    if (sources?.type !== 'sources') throw new Error('no sources');
    expect(sources.items.length).toBeGreaterThan(0);
    expect(sources.items.every((item) => item.url?.startsWith('https://'))).toBe(true);

    const answer = replies(await send({ kind: 'text', text: 'why not fine-tuning?' }));
    expect(answer[0]?.kind).toBe('answer');
    expect(answer[0]?.text).toMatch(/Supervised fine-tuning \(SFT\) ranks/);

    expect(said(history(await send({ kind: 'connect' })).entries)).toEqual([
      'bot: question',
      'user: Knowledge',
      'bot: question',
      'user: No data yet',
      'bot: question',
      'user: they change every week',
      'bot: recommendation',
      'user: why not fine-tuning?',
      'bot: answer',
    ]);
  });

  test('after a restart (new chat, new stores, same directory) the history and the conversation carry on', async () => {
    const before = open();
    await before.send({ kind: 'connect' });
    await before.send({ kind: 'choice', slot: 'goal', value: 'knowledge', label: 'Knowledge' });
    const shown = history(await before.send({ kind: 'connect' }));

    const after = open();
    expect(history(await after.send({ kind: 'connect' }))).toEqual(shown);
    expect(after.inputs).toEqual([]);
    const next = replies(
      await after.send({ kind: 'choice', slot: 'dataKind', value: 'none', label: 'No data yet' }),
    );
    // The restarted server still knows the goal was knowledge: it asks how often the facts change.
    expect(next.at(-1)?.awaiting).toBe('knowledgeChange');
  });

  test('markup and odd characters are stored exactly as typed (rendering as text is the page’s job)', async () => {
    const { send, transcripts } = open();
    await send({ kind: 'connect' });
    const text = '<script>alert("x")</script> <img src=x onerror=alert(1)> \u202eevil\u202c 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u0007';
    await send({ kind: 'text', text });
    const entries = (await transcripts.read(`web:${BROWSER}`)).entries;
    expect(entries[1]).toEqual({ from: 'user', text, at: NOW.toISOString() });
  });

  test('a huge message is read in part by the advisor and kept clipped in the history', async () => {
    const { send, inputs, transcripts } = open();
    await send({ kind: 'connect' });
    const text = `${'tone matters a lot. '.repeat(3000)}😀`;
    const out = replies(await send({ kind: 'text', text }));
    expect(inputs.at(-1)?.input).toEqual({ kind: 'text', text });
    expect(out[0]?.text).toMatch(/long message, so I read its first 4,000 characters/);
    const entry = (await transcripts.read(`web:${BROWSER}`)).entries[1];
    if (entry?.from !== 'user') throw new Error('expected the user entry');
    expect(entry.text).toHaveLength(4001);
    expect(entry.text.endsWith('…')).toBe(true);
  });

  test('clipping never leaves half of a surrogate pair', async () => {
    const { send, transcripts } = open();
    await send({ kind: 'connect' });
    await send({ kind: 'text', text: `${'a'.repeat(3999)}😀😀` });
    const entry = (await transcripts.read(`web:${BROWSER}`)).entries[1];
    if (entry?.from !== 'user') throw new Error('expected the user entry');
    expect(entry.text).toBe(`${'a'.repeat(3999)}…`);
    expect(entry.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  test('blank text gets the advisor’s answer but leaves no empty bubble in the history', async () => {
    const { send } = open();
    await send({ kind: 'connect' });
    const out = replies(await send({ kind: 'text', text: ' \n\t ' }));
    expect(out[0]?.kind).toBe('error');
    expect(out[0]?.text).toMatch(/I didn't get any text/);
    expect(said(history(await send({ kind: 'connect' })).entries)).toEqual([
      'bot: question',
      'bot: error',
      'bot: question',
    ]);
  });

  test('when the advisor fails, the page gets a notice and nothing is recorded', async () => {
    const failing: Handle = {
      handle: async () => {
        throw new Error('boom');
      },
    };
    const { send, transcripts } = open({ conversations: failing });
    const connect = await send({ kind: 'connect' });
    expect(connect).toEqual([
      { type: 'history', entries: [], dropped: 0 },
      { type: 'notice', text: expect.stringMatching(/something went wrong/) },
    ]);
    const out = await send({ kind: 'text', text: 'hello?' });
    expect(out).toEqual([{ type: 'notice', text: expect.stringMatching(/something went wrong/) }]);
    expect(await transcripts.read(`web:${BROWSER}`)).toEqual({ entries: [], dropped: 0 });
  });

  test('when the history cannot be written, the replies still arrive, followed by a notice', async () => {
    const unwritable = {
      read: async () => ({ entries: [], dropped: 0 }),
      append: async () => {
        throw new Error('ENOSPC: no space left on device');
      },
    } as unknown as Transcripts;
    const { send } = open({ transcripts: unwritable });
    const connect = await send({ kind: 'connect' });
    expect(history(connect).entries).toHaveLength(1);
    expect(connect.at(-1)).toEqual({ type: 'notice', text: expect.stringMatching(/could not save/) });
    const out = await send({ kind: 'choice', slot: 'goal', value: 'both', label: 'Both' });
    expect(out.map((message) => message.type)).toEqual(['message', 'notice']);
  });

  test('when the history cannot be read, the page is told and can carry on', async () => {
    const unreadable = {
      read: async () => {
        throw new Error('EIO');
      },
    } as unknown as Transcripts;
    const { send, inputs } = open({ transcripts: unreadable });
    expect(await send({ kind: 'connect' })).toEqual([
      { type: 'history', entries: [], dropped: 0 },
      { type: 'notice', text: expect.stringMatching(/could not load our earlier messages/) },
    ]);
    expect(inputs).toEqual([]);
  });

  test('one browser’s events are delivered in order, even when an earlier delivery is slow', async () => {
    const { chat } = open();
    const order: string[] = [];
    const slow = (name: string, ms: number) => async (messages: ServerMessage[]) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(`${name}:${messages.map((message) => message.type).join(',')}`);
    };
    await Promise.all([
      chat.handle(BROWSER, { kind: 'connect' }, slow('connect', 60)),
      chat.handle(BROWSER, { kind: 'choice', slot: 'goal', value: 'both', label: 'Both' }, slow('both', 0)),
      chat.handle(BROWSER, { kind: 'text', text: 'where are we?' }, slow('status', 0)),
    ]);
    expect(order).toEqual(['connect:history', 'both:message', 'status:message,message']);
  });
});

describe('WebChat.drain', () => {
  test('waits for every event already received to be answered and recorded', async () => {
    const advisor = realAdvisor();
    const real = new Conversations(advisor, fileSessions(directory), silentLogger);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gated: Handle = {
      handle: async (key, input, now) => {
        await gate;
        return real.handle(key, input, now);
      },
    };
    const transcripts = fileTranscripts(directory, silentLogger);
    const chat = new WebChat(gated, advisor.presenter, transcripts, silentLogger, () => NOW);
    const events = [
      chat.handle(BROWSER, { kind: 'connect' }, async () => {}),
      chat.handle(BROWSER, { kind: 'text', text: 'we need a strict brand voice' }, async () => {}),
      chat.handle('ffffffffffffffffffffffffffffffff', { kind: 'connect' }, async () => {}),
    ];
    let drained = false;
    const draining = chat.drain().then(() => {
      drained = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drained).toBe(false);
    release();
    await draining;
    expect((await transcripts.read(`web:${BROWSER}`)).entries.length).toBeGreaterThanOrEqual(3);
    expect((await transcripts.read('web:ffffffffffffffffffffffffffffffff')).entries).toHaveLength(1);
    await Promise.all(events);
  });
});
