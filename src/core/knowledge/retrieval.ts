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
  'tuned',
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
  'find',
  'found',
  'say',
  'tell',
  'make',
  'makes',
  'get',
  'give',
  'happen',
  'cause',
  'really',
  'actually',
  'idea',
  'way',
  'much',
  'many',
];

/** A question must have this share of its content words answered by the chosen sentences. */
const MIN_COVERAGE = 0.5;

export interface Sentence {
  text: string;
  /** Set for figures a secondary source gave, so the answer can say so. */
  secondary: boolean;
}

export interface Passage {
  entry: KnowledgeEntry;
  /** The entry's sentences most related to the question, best first. */
  sentences: Sentence[];
  score: number;
}

/**
 * TF-IDF retrieval over the knowledge entries (natural's TfIdf on stemmed words). An entry answers
 * only if its sentences cover most of what the question asks beyond the names in it; otherwise the
 * advisor says it does not know rather than offering loosely related figures.
 */
export class KnowledgeIndex {
  private readonly tfidf = new TfIdf();
  private readonly ignored: Set<string>;
  private readonly names: Map<string, Set<string>>;

  constructor(private readonly entries: KnowledgeEntry[]) {
    this.ignored = new Set(
      [...stopwords, ...DOMAIN_STOPWORDS].map((word) => analyse(word).tokens[0]?.stem ?? word),
    );
    this.names = new Map(
      entries.map((entry) => [entry.id, new Set(this.terms([entry.short, ...entry.aliases].join(' ')))]),
    );
    for (const entry of entries) this.tfidf.addDocument(this.terms(documentText(entry)));
  }

  private terms(text: string): string[] {
    return analyse(text)
      .tokens.map((token) => token.stem)
      .filter((term) => term.length > 1 && !this.ignored.has(term));
  }

  /**
   * Entries that answer the question, best first; empty when nothing in the knowledge base does.
   * `within` limits the search to entries the question names ("how many epochs did LIMA use?").
   */
  search(question: string, within: string[] = [], limit = 2): Passage[] {
    const asked = [...new Set(this.terms(question))];
    const named = new Set(within.flatMap((id) => [...(this.names.get(id) ?? [])]));
    // What the question asks about, beyond the names of the papers it names.
    // Bare figures and sizes ("7b") say little about which finding is meant.
    const wanted = asked.filter((term) => !named.has(term) && !/\d/.test(term));
    if (wanted.length === 0) return [];
    const found: Passage[] = [];
    this.entries.forEach((entry, index) => {
      if (within.length > 0 && !within.includes(entry.id)) return;
      const sentences = this.rankSentences(entry, wanted);
      const covered = new Set(sentences.flatMap((sentence) => this.terms(sentence.text)));
      const coverage = wanted.filter((term) => covered.has(term)).length / wanted.length;
      if (sentences.length === 0 || coverage < MIN_COVERAGE) return;
      const score = wanted.reduce((sum, term) => sum + this.tfidf.tfidf(term, index), 0) * coverage;
      found.push({ entry, sentences, score });
    });
    const best = found.sort((a, b) => b.score - a.score);
    const top = best[0];
    if (!top) return [];
    return best.filter((passage) => passage.score >= top.score * 0.6).slice(0, limit);
  }

  private rankSentences(entry: KnowledgeEntry, wanted: string[]): Sentence[] {
    const terms = new Set(wanted);
    const candidates: Sentence[] = [
      ...entry.numbers.map((number) => ({
        text: number.text,
        secondary: number.reliability === 'secondary',
      })),
      ...entry.implications.map((text) => ({ text, secondary: false })),
      ...entry.unverified.map((text) => ({ text: `Not verified: ${text}`, secondary: false })),
    ];
    return candidates
      .map((sentence) => ({
        sentence,
        hits: new Set(this.terms(sentence.text).filter((term) => terms.has(term))).size,
      }))
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
    ...entry.unverified,
    ...entry.tags.map((tag) => tag.replace(/-/g, ' ')),
  ].join('\n');
}
