import type { Session } from '../../src/core/types';
import { realAdvisor } from '../support/advisor';

const advisor = realAdvisor({ sessionTtlMs: 60 * 60 * 1000, maxMessageLength: 4000 });
const at = (iso: string) => new Date(iso);

function answersOf(session: Session): Record<string, unknown> {
  return Object.fromEntries(Object.entries(session.answers).map(([slot, answer]) => [slot, answer.value]));
}

describe('Advisor sessions', () => {
  test('a session saved under an older flow keeps the answers that still apply and says so', () => {
    const { session } = advisor.handleTurn(
      null,
      { kind: 'text', text: "it's about tone, not facts" },
      at('2026-11-21T09:00:00Z'),
    );
    const old: Session = {
      ...session,
      flowVersion: 0,
      answers: {
        ...session.answers,
        retired: { value: 'x', source: 'user', quote: 'x' },
        dataKind: { value: 'tarot-cards', source: 'user', quote: 'tarot cards' },
      },
      history: [...session.history, 'retired', 'dataKind'],
    };
    const next = advisor.handleTurn(old, { kind: 'text', text: 'where are we?' }, at('2026-11-21T09:01:00Z'));
    expect(next.replies[0]?.text).toMatch(/My questions have changed since we last spoke/);
    expect(answersOf(next.session)).toEqual({ goal: 'alignment' });
    expect(next.session.flowVersion).toBe(advisor.content.flow.version);
    expect(next.replies.at(-1)?.awaiting).toBe('dataKind');
  });

  test('a long message is read up to the limit, and the user is told', () => {
    const text = `We need a strict brand voice. ${'blah '.repeat(2000)} We have 900 demonstrations.`;
    const { replies, session } = advisor.handleTurn(null, { kind: 'text', text });
    expect(replies[0]?.text).toMatch(/read its first 4,000 characters/);
    expect(answersOf(session)).toMatchObject({ goal: 'alignment', styleSensitivity: 'high' });
    expect(answersOf(session)).not.toHaveProperty('dataSize');
  });

  test('the message that wakes an expired conversation is kept and read after "resume"', () => {
    let { session } = advisor.handleTurn(
      null,
      { kind: 'text', text: "it's about tone" },
      at('2026-11-21T09:00:00Z'),
    );
    const offer = advisor.handleTurn(
      session,
      { kind: 'choice', slot: 'dataKind', value: 'demonstrations' },
      at('2026-11-21T12:00:00Z'),
    );
    expect(offer.replies.at(-1)?.choices.map((choice) => choice.value)).toEqual(['resume', 'start over']);
    expect(answersOf(offer.session)).not.toHaveProperty('dataKind');
    session = offer.session;
    const resumed = advisor.handleTurn(session, { kind: 'text', text: 'resume' }, at('2026-11-21T12:01:00Z'));
    expect(answersOf(resumed.session)).toMatchObject({ goal: 'alignment', dataKind: 'demonstrations' });
    expect(resumed.replies.at(-1)?.awaiting).toBe('dataSize');
  });

  test('control characters are neutralised and never reach a reply', () => {
    const { replies } = advisor.handleTurn(null, {
      kind: 'text',
      text: 'tone\u0000\u0007 matters, not facts',
    });
    for (const reply of replies) {
      expect(reply.text.includes('\u0000') || reply.text.includes('\u0007')).toBe(false);
    }
  });

  test('a session is plain JSON that round-trips', () => {
    const { session } = advisor.handleTurn(null, {
      kind: 'text',
      text: 'we have 60,000 comparisons for tone',
    });
    expect(JSON.parse(JSON.stringify(session))).toEqual(session);
  });
});
