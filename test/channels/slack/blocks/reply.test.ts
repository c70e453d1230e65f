import { decodeAction } from '../../../../src/channels/slack/action-value';
import {
  buildAnsweredMessage,
  buildFailureMessage,
  buildReplyMessage,
  messageText,
  type ReplyContext,
} from '../../../../src/channels/slack/blocks/reply';
import type { Lookup } from '../../../../src/channels/slack/blocks/segments';
import type { Recommendation, Reply } from '../../../../src/core/types';
import type { Wire } from '../support/fake-slack';
import { buttonsOf } from '../support/payloads';

const lookup: Lookup = {
  citation: (id) =>
    ({
      'lima-2023': {
        short: 'LIMA',
        title: 'LIMA: Less Is More for Alignment',
        year: 2023,
        arxiv: '2305.11206',
        url: 'https://arxiv.org/abs/2305.11206',
      },
      'openai-guide': {
        short: "OpenAI's guide",
        title: 'Fine-tuning <guide>',
        url: 'https://platform.openai.com/docs?a=1&b=2',
      },
    })[id],
  strategyName: (id) => ({ sft: 'SFT', rag: 'RAG', prompting: 'prompting' })[id as 'sft'] ?? id,
  strategyTitle: (id) =>
    ({ sft: 'Supervised fine-tuning (SFT)', rag: 'Retrieval-augmented generation (RAG)' })[id as 'sft'] ?? id,
};

const dm: ReplyContext = { key: 'slack:T1:D1', surface: 'dm', lookup };

function reply(partial: Partial<Reply>): Reply {
  return {
    kind: 'info',
    text: 'plain',
    body: [],
    awaiting: null,
    choices: [],
    recommendation: null,
    citations: [],
    ...partial,
  };
}

function texts(blocks: Wire[]): string {
  return JSON.stringify(blocks);
}

const question = reply({
  kind: 'question',
  text: 'What data do you have?\n\nOptions: Raw text | Demonstrations',
  body: [
    { type: 'paragraph', text: 'Got it: you said “<!channel> we need facts & more”.' },
    { type: 'paragraph', text: 'What data do you have?' },
  ],
  awaiting: 'dataKind',
  choices: [
    { label: 'Raw text', value: 'raw-text' },
    { label: 'Demonstrations', value: 'demonstrations' },
  ],
});

describe('a question', () => {
  test('gets one button per choice, each answering its slot in this conversation', () => {
    const message = buildReplyMessage(question, dm);
    const buttons = buttonsOf(message);
    expect(buttons.map((button) => button.action_id)).toEqual(['answer-0', 'answer-1']);
    expect(buttons.map((button) => decodeAction(button.value))).toEqual([
      { t: 'answer', k: 'slack:T1:D1', s: 'dataKind', v: 'raw-text' },
      { t: 'answer', k: 'slack:T1:D1', s: 'dataKind', v: 'demonstrations' },
    ]);
  });

  test('escapes the core’s text in blocks and in the top-level text', () => {
    const message = buildReplyMessage(question, dm);
    expect(texts(message.blocks)).toContain('you said “&lt;!channel&gt; we need facts &amp; more”.');
    expect(texts(message.blocks)).not.toContain('<!channel>');
    expect(message.text).toBe(messageText(question.text));
  });

  test('in a thread, says how to answer in words', () => {
    const message = buildReplyMessage(question, { ...dm, surface: 'thread', botUserId: 'U0BOT' });
    expect(texts(message.blocks)).toContain('reply in this thread mentioning <@U0BOT>');
    expect(texts(buildReplyMessage(question, { ...dm, botUserId: 'U0BOT' }).blocks)).not.toContain(
      'mentioning',
    );
  });

  test('a choice with nothing awaited carries no slot, so it is sent as text', () => {
    const resume = reply({
      kind: 'question',
      body: [{ type: 'paragraph', text: 'Resume?' }],
      choices: [{ label: 'Resume', value: 'resume' }],
    });
    expect(decodeAction(buttonsOf(buildReplyMessage(resume, dm))[0]?.value)).toEqual({
      t: 'answer',
      k: 'slack:T1:D1',
      s: null,
      v: 'resume',
    });
  });
});

const recommendation: Recommendation = {
  primary: 'sft',
  complementary: [],
  ranking: [
    { strategy: 'sft', score: 5 },
    { strategy: 'rag', score: 1 },
  ],
  profile: {},
  confidence: 'high',
  reasons: [],
  guidance: [],
  caveats: [],
  flips: [],
  assumptions: [],
  citations: ['lima-2023', 'openai-guide'],
};

const advice = reply({
  kind: 'recommendation',
  text: 'Recommendation: Supervised fine-tuning (SFT)',
  body: [
    { type: 'paragraph', text: 'That changes my recommendation.' },
    { type: 'heading', text: 'Recommendation: Supervised fine-tuning (SFT)' },
    { type: 'paragraph', text: 'Train on demonstrations. Confidence: high.' },
    { type: 'heading', text: 'Ranking' },
    {
      type: 'list',
      items: ['1. Supervised fine-tuning (SFT): 5', '2. Retrieval-augmented generation (RAG): 1'],
    },
    { type: 'heading', text: 'Why SFT' },
    { type: 'list', items: ['You said “300 examples”. [LIMA 2023]'] },
    { type: 'sources', ids: ['lima-2023', 'openai-guide', 'unknown-id'] },
  ],
  recommendation,
  citations: recommendation.citations,
});

describe('a recommendation', () => {
  const message = buildReplyMessage(advice, { ...dm, record: { owner: 'U1', id: 'rec-1' } });

  test('has a header, grouped sections and sources with year and arXiv link', () => {
    expect(message.blocks.map((block) => block.type)).toEqual([
      'section',
      'header',
      'section',
      'section',
      'section',
      'divider',
      'section',
      'actions',
    ]);
    expect(message.blocks[1]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Recommendation: Supervised fine-tuning (SFT)', emoji: true },
    });
    const all = texts(message.blocks);
    expect(all).toContain(
      '*Ranking*\\n1. Supervised fine-tuning (SFT): 5\\n2. Retrieval-augmented generation (RAG): 1',
    );
    expect(all).toContain('*Why SFT*\\n• You said “300 examples”. [LIMA 2023]');
    expect(all).toContain(
      '• *LIMA* (2023). _LIMA: Less Is More for Alignment_. <https://arxiv.org/abs/2305.11206|arXiv:2305.11206>',
    );
    // A guide without an arXiv id links to its page; its title is escaped.
    expect(all).toContain(
      "• *OpenAI's guide*. _Fine-tuning &lt;guide&gt;_. <https://platform.openai.com/docs?a=1&amp;b=2|platform.openai.com>",
    );
    expect(all).toContain('• unknown-id');
  });

  test('offers "Why not <runner-up>?", "Compare", "Start over", "Share to channel" and "Plan as Markdown"', () => {
    const buttons = buttonsOf(message);
    expect(buttons.map((button) => button.text.text)).toEqual([
      'Why not RAG?',
      'Compare SFT and RAG',
      'Start over',
      'Share to channel',
      'Plan as Markdown',
    ]);
    expect(buttons.map((button) => button.action_id)).toEqual([
      'follow_up-0',
      'follow_up-1',
      'follow_up-2',
      'share',
      'plan',
    ]);
    expect(buttons.map((button) => decodeAction(button.value))).toEqual([
      { t: 'say', k: 'slack:T1:D1', v: 'why not RAG?' },
      { t: 'say', k: 'slack:T1:D1', v: 'compare SFT and RAG' },
      { t: 'say', k: 'slack:T1:D1', v: 'start over' },
      { t: 'share-rec', o: 'U1', r: 'rec-1' },
      { t: 'plan', o: 'U1', r: 'rec-1' },
    ]);
  });

  test('without a history record there is nothing to share or export', () => {
    const labels = buttonsOf(buildReplyMessage(advice, dm)).map((button) => button.text.text);
    expect(labels).not.toContain('Share to channel');
    expect(labels).not.toContain('Plan as Markdown');
  });

  test('a shared copy says who shared it and has no buttons', () => {
    const shared = buildReplyMessage(advice, { ...dm, sharedBy: 'U2' });
    expect(buttonsOf(shared)).toEqual([]);
    expect(texts(shared.blocks.slice(0, 1))).toContain('<@U2> shared their fine-tuning recommendation');
    expect(shared.text.startsWith('<@U2> shared: ')).toBe(true);
  });
});

test('a one-off answer can be shared, with the question it answers', () => {
  const answer = reply({
    kind: 'answer',
    text: 'LIMA used 1,000 examples.',
    body: [{ type: 'paragraph', text: 'LIMA used 1,000 examples.' }],
  });
  const message = buildReplyMessage(answer, {
    ...dm,
    surface: 'command',
    oneOff: { x: 'ask', q: 'what did LIMA do?' },
  });
  expect(buttonsOf(message).map((button) => decodeAction(button.value))).toEqual([
    { t: 'share-answer', k: 'slack:T1:D1', x: 'ask', q: 'what did LIMA do?' },
  ]);
  const shared = buildReplyMessage(answer, { ...dm, oneOff: { x: 'ask', q: 'what <b>' }, sharedBy: 'U2' });
  expect(texts(shared.blocks)).toContain('<@U2> shared: `/finetune ask what &lt;b&gt;`');
});

test('an error reply is marked as such', () => {
  const message = buildReplyMessage(
    reply({ kind: 'error', body: [{ type: 'paragraph', text: 'That button no longer applies.' }] }),
    dm,
  );
  expect(texts(message.blocks)).toContain(':warning: That button no longer applies.');
});

test('a huge reply is shortened within Slack’s limits, and says so', () => {
  const huge = reply({
    kind: 'answer',
    text: 'x'.repeat(50_000),
    body: Array.from({ length: 60 }, (_, index) => ({
      type: 'paragraph' as const,
      text: `${index} ${'<&>'.repeat(300)}`,
    })),
  });
  const message = buildReplyMessage(huge, dm);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  expect(JSON.stringify(message.blocks).length).toBeLessThanOrEqual(10_000);
  expect(texts(message.blocks)).toContain('This message was shortened');
  expect(message.text.length).toBeLessThanOrEqual(3000);
});

describe('an answered question', () => {
  test('keeps the question, drops its buttons and hints, and says who chose what', () => {
    const original = buildReplyMessage(question, { ...dm, surface: 'thread', botUserId: 'U0BOT' }).blocks;
    const answered = buildAnsweredMessage({ original, question: 'Data', answer: 'Raw <text>', user: 'U1' });
    expect(answered.blocks.map((block) => block.type)).toEqual(['section', 'context']);
    expect(answered.blocks[0]).toEqual(original[0]);
    expect(texts(answered.blocks)).toContain('<@U1> chose *Raw &lt;text&gt;*');
    expect(answered.text).toBe('Data: Raw &lt;text&gt;');
  });

  test('without the original blocks (an ephemeral message) shows the question’s label', () => {
    const answered = buildAnsweredMessage({
      original: undefined,
      question: 'Goal',
      answer: 'Both',
      user: 'U1',
    });
    expect(answered.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Goal*' } });
  });

  test('ignores anything in the original that is not a block', () => {
    const answered = buildAnsweredMessage({
      original: [null, 3, { no: 'type' }],
      question: 'Goal',
      answer: 'Both',
      user: 'U1',
    });
    expect(answered.blocks.map((block) => block.type)).toEqual(['section', 'context']);
  });
});

test('the failure message is friendly and says the answers are safe', () => {
  expect(buildFailureMessage().text).toContain('Your earlier answers are safe');
});
