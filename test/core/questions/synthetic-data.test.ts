import { realAdvisor } from '../../support/advisor';
import { advisedWith, ask, seen } from './support';

/**
 * Generating training data with a stronger model (persona round C: "GPT-4 writes 500 more" got
 * LIMIT's sample sizes and the Icelandic case study, never the imitation finding or filtering).
 */
const styleProfile = {
  goal: 'alignment',
  dataKind: 'demonstrations',
  dataSize: 400,
  dataUnit: 'items',
  styleSensitivity: 'high',
  taskScope: 'single',
  tried: 'prompting',
  platform: 'hosted-api',
};

test.each([
  'can we just have gpt-4 write 500 more examples for us and train on those?',
  'should we pad the set out with llm-generated examples?',
  'is synthetic data from claude good enough to fine-tune on',
])('a question about generated training data is answered from the synthetic-data concept: %s', (text) => {
  for (const context of [undefined, advisedWith(styleProfile)]) {
    const reply = ask(text, context);
    expect(reply.responses).not.toContain('answer.unknown');
    const text_ = seen(reply);
    // The finding that such data buys style, not ability, or that it must be filtered.
    expect(text_).toMatch(/gudibande|alpagasus|imitation/);
  }
});

test('an amount that a verb of making governs is still to be made: it is no data had', () => {
  const advisor = realAdvisor();
  const { session } = advisor.handleTurn(null, {
    kind: 'text',
    text: 'can we just have gpt-4 write 500 more examples for us and train on those?',
  });
  expect(session.answers.dataKind).toBeUndefined();
  expect(session.answers.dataSize).toBeUndefined();
});
