import fc from 'fast-check';
import type { Session, TurnInput } from '../../src/core/types';
import { realAdvisor } from '../support/advisor';

const advisor = realAdvisor();

const phrases = [
  "it's about tone, not facts",
  'we need our docs in the answers, they change weekly',
  'we have 5k demonstrations',
  '60,000 comparisons',
  'no data yet',
  'very',
  'not sure',
  'go back',
  'start over',
  'where are we?',
  'help',
  'why not RAG?',
  'what if we had 10k examples?',
  'actually it is both',
  'one task',
  'many tasks',
  '8 billion tokens of clinical notes',
  'banana',
  '',
];

const slotValues: Record<string, string[]> = {
  goal: ['knowledge', 'alignment', 'both', 'nonsense'],
  dataKind: ['none', 'raw-text', 'demonstrations', 'preferences', 'multitask'],
  dataSize: ['20', '300', '3000000000 tokens', 'lots'],
  domainDistance: ['near', 'far'],
  knowledgeChange: ['static', 'frequent'],
  styleSensitivity: ['low', 'medium', 'high'],
  taskScope: ['single', 'many'],
};

const input: fc.Arbitrary<TurnInput> = fc.oneof(
  fc.constantFrom(...phrases).map((text) => ({ kind: 'text' as const, text })),
  fc.string({ maxLength: 200 }).map((text) => ({ kind: 'text' as const, text })),
  fc
    .constantFrom(...Object.keys(slotValues))
    .chain((slot) =>
      fc.constantFrom(...(slotValues[slot] ?? [])).map((value) => ({ kind: 'choice' as const, slot, value })),
    ),
);

describe('the advisor under any sequence of inputs', () => {
  test('never throws, always replies, and never asks a slot the user has answered', () => {
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 25 }), (inputs) => {
        let session: Session | null = null;
        let clock = Date.parse('2026-11-21T09:00:00Z');
        for (const turn of inputs) {
          clock += 60_000;
          const result = advisor.handleTurn(session, turn, new Date(clock));
          session = result.session;
          expect(result.replies.length).toBeGreaterThan(0);
          for (const reply of result.replies) expect(reply.text.trim().length).toBeGreaterThan(0);
          const asked = result.replies.at(-1)?.awaiting;
          const pending = result.session.pending;
          // A clarifying question may revisit a slot on purpose; a plain question never does.
          if (asked && pending?.kind === 'slot') {
            expect({ asked, answer: result.session.answers[asked]?.source }).toEqual({
              asked,
              answer: undefined,
            });
          }
          expect(JSON.parse(JSON.stringify(result.session))).toEqual(result.session);
        }
      }),
      { numRuns: 300 },
    );
    // 300 conversations of up to 25 turns: under a full parallel run this outlasts jest's 5 s default.
  }, 60_000);

  test('any text, however odd, gets a reply', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 5000 }), (text) => {
        const result = advisor.handleTurn(null, { kind: 'text', text });
        expect(result.replies.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
