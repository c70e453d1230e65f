import { PassageRanker } from '../../../src/core/questions/rank';

describe('passage ranking', () => {
  const documents = [
    ['lora', 'rank', 'adapt'],
    ['dpo', 'beta', 'dpo', 'refer'],
    ['dpo', 'length', 'answer', 'longer', 'tulu', 'alpacaev', 'token', 'output', 'averag'],
    ['rag', 'index', 'retriev'],
  ];

  test.each(['bm25', 'tfidf'] as const)('%s: the passage sharing the rare terms comes first', (method) => {
    const ranker = new PassageRanker(documents, method);
    const scores = ranker.scores(['dpo', 'beta']);
    const best = [...scores.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(best).toBe(1);
    expect(scores.has(0)).toBe(false);
  });

  test('BM25 does not let a long passage win on length alone', () => {
    const ranker = new PassageRanker(documents, 'bm25');
    const scores = ranker.scores(['dpo']);
    expect(scores.get(1) ?? 0).toBeGreaterThan(scores.get(2) ?? 0);
  });

  test('a term in every passage says little', () => {
    const ranker = new PassageRanker(
      [
        ['a', 'x'],
        ['a', 'y'],
        ['a', 'z'],
      ],
      'bm25',
    );
    expect(ranker.idf('a')).toBeLessThan(ranker.idf('x'));
  });
});
