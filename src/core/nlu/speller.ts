import { type Analysis, stem, type Token } from './text.js';

/** Only words this long are corrected: short words are too often other words ("tine", "form"). */
const MIN_LENGTH = 5;

/**
 * Corrects misspelt words ("assistent", "knowlege", "retreival", "finetuend") to a word the
 * advisor knows, one letter changed, dropped, added or swapped, so cue phrases and the
 * classifier still see them. The known words are those of the language data and the training
 * replies; a deletion index (each word with one letter left out) finds candidates in a few map
 * lookups, so a message costs microseconds whatever its length.
 */
export class Speller {
  private readonly known: Set<string>;
  /** Real words the advisor need not know ("staging"): never read as a misspelling of one it does ("tagging"). */
  private readonly real: ReadonlySet<string>;
  private readonly byDeletion = new Map<string, string>();
  private readonly cache = new Map<string, string | null>();

  constructor(words: Iterable<string>, realWords: Iterable<string> = []) {
    this.real = new Set(realWords);
    this.known = new Set();
    for (const raw of words) {
      const word = raw.toLowerCase();
      if (!/^\p{L}+$/u.test(word)) continue;
      this.known.add(word);
    }
    for (const word of this.known) {
      if (word.length < MIN_LENGTH) continue;
      for (const variant of deletions(word)) {
        // Two known words one deletion apart from a misspelling: too close to choose, keep neither.
        const other = this.byDeletion.get(variant);
        this.byDeletion.set(variant, other === undefined || other === word ? word : '');
      }
    }
  }

  /** The word meant, or null when the word is known or no single known word is one edit away. */
  correct(word: string): string | null {
    if (word.length < MIN_LENGTH || this.known.has(word) || this.real.has(word) || !/^\p{L}+$/u.test(word))
      return null;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const candidates = new Set<string>();
    // A letter too many: the misspelling with one letter left out is a known word.
    for (const variant of deletions(word)) if (this.known.has(variant)) candidates.add(variant);
    // A letter missing, changed or swapped: the two share a deletion.
    for (const variant of [word, ...deletions(word)]) {
      const found = this.byDeletion.get(variant);
      if (found) candidates.add(found);
    }
    const found = candidates.size === 1 ? ([...candidates][0] ?? null) : null;
    if (this.cache.size < 20_000) this.cache.set(word, found);
    return found;
  }

  /** The analysis with misspelt words read as the words they stand for (spans unchanged, for quotes). */
  fix(analysis: Analysis): Analysis {
    let changed = false;
    const tokens = analysis.tokens.map((token): Token => {
      const fixed = this.correct(token.word);
      if (!fixed) return token;
      changed = true;
      return { ...token, word: fixed, stem: stem(fixed) };
    });
    return changed ? { ...analysis, tokens } : analysis;
  }

  /** The text with misspelt words replaced, for readers that work on text (the classifier). */
  fixText(analysis: Analysis): string {
    let out = '';
    let last = 0;
    for (const token of analysis.tokens) {
      const fixed = this.correct(token.word);
      if (!fixed) continue;
      out += analysis.text.slice(last, token.start) + fixed;
      last = token.end;
    }
    return last === 0 ? analysis.text : out + analysis.text.slice(last);
  }
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let index = 0; index < word.length; index++) out.push(word.slice(0, index) + word.slice(index + 1));
  return out;
}
