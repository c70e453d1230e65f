import { realAdvisor } from '../support/advisor';

const advisor = realAdvisor();

function recommendation() {
  let session = advisor.handleTurn(null, {
    kind: 'text',
    text: "it's about tone, not facts; 1,000 demonstrations",
  }).session;
  session = advisor.handleTurn(session, { kind: 'choice', slot: 'extraDataKind', value: 'none' }).session;
  session = advisor.handleTurn(session, { kind: 'choice', slot: 'styleSensitivity', value: 'high' }).session;
  session = advisor.handleTurn(session, { kind: 'choice', slot: 'taskScope', value: 'single' }).session;
  const { replies } = advisor.handleTurn(session, { kind: 'choice', slot: 'platform', value: 'hosted-api' });
  const found = replies.find((reply) => reply.recommendation)?.recommendation;
  if (!found) throw new Error('no recommendation');
  return found;
}

describe('Presenter', () => {
  test('a recommendation in the conversation invites follow-up questions; a copy shown elsewhere does not', () => {
    const rec = recommendation();
    expect(advisor.presenter.recommendation(rec).text).toContain('Ask me anything about it');
    expect(advisor.presenter.recommendation(rec, undefined, { invite: false }).text).not.toContain(
      'Ask me anything',
    );
  });

  test('the plain text lists every source with its arXiv id or address', () => {
    const reply = advisor.presenter.recommendation(recommendation());
    for (const id of reply.citations) {
      const entry = advisor.presenter.entry(id);
      expect(reply.text).toContain(entry?.arxiv ? `arXiv ${entry.arxiv}` : String(entry?.url));
    }
  });
});

describe('a recommendation saved before plans existed (App Home history)', () => {
  test('renders, its complements read as the later stages', () => {
    const { stages: _stages, ...saved } = recommendation();
    const old = { ...saved, primary: 'rag' as const, complementary: ['sft' as const] };
    const reply = advisor.presenter.recommendation(old, undefined, { invite: false });
    expect(reply.text).toContain('Recommendation: Retrieval-augmented generation (RAG), then SFT');
    expect(reply.text).toContain('The plan, in order');
    expect(reply.recommendation).toBe(old);
  });
});
