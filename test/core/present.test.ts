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

describe('the plan meets the user where they are', () => {
  const play = (...texts: string[]) => {
    let session: ReturnType<typeof advisor.handleTurn>['session'] | null = null;
    let replies: ReturnType<typeof advisor.handleTurn>['replies'] = [];
    for (const text of texts) ({ session, replies } = advisor.handleTurn(session, { kind: 'text', text }));
    return replies.find((reply) => reply.recommendation);
  };

  test('retrieval that already falls short is kept and checked, not started', () => {
    const reply = play(
      'we run a support bot over our docs with RAG already, but it still gets current prices wrong. prices change weekly.',
      'just the docs, about 500 pages',
      'close to web text',
      'low',
      'one task',
      'hosted api',
    );
    expect(reply?.recommendation?.primary).toBe('rag');
    expect(reply?.recommendation?.profile.tried).toBe('rag');
    expect(reply?.recommendation?.stages?.[0]?.start?.cites).toContain('ovadia-2023');
    expect(reply?.text).not.toContain('start here');
  });

  test('the example follow-up asks about a strategy outside the plan', () => {
    for (const rec of [recommendation()]) {
      const planned = (rec.stages ?? []).map((stage) => advisor.presenter.strategyName(stage.strategy));
      const invite = advisor.presenter
        .recommendation(rec)
        .text.split('\n')
        .find((line) => line.startsWith('Ask me'));
      expect(invite).toMatch(/why not [^?]+\?/);
      for (const name of planned) expect(invite).not.toContain(`why not ${name}?`);
    }
  });
});

test('DPO on preference pairs alone starts from a released SFT model, not one the user cannot train', () => {
  const buttons: Record<string, string> = {
    extraDataKind: 'none',
    styleSensitivity: 'high',
    taskScope: 'single',
    tried: 'prompting',
    platform: 'own-gpus',
    gpu: 'datacenter',
  };
  let { session, replies } = advisor.handleTurn(null, {
    kind: 'text',
    text: 'our raters picked the better of two answers, 18,000 pairs; we want answers users prefer',
  });
  for (let turn = 0; turn < 10 && session.pending?.kind === 'slot'; turn++) {
    const slot = session.pending.slot;
    const value = buttons[slot];
    if (!value) throw new Error(`unexpected question: ${slot}`);
    ({ session, replies } = advisor.handleTurn(session, { kind: 'choice', slot, value }));
  }
  const rec = replies.find((reply) => reply.recommendation)?.recommendation;
  expect(rec?.primary).toBe('dpo');
  const guidance = (rec?.guidance ?? []).map((item) => item.text).join(' ');
  expect(guidance).not.toContain('Run SFT first');
  expect(guidance).toContain('instruction-tuned (SFT) release');
});

test('a later stage with no reason of its own gets no empty "Then:" section', () => {
  let { session, replies } = advisor.handleTurn(null, {
    kind: 'text',
    text: 'researchers should get answers about findings in our assay reports and ~1M licensed abstracts, about 5B tokens. 8xH100',
  });
  for (let turn = 0; turn < 8 && !replies.some((reply) => reply.recommendation); turn++) {
    const slot = replies.at(-1)?.awaiting;
    if (!slot) break;
    const value = {
      extraDataKind: 'none',
      domainDistance: 'far',
      knowledgeChange: 'static',
      tried: 'nothing',
    }[slot];
    ({ session, replies } = advisor.handleTurn(session, {
      kind: 'choice',
      slot,
      value: value ?? 'not sure',
    }));
  }
  const text = replies.map((reply) => reply.text).join('\n');
  expect(text).toMatch(/Recommendation/);
  expect(text).not.toMatch(/Then: [^\n]*\n\s*\n\s*\n/);
});
