import { analyse, type Token } from './text.js';

/** The class for replies that answer the question with none of its values ("what do you mean?"). */
export const UNCLEAR = '__unclear__';

/** Labelled example replies to one question: flows/examples/<slot>.yaml. */
export interface SlotExamples {
  slot: string;
  values: Record<string, string[]>;
  unclear: string[];
  /** Values that mean two others together (goal "both"): said when both halves are likely. */
  composite?: Record<string, [string, string]>;
}

export interface Classification {
  /** The likeliest value, or null when the likeliest class is "unclear" or nothing was recognised. */
  value: string | null;
  /** Its posterior probability. */
  probability: number;
  /** Every class (values and UNCLEAR), likeliest first. */
  ranked: { value: string; probability: number }[];
  /** How many of the reply's features the classifier has seen in training. */
  known: number;
}

const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'without', 'hardly', 'nor', 'neither']);
/** Words after a negation that it still reaches ("not at all strict": strict is negated). */
const NEGATION_REACH = 3;
/** Laplace smoothing: small, because replies are short and most features are rare. */
const SMOOTHING = 0.3;
/**
 * Naive Bayes multiplies evidence as if features were independent, which makes its posteriors
 * far too sure on overlapping n-grams. Dividing the log-likelihood by this many features' worth
 * (at least) tempers them; the thresholds that read them are chosen on the development set.
 */
const TEMPER = 2;
/** Chosen on the development sets (goal: 80/100 and 84/120 against 76 and 64 with "both" as a class). */
const COMPOSITE_SHARE = 0.4;

/**
 * A multinomial naive Bayes classifier per question, on stemmed words, negation-marked words and
 * word pairs. It generalises over phrasings that no cue list anticipates ("prices move every
 * sprint"), and says how sure it is, so the dialogue can confirm instead of guessing.
 * Trains in milliseconds at start-up; classifying a reply costs a few microseconds.
 */
/** The classifier's knobs, chosen on the development set (see docs/adr). */
export interface ClassifierOptions {
  smoothing: number;
  temper: number;
  /** A composite value is said when its second half is at least this likely (development set). */
  compositeShare: number;
  /** Character n-grams inside words, so misspellings ("knowlege") still share features. */
  charGrams: number;
}

export const DEFAULT_CLASSIFIER: ClassifierOptions = {
  smoothing: SMOOTHING,
  temper: TEMPER,
  compositeShare: COMPOSITE_SHARE,
  charGrams: 0,
};

export class AnswerClassifier {
  private readonly models = new Map<string, SlotModel>();
  private readonly composites = new Map<string, Record<string, [string, string]>>();

  constructor(
    examples: SlotExamples[],
    extra: Record<string, Record<string, string[]>> = {},
    options: ClassifierOptions = DEFAULT_CLASSIFIER,
  ) {
    for (const set of examples) {
      const byClass: Record<string, string[]> = { [UNCLEAR]: set.unclear };
      const composite = set.composite ?? {};
      for (const [value, replies] of Object.entries(set.values)) {
        if (value in composite) continue;
        byClass[value] = [...replies, ...(extra[set.slot]?.[value] ?? [])];
      }
      this.models.set(set.slot, new SlotModel(byClass, options, composite));
      this.composites.set(set.slot, composite);
    }
  }

  /** The two values a composite value joins ("both": knowledge and alignment), if it is one. */
  halvesOf(slot: string, value: string): readonly [string, string] | undefined {
    return this.composites.get(slot)?.[value];
  }

  has(slot: string): boolean {
    return this.models.has(slot);
  }

  classify(slot: string, text: string): Classification | null {
    return this.models.get(slot)?.classify(text) ?? null;
  }
}

class SlotModel {
  private readonly classes: string[];
  private readonly logPrior: number;
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly totals = new Map<string, number>();
  private readonly vocabulary = new Set<string>();

  constructor(
    byClass: Record<string, string[]>,
    private readonly options: ClassifierOptions,
    private readonly composite: Record<string, [string, string]> = {},
  ) {
    this.classes = Object.keys(byClass).filter((name) => (byClass[name]?.length ?? 0) > 0);
    // Equal priors: how many examples a value has says nothing about how often users mean it.
    this.logPrior = -Math.log(this.classes.length);
    for (const name of this.classes) {
      const counts = new Map<string, number>();
      let total = 0;
      for (const reply of byClass[name] ?? []) {
        for (const feature of features(reply, this.options.charGrams)) {
          counts.set(feature, (counts.get(feature) ?? 0) + 1);
          this.vocabulary.add(feature);
          total += 1;
        }
      }
      this.counts.set(name, counts);
      this.totals.set(name, total);
    }
  }

  classify(text: string): Classification {
    const seen = features(text, this.options.charGrams).filter((feature) => this.vocabulary.has(feature));
    if (seen.length === 0) {
      return { value: null, probability: 0, ranked: [], known: 0 };
    }
    const size = this.vocabulary.size;
    const scale = Math.max(this.options.temper, Math.sqrt(seen.length));
    const scores = this.classes.map((name) => {
      const counts = this.counts.get(name) ?? new Map<string, number>();
      const smoothing = this.options.smoothing;
      const denominator = Math.log((this.totals.get(name) ?? 0) + smoothing * size);
      let logLikelihood = 0;
      for (const feature of seen) {
        logLikelihood += Math.log((counts.get(feature) ?? 0) + smoothing) - denominator;
      }
      return { value: name, score: this.logPrior + logLikelihood / scale };
    });
    const best = Math.max(...scores.map((entry) => entry.score));
    const exps = scores.map((entry) => ({ value: entry.value, weight: Math.exp(entry.score - best) }));
    const sum = exps.reduce((total, entry) => total + entry.weight, 0);
    const ranked = exps
      .map((entry) => ({ value: entry.value, probability: entry.weight / sum }))
      .sort((a, b) => b.probability - a.probability);
    const top = ranked[0];
    const share = (value: string) => ranked.find((entry) => entry.value === value)?.probability ?? 0;
    for (const [value, [a, b]] of Object.entries(this.composite)) {
      const other = top?.value === a ? b : top?.value === b ? a : null;
      if (top && other && share(other) >= this.options.compositeShare) {
        return { value, probability: top.probability + share(other), ranked, known: seen.length };
      }
    }
    return {
      value: top && top.value !== UNCLEAR ? top.value : null,
      probability: top?.probability ?? 0,
      ranked,
      known: seen.length,
    };
  }
}

/** Stems, with words after a negation marked, plus adjacent pairs; digits collapse to one symbol. */
export function features(text: string, charGrams = 0): string[] {
  const tokens = analyse(text).tokens;
  const words = markNegation(tokens);
  const grams: string[] = [];
  if (charGrams > 0) {
    for (const token of tokens) {
      const word = `<${token.word}>`;
      if (word.length <= charGrams + 1) continue;
      for (let index = 0; index + charGrams <= word.length; index++)
        grams.push(`#${word.slice(index, index + charGrams)}`);
    }
  }
  const pairs: string[] = [];
  for (let index = 1; index < words.length; index++) {
    const previous = tokens[index - 1];
    const current = tokens[index];
    if (previous && current && previous.clause === current.clause) {
      pairs.push(`${words[index - 1]}_${words[index]}`);
    }
  }
  return [...words, ...pairs, ...grams];
}

function markNegation(tokens: Token[]): string[] {
  const out: string[] = [];
  let negatedUntil = -1;
  let clause = -1;
  tokens.forEach((token, index) => {
    if (token.clause !== clause) {
      clause = token.clause;
      negatedUntil = -1;
    }
    const stem = /^\d/.test(token.word) ? '<num>' : token.stem;
    if (NEGATORS.has(token.word)) {
      negatedUntil = index + NEGATION_REACH;
      out.push(stem);
      return;
    }
    out.push(index <= negatedUntil ? `¬${stem}` : stem);
  });
  return out;
}
