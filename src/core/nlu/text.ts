import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import { words as stopwords } from 'natural/lib/natural/util/stopwords';

/** One word of a message, with where it came from, so replies can quote the user's own words. */
export interface Token {
  /** Lowercased, accents removed, contractions expanded ("don't" gives "do" and "not"). */
  word: string;
  stem: string;
  start: number;
  end: number;
  clause: number;
}

export interface Analysis {
  text: string;
  tokens: Token[];
  /** Character spans of the message's clauses: negation and scoped answers never cross them. */
  clauses: { start: number; end: number }[];
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const CLAUSE_PUNCTUATION = /[.,;:!?()[\]\n—–]/;
const CLAUSE_WORDS = new Set(['but', 'however', 'though', 'although', 'whereas', 'while', 'except']);

const CONTRACTIONS: Record<string, string[]> = {
  "can't": ['can', 'not'],
  "won't": ['will', 'not'],
  "shan't": ['shall', 'not'],
  "ain't": ['is', 'not'],
  "let's": ['let', 'us'],
  // Written without the apostrophe, as people type in chat: "dont", "doesnt", "isnt".
  dont: ['do', 'not'],
  doesnt: ['does', 'not'],
  didnt: ['did', 'not'],
  cant: ['can', 'not'],
  wont: ['will', 'not'],
  isnt: ['is', 'not'],
  arent: ['are', 'not'],
  wasnt: ['was', 'not'],
  werent: ['were', 'not'],
  havent: ['have', 'not'],
  hasnt: ['has', 'not'],
  hadnt: ['had', 'not'],
  shouldnt: ['should', 'not'],
  wouldnt: ['would', 'not'],
  couldnt: ['could', 'not'],
};
const SUFFIXES: [string, string][] = [
  ["n't", 'not'],
  ["'re", 'are'],
  ["'ve", 'have'],
  ["'ll", 'will'],
  ["'d", 'would'],
  ["'m", 'am'],
  ["'s", 'is'],
];

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/’/g, "'");
}

function expand(word: string): string[] {
  const fixed = CONTRACTIONS[word];
  if (fixed) return fixed;
  for (const [suffix, replacement] of SUFFIXES) {
    if (word.endsWith(suffix) && word.length > suffix.length)
      return [word.slice(0, -suffix.length), replacement];
  }
  return [word];
}

/**
 * Words Porter over-stems into another word's stem: "generate" and "general" both become "gener",
 * so "we generate code" read as "general" text. Each keeps a stem of its own.
 */
const STEM_EXCEPTIONS: Record<string, string> = {
  generate: 'generat',
  generates: 'generat',
  generated: 'generat',
  generating: 'generat',
  generation: 'generat',
  generations: 'generat',
  generator: 'generat',
  generators: 'generat',
};

const stemCache = new Map<string, string>();
export function stem(word: string): string {
  let cached = stemCache.get(word);
  if (cached === undefined) {
    cached = STEM_EXCEPTIONS[word] ?? (/^\p{L}+$/u.test(word) ? PorterStemmer.stem(word) : word);
    if (stemCache.size < 50_000) stemCache.set(word, cached);
  }
  return cached;
}

/** Splits a message into stemmed words and clauses. Linear in the length of the text. */
export function analyse(text: string): Analysis {
  const tokens: Token[] = [];
  const clauses: { start: number; end: number }[] = [];
  let clause = 0;
  let clauseStart = 0;
  let last = 0;
  const closeClause = (at: number) => {
    if (tokens.length > 0 && tokens[tokens.length - 1]?.clause === clause) {
      clauses.push({ start: clauseStart, end: at });
      clause += 1;
    }
    clauseStart = at;
  };
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const gap = text.slice(last, start);
    // "1.2k" and "60,000" are numbers, not clause breaks.
    const insideNumber =
      (gap === '.' || gap === ',') && /\d/.test(text[last - 1] ?? '') && /^\d/.test(match[0]);
    // " - " between words is a dash ("no - the 60k is …"); "note-summary" is one word.
    // "~800 writeups, each linked to its log slice": ", each …" goes on describing the same things.
    const appositive = /^\s*,\s*$/.test(gap) && /^each$/i.test(match[0]);
    if (!insideNumber && !appositive && (CLAUSE_PUNCTUATION.test(gap) || /\s-+\s/.test(gap)))
      closeClause(start);
    const folded = fold(match[0]);
    if (CLAUSE_WORDS.has(folded)) {
      closeClause(end);
      last = end;
      continue;
    }
    for (const word of expand(folded)) tokens.push({ word, stem: stem(word), start, end, clause });
    last = end;
  }
  if (tokens.length > 0 && tokens[tokens.length - 1]?.clause === clause)
    clauses.push({ start: clauseStart, end: text.length });
  return { text, tokens, clauses };
}

/** The clause a character offset falls in (-1 past the last word). */
export function clauseAt(analysis: Pick<Analysis, 'tokens'>, offset: number): number {
  return analysis.tokens.find((token) => token.end > offset)?.clause ?? -1;
}

/** The user's words for a clause, trimmed to a quotable length. */
export function clauseText(analysis: Analysis, clauseIndex: number, maxLength = 90): string {
  const span = analysis.clauses[clauseIndex];
  if (!span) return '';
  const raw = analysis.text
    .slice(span.start, span.end)
    .replace(/^[\s.,;:!?()[\]-]+|[\s.,;:!?()[\]-]+$/g, '')
    .replace(/\s+/g, ' ');
  return raw.length <= maxLength ? raw : `${raw.slice(0, maxLength - 1).trimEnd()}…`;
}

const STOPWORDS = new Set(stopwords);
/** Words that carry meaning: not stopwords, not single letters, not bare numbers. */
export function isContentWord(token: Token): boolean {
  return token.word.length > 1 && !STOPWORDS.has(token.word) && !/^\d+$/.test(token.word);
}
