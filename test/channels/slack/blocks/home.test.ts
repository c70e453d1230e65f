import { buildHomeView, HISTORY_SHOWN, slackDate, where } from '../../../../src/channels/slack/blocks/home';
import type { AdvisedRecord } from '../../../../src/channels/slack/history';
import { realAdvisor } from '../../../support/advisor';
import type { Wire } from '../support/fake-slack';
import { buttonsOf } from '../support/payloads';

const advisor = realAdvisor();
const lookup = {
  citation: (id: string) => advisor.presenter.entry(id),
  strategyName: advisor.presenter.strategyName.bind(advisor.presenter),
  strategyTitle: advisor.presenter.strategyTitle.bind(advisor.presenter),
};

function advised(): AdvisedRecord {
  let session = null;
  let recommendation = null;
  for (const text of [
    'Should we fine-tune or use RAG? Our support bot must answer from our product docs, which change every week, and it must keep our strict brand voice. We have 3k example replies.',
    'no other data',
    'just one task',
    'a hosted api',
  ]) {
    const turn = advisor.handleTurn(session, { kind: 'text', text });
    session = turn.session;
    recommendation = turn.replies.find((reply) => reply.recommendation)?.recommendation ?? recommendation;
  }
  if (!recommendation) throw new Error('no recommendation');
  return {
    id: 'r1',
    at: '2026-11-21T14:03:00.000Z',
    team: 'T1',
    user: 'U1',
    key: 'slack:T1:C1:1.2',
    surface: 'thread',
    channel: 'C1',
    threadTs: '1.2',
    recommendation,
  };
}

test('with nothing yet: the start button and an invitation', () => {
  const view = buildHomeView({ latest: null, history: [], inProgress: null, lookup });
  expect(view.type).toBe('home');
  expect(buttonsOf(view).map((button) => button.action_id)).toEqual(['home_start']);
  expect(JSON.stringify(view.blocks)).toContain('No recommendation yet.');
});

test('the latest recommendation in full, earlier ones listed, a conversation in progress mentioned', () => {
  const record = advised();
  const view = buildHomeView({
    latest: { record, reply: advisor.presenter.recommendation(record.recommendation) },
    history: Array.from({ length: 19 }, (_, index) => ({ ...record, id: `r${index + 2}` })),
    inProgress: { answered: 1 },
    notice: 'Started.',
    lookup,
  });
  const all = JSON.stringify(view.blocks);
  expect(all).toContain('You have a conversation in progress (1 answer so far).');
  expect(all).toContain('Started.');
  expect(all).toContain('Recommendation: Retrieval-augmented generation (RAG), then SFT');
  expect(all).toContain('arXiv:2312.05934');
  const history = view.blocks.at(-1) as Wire;
  expect(history.text.text.split('\n')).toHaveLength(HISTORY_SHOWN);
  expect(view.blocks.length).toBeLessThanOrEqual(100);
  expect(buttonsOf(view)).toHaveLength(1);
});

test('dates show in the reader’s time zone with a UTC fallback', () => {
  expect(slackDate('2026-11-21T14:03:09.000Z')).toBe(
    `<!date^${Date.parse('2026-11-21T14:03:09Z') / 1000}^{date_short_pretty} at {time}|2026-11-21 14:03 UTC>`,
  );
  expect(slackDate('not a date')).toBe('not a date');
});

test('where a recommendation was given', () => {
  const record = advised();
  expect(where(record)).toBe('in a thread in <#C1>');
  expect(where({ ...record, surface: 'dm' })).toBe('in a direct message');
  expect(where({ ...record, surface: 'command', channel: 'C2' })).toBe('with /finetune in <#C2>');
});
