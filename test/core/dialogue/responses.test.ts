import { fill } from '../../../src/core/dialogue/responses';

/** Filling a response: placeholders take their values, and a sentence a value opens starts with a capital. */
test('a response opened by a placeholder starts with a capital', () => {
  const texts = {
    'recommend.refined': '{strategy} still comes first.',
    other: 'Now {strategy} comes first.',
  };
  expect(fill(texts, 'recommend.refined' as never, { strategy: 'prompting first' })).toBe(
    'Prompting first still comes first.',
  );
  expect(fill(texts, 'other' as never, { strategy: 'prompting first' })).toBe(
    'Now prompting first comes first.',
  );
});
