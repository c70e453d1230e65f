import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance';
import NounInflector from 'natural/lib/natural/inflectors/noun_inflector';
import type { Vocabulary } from '../../content/vocabulary-schema.js';

const inflector = new NounInflector();

/** Misspellings are forgiven only in longer words: "exemples" is "examples", "pares" is not "pairs". */
const FUZZY_MIN_LENGTH = 6;

/**
 * The nouns that count training data (flows/vocabulary.yaml), looked up in any number and with
 * small misspellings. The amount parser asks whether a word counts data at all; the understander
 * asks which kinds of data it suggests.
 */
export class DataVocabulary {
  private readonly nouns: Map<string, readonly string[]>;
  private readonly cache = new Map<string, string | null>();
  private readonly byLength = new Map<number, string[]>();

  private readonly people: ReadonlySet<string>;

  constructor(readonly source: Vocabulary) {
    this.nouns = new Map(Object.entries(source.dataNouns));
    this.people = new Set(source.people);
    for (const noun of this.nouns.keys()) {
      const list = this.byLength.get(noun.length) ?? [];
      list.push(noun);
      this.byLength.set(noun.length, list);
    }
  }

  /** The vocabulary's noun a word is a form of ("responses" -> "response"), or null. */
  lemma(word: string): string | null {
    const lower = word.toLowerCase();
    const known = this.cache.get(lower);
    if (known !== undefined) return known;
    const found = this.find(lower);
    if (this.cache.size < 20_000) this.cache.set(lower, found);
    return found;
  }

  isDataNoun(word: string): boolean {
    return this.lemma(word) !== null;
  }

  /** The kinds of data a noun suggests: [] for any kind, null when it does not count data. */
  kindsOf(word: string): readonly string[] | null {
    const lemma = this.lemma(word);
    return lemma === null ? null : (this.nouns.get(lemma) ?? null);
  }

  /** Whether a word names people ("nurses", "agents"): a count of them is never a count of data. */
  isPeople(word: string): boolean {
    const lower = word.toLowerCase();
    return this.people.has(lower) || this.people.has(inflector.singularize(lower));
  }

  /** Any noun in the singular ("categories" → "category"), as the data nouns are looked up. */
  singular(word: string): string {
    return inflector.singularize(word.toLowerCase());
  }

  private find(word: string): string | null {
    if (!/^[a-z][a-z-]*$/.test(word)) return null;
    // The word itself first: the inflector turns "cases" into "cas" and "news" into "new".
    if (this.nouns.has(word)) return word;
    const singular = inflector.singularize(word);
    if (this.nouns.has(singular)) return singular;
    // The inflector also drops too much from "clauses" ("claus"): a plain -s plural is tried too.
    const plain = word.endsWith('s') ? word.slice(0, -1) : word;
    if (this.nouns.has(plain)) return plain;
    // A misspelling swaps, changes or drops one letter ("exemples", "documnets", "transcipts");
    // a word one letter longer than a noun is usually another word ("patients" is not "patents").
    for (const candidate of [word, singular, word.replace(/e?s$/, '')]) {
      if (candidate.length < FUZZY_MIN_LENGTH) continue;
      for (const length of [candidate.length, candidate.length + 1]) {
        for (const noun of this.byLength.get(length) ?? []) {
          if (noun[0] === candidate[0] && DamerauLevenshteinDistance(candidate, noun) <= 1) return noun;
        }
      }
    }
    return null;
  }
}
