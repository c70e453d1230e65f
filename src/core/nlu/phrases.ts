import { type Analysis, analyse, type Token } from './text.js';

/** A phrase to look for, tagged with what finding it means. */
export interface PhraseSpec<T> {
  phrase: string;
  tag: T;
}

export interface PhraseMatch<T> {
  tag: T;
  phrase: string;
  /** Token indexes, end exclusive. */
  from: number;
  to: number;
  clause: number;
  negated: boolean;
}

const NEGATORS = new Set(['not', 'no', 'never', 'without', 'nor', 'neither', 'hardly', 'nothing']);
/** "not only X" and "not just X" affirm X. */
const NEGATION_CANCELLERS = new Set(['only', 'just', 'merely', 'simply']);
/**
 * "it doesn't know our tool vocabulary", "it can't read our log formats": a model failing at
 * something names what is missing, so what follows is the need, not something denied.
 */
const GAP_VERBS = new Set([
  'know',
  'understand',
  'read',
  'speak',
  'get',
  'handle',
  'parse',
  'recognise',
  'recognize',
  'follow',
  'sound',
]);
/**
 * "invents function blocks that don't exist in our dialect": what does not exist is the model's
 * invention; the cue after it ("our dialect") is not denied.
 */
const EXISTENCE_VERBS = new Set([
  'exist',
  'exists',
  'existed',
  'appear',
  'appears',
  'occur',
  'occurs',
  'apply',
  'applies',
]);
/** In a cue, `*` stands for up to this many words of the same clause: "answer * questions". */
export const GAP = '*';
const GAP_WORDS = 3;
/**
 * Words a gap never spans: a count or a distributive ("two answers for 7,000 questions", "two
 * answers per question") joins two things counted, not a verb and its object.
 */
const GAP_STOPS = new Set(['for', 'per', 'each', 'every', 'of']);
/** Words that, right after an interjected "no", state what is so ("no it's", "no we have"). */
const STATING = new Set(['its', 'it', 'it’s', 'thats', 'that', 'we', 'i', 'our', 'the', 'this', 'they']);
/** How many words before a cue a negation still reaches. */
const NEGATION_REACH = 6;

function isNegator(tokens: Token[], index: number): boolean {
  const token = tokens[index];
  if (!token) return false;
  const next = tokens[index + 1];
  if (NEGATORS.has(token.word)) {
    if (next && NEGATION_CANCELLERS.has(next.word)) return false;
    // "wait no its one task", "no, it's the format": an interjection that corrects what was
    // said before, followed by what is so; it negates nothing after it.
    if (token.word === 'no' && next && STATING.has(next.word)) return false;
    // "does not really know": the verb may come a word later.
    const verb = next?.word === 'really' || next?.word === 'even' ? tokens[index + 2] : next;
    return !(verb && token.word === 'not' && (GAP_VERBS.has(verb.stem) || EXISTENCE_VERBS.has(verb.word)));
  }
  const previous = tokens[index - 1];
  // "rather than X", "instead of X"
  // "rather than X", "instead of X", "a lookup problem more than a language problem"
  return (
    (token.word === 'than' && (previous?.word === 'rather' || previous?.word === 'more')) ||
    (token.word === 'of' && previous?.word === 'instead') ||
    // "far from normal text", "a long way from internet text"
    (token.word === 'from' && (previous?.word === 'far' || previous?.word === 'way'))
  );
}

/** Whether a negation in the same clause reaches the word at `from` ("no ratings", "not about style"). */
export function negatedAt(tokens: Token[], from: number): boolean {
  const clause = tokens[from]?.clause;
  for (let index = from - 1; index >= Math.max(0, from - NEGATION_REACH); index--) {
    if (tokens[index]?.clause !== clause) return false;
    if (isNegator(tokens, index)) return true;
  }
  return false;
}

/**
 * Finds stemmed phrases in analysed text. Phrases are indexed by their first stem, so matching
 * costs about one map lookup per word, however many phrases there are.
 */
export class PhraseIndex<T> {
  private readonly byFirstStem = new Map<string, { stems: string[]; spec: PhraseSpec<T> }[]>();

  constructor(specs: Iterable<PhraseSpec<T>>) {
    for (const spec of specs) {
      // A gap is kept as itself; every other word is stemmed.
      const stems = spec.phrase
        .split(/\s+/)
        .flatMap((part) => (part === GAP ? [GAP] : analyse(part).tokens.map((token) => token.stem)));
      const first = stems[0];
      if (first === undefined) continue;
      const bucket = this.byFirstStem.get(first) ?? [];
      bucket.push({ stems, spec });
      this.byFirstStem.set(first, bucket);
    }
  }

  /** All occurrences, with contained matches of the same group removed (the longest cue wins). */
  find(analysis: Analysis, group: (tag: T) => string = () => ''): PhraseMatch<T>[] {
    const { tokens } = analysis;
    const found: PhraseMatch<T>[] = [];
    tokens.forEach((token, from) => {
      for (const candidate of this.byFirstStem.get(token.stem) ?? []) {
        const to = matchEnd(tokens, from + 1, candidate.stems, 1, token.clause);
        if (to === -1) continue;
        found.push({
          tag: candidate.spec.tag,
          phrase: candidate.spec.phrase,
          from,
          to,
          clause: token.clause,
          negated: negatedAt(tokens, from),
        });
      }
    });
    return found.filter(
      (match) =>
        !found.some(
          (other) =>
            other !== match &&
            group(other.tag) === group(match.tag) &&
            other.from <= match.from &&
            other.to >= match.to &&
            other.to - other.from > match.to - match.from,
        ),
    );
  }
}

/**
 * Where the rest of a cue (`stems` from `at`) ends when matched from token `index`, or -1. A gap
 * takes as few words as it can, so the shortest match is found; the cue stays within one clause.
 */
function matchEnd(tokens: Token[], index: number, stems: string[], at: number, clause: number): number {
  if (at === stems.length) return index;
  const stem = stems[at];
  if (stem === GAP) {
    for (let skip = 0; skip <= GAP_WORDS; skip++) {
      const skipped = tokens[index + skip - 1];
      if (skip > 0 && (skipped?.clause !== clause || GAP_STOPS.has(skipped.word) || /\d/.test(skipped.word)))
        break;
      const end = matchEnd(tokens, index + skip, stems, at + 1, clause);
      if (end !== -1) return end;
    }
    return -1;
  }
  const token = tokens[index];
  if (!token || token.stem !== stem || token.clause !== clause) return -1;
  return matchEnd(tokens, index + 1, stems, at + 1, clause);
}
