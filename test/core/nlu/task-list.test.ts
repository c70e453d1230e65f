import { taskListClauses } from '../../../src/core/nlu/task-list';
import { analyse } from '../../../src/core/nlu/text';

const listed = (text: string) => {
  const analysis = analyse(text);
  return [...taskListClauses(analysis)].map((clause) =>
    analysis.tokens
      .filter((token) => token.clause === clause)
      .map((token) => token.word)
      .join(' '),
  );
};

describe('lists of tasks', () => {
  test('three task names in a row are a list', () => {
    expect(listed('Seller copilot: write listings, answer buyer questions, suggest prices.')).toEqual([
      'write listings',
      'answer buyer questions',
      'suggest prices',
    ]);
    expect(listed('email drafting, policy summarisation, complaint triage, etc.')).toHaveLength(3);
  });

  test('two tasks, or short clauses that are not tasks, are not a list', () => {
    expect(listed('write listings and answer buyer questions')).toEqual([]);
    expect(listed('style matters, facts change weekly, one task')).toEqual([]);
    // "generic" is not a form of "generate".
    expect(listed('summarisation, classification. generic models fumble the notation')).toEqual([]);
  });
});
