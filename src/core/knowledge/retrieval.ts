import { TfIdf } from 'natural/lib/natural/tfidf';
import { words as stopwords } from 'natural/lib/natural/util/stopwords';
import type { KnowledgeEntry } from '../../content/knowledge-schema.js';
import { analyse } from '../nlu/text.js';

/** Words so common in this knowledge base that they say nothing about which entry answers a question. */
const DOMAIN_STOPWORDS = [
  'model',
  'models',
  'data',
  'fine',
  'tune',
  'tuning',
  'train',
  'training',
  'use',
  'need',
  'paper',
  'show',
  'result',
  'llm',
  'llms',
  'language',
  'good',
  'better',
  'best',
  'work',
];

export interface Passage {
  entry: KnowledgeEntry;
  /** The entry's sentences most related to the question, best first. */
  sentences: string[];
  score: number;
}

/**
 * TF-IDF retrieval over the knowledge entries (natural's TfIdf on stemmed words). A question whose
 * content words appear in no entry gets no passage: the advisor then says it does not know.
 */
export class KnowledgeIndex {
  private readonly tfidf = new TfIdf();
  private readonly ignored: Set<string>;

  constructor(private readonly entries: KnowledgeEntry[]) {
    this.ignored = new Set(
      [...stopwords, ...DOMAIN_STOPWORDS].map((word) => analyse(word).tokens[0]?.stem ?? word),
    );
    for (const entry of entries) this.tfidf.addDocument(this.terms(documentText(entry)));
  }

  private terms(text: string): string[] {
    return analyse(text)
      .tokens.map((token) => token.stem)
      .filter((term) => term.length > 1 && !this.ignored.has(term));
  }

  /** Entries that answer the question, best first; empty when nothing in the knowledge base does. */
  search(question: string, limit = 2): Passage[] {
    const terms = [...new Set(this.terms(question))];
    if (terms.length === 0) return [];
    const scored: Passage[] = [];
    this.tfidf.tfidfs(terms, (index, measure) => {
      const entry = this.entries[index];
      if (!entry || measure <= 0) return;
      scored.push({ entry, score: measure, sentences: this.rankSentences(entry, terms) });
    });
    const best = scored.sort((a, b) => b.score - a.score);
    const top = best[0];
    if (!top || top.sentences.length === 0) return [];
    // Keep only passages that come close to the best one: the rest are noise.
    return best
      .filter((passage) => passage.score >= top.score * 0.6 && passage.sentences.length > 0)
      .slice(0, limit);
  }

  private rankSentences(entry: KnowledgeEntry, terms: string[]): string[] {
    const wanted = new Set(terms);
    return [...entry.numbers.map((number) => number.text), ...entry.implications]
      .map((sentence) => ({ sentence, hits: this.terms(sentence).filter((term) => wanted.has(term)).length }))
      .filter((candidate) => candidate.hits > 0)
      .sort((a, b) => b.hits - a.hits)
      .slice(0, 3)
      .map((candidate) => candidate.sentence);
  }
}

function documentText(entry: KnowledgeEntry): string {
  return [
    entry.title,
    entry.short,
    ...entry.aliases,
    entry.summary,
    ...entry.numbers.map((number) => number.text),
    ...entry.implications,
    ...entry.tags.map((tag) => tag.replace(/-/g, ' ')),
  ].join('\n');
}
