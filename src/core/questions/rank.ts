/**
 * Ranking of passages for a question's terms. Two scorers over the same inverted index, so they
 * can be compared on the development questions (docs/adr/0007-passage-retrieval.md): Okapi BM25,
 * the default, and TF-IDF as the knowledge index used it before.
 */

export type RankingMethod = 'bm25' | 'tfidf';

/** BM25's usual constants: term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

export class PassageRanker {
  /** term -> [document index, term frequency] postings */
  private readonly postings = new Map<string, [number, number][]>();
  private readonly lengths: number[];
  private readonly averageLength: number;

  constructor(
    documents: string[][],
    readonly method: RankingMethod = 'bm25',
  ) {
    this.lengths = documents.map((terms) => terms.length);
    this.averageLength =
      this.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, documents.length);
    documents.forEach((terms, index) => {
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, count] of counts) {
        const list = this.postings.get(term) ?? [];
        list.push([index, count]);
        this.postings.set(term, list);
      }
    });
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** How rare a term is: rarer terms say more about which passage is meant. */
  idf(term: string): number {
    const n = this.lengths.length;
    const df = this.postings.get(term)?.length ?? 0;
    return this.method === 'bm25' ? Math.log(1 + (n - df + 0.5) / (df + 0.5)) : 1 + Math.log(n / (1 + df));
  }

  /** Scores of every passage that shares a term with the query; each query term counts once. */
  scores(query: string[]): Map<number, number> {
    const out = new Map<number, number>();
    for (const term of new Set(query)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const [index, tf] of list) {
        const length = this.lengths[index] ?? 0;
        const weight =
          this.method === 'bm25'
            ? (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / this.averageLength))
            : (idf * tf) / Math.sqrt(Math.max(1, length));
        out.set(index, (out.get(index) ?? 0) + weight);
      }
    }
    return out;
  }
}
