import { replyMessage, type SourceLookup, sourceLink, toWebReply } from '../../../src/channels/web/render';
import type { Reply, Session, TurnInput } from '../../../src/core/types';
import { realAdvisor } from '../../support/advisor';

/** Plays inputs through the real advisor; returns the last turn's replies. */
function play(inputs: TurnInput[]) {
  const advisor = realAdvisor();
  let { session, replies }: { session: Session; replies: Reply[] } = advisor.handleTurn(null, {
    kind: 'text',
    text: 'hello',
  });
  for (const input of inputs) {
    const result = advisor.handleTurn(session, input);
    session = result.session;
    replies = result.replies;
  }
  return { advisor, replies };
}

const RAG_PATH: TurnInput[] = [
  { kind: 'choice', slot: 'goal', value: 'knowledge' },
  { kind: 'choice', slot: 'dataKind', value: 'none' },
  { kind: 'choice', slot: 'knowledgeChange', value: 'frequent' },
];

describe('toWebReply', () => {
  test('a recommendation keeps its segments and its citations become labelled links', () => {
    const { advisor, replies } = play(RAG_PATH);
    const reply = replies.at(-1);
    if (!reply) throw new Error('no reply');
    expect(reply.kind).toBe('recommendation');
    const web = toWebReply(reply, advisor.presenter);

    expect(web.kind).toBe('recommendation');
    expect(web.text).toBe(reply.text);
    expect(web.awaiting).toBeNull();
    expect(web.body.filter((segment) => segment.type !== 'sources')).toEqual(
      reply.body.filter((segment) => segment.type !== 'sources'),
    );
    expect(web.body.find((segment) => segment.type === 'heading')).toEqual({
      type: 'heading',
      text: expect.stringMatching(/^Recommendation: Retrieval-augmented generation/),
    });

    const sources = web.body.find((segment) => segment.type === 'sources');
    if (sources?.type !== 'sources') throw new Error('no sources segment');
    expect(sources.items.map((item) => item.id)).toEqual(reply.citations);
    for (const item of sources.items) {
      const entry = advisor.presenter.entry(item.id);
      expect(entry).toBeDefined();
      // Papers carry their year; guides whose date our notes do not give carry none.
      const year = entry?.year === undefined ? '' : ` (${entry.year})`;
      expect(item.label).toBe(`${entry?.short}${year}: ${entry?.title}`);
      expect(item.url).toBe(new URL(entry?.url ?? '').href);
      expect(item.url).toMatch(/^https:\/\//);
    }
  });

  test('a question keeps its buttons and the slot they answer', () => {
    const { advisor, replies } = play([]);
    const reply = replies.at(-1);
    if (!reply) throw new Error('no reply');
    const web = toWebReply(reply, advisor.presenter);
    expect(web.awaiting).toBe('goal');
    expect(web.choices.map((choice) => choice.value)).toEqual(['knowledge', 'domain', 'alignment', 'both']);
    expect(replyMessage(web)).toEqual({
      type: 'message',
      text: reply.text,
      quick_replies: reply.choices.map((choice) => ({ title: choice.label, payload: choice.value })),
      reply: web,
    });
  });
});

describe('sourceLink', () => {
  const lookup = (url: string): SourceLookup => ({
    entry: (id) => (id === 'x' ? { short: 'X', year: 2024, title: 'A title', url } : undefined),
  });

  test('an unknown id is shown as itself, without a link', () => {
    expect(sourceLink('missing', lookup('https://example.org/'))).toEqual({
      id: 'missing',
      label: 'missing',
      url: null,
    });
  });

  test.each([
    ['https://arxiv.org/abs/2305.11206', 'https://arxiv.org/abs/2305.11206'],
    ['http://example.org/a b', 'http://example.org/a%20b'],
    ['javascript:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['not a url', null],
  ])('%s links to %p', (url, expected) => {
    expect(sourceLink('x', lookup(url))).toEqual({ id: 'x', label: 'X (2024): A title', url: expected });
  });
});
