import type { GpuCatalogue } from '../../content/gpus-schema.js';
import type { Reading } from './readings.js';

/** A GPU the user named, with how many and how much memory each. */
export interface GpuMention {
  model: string;
  count: number;
  memoryGb: number;
  quote: string;
  start: number;
  end: number;
}

const COUNT_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  two: 2,
  dual: 2,
  'a pair of': 2,
  'a couple of': 2,
  'couple of': 2,
  three: 3,
  four: 4,
  quad: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  sixteen: 16,
  // "several A100s", "a few 80gb cards": more than one, and at least this many is the safe reading.
  several: 3,
  multiple: 3,
  'a few': 3,
};
const BRAND = '(?:(?:nvidia|geforce|rtx|gtx|tesla|amd|instinct|radeon)\\s*)';
/** "local 4090", "my 3090", "our old 4090": whose card it is makes a bare model number a GPU. */
const OWNED_BEFORE = /\b(local|my|our|own|spare|old|gaming|the)\s+$/i;
/** Said before a GPU in the same clause, these mean the user does not have it ("no A100s, just a 4090"). */
const NEGATED =
  /\b(no|not|without|nor|never|don'?t have|do not have|instead of|rather than|lack)\b[^,.;!?]*$/;

/**
 * Finds the GPUs a message names, from flows/gpus.yaml. A name of letters and digits ("a100",
 * "l40s") is a GPU wherever it stands; a name of digits only ("4090") only with words that make
 * it one (a brand, "a 4090", "4090s", "4090 ti", a size in GB, a count) and not counting data
 * ("4090 examples"), or when the question asked was about GPUs.
 */
export class GpuReader {
  private readonly pattern: RegExp;
  /** Cards named by their memory only: "several 80gb gpus", "two 24 GB cards", "4 x 80GB GPUs". */
  private readonly unnamed: RegExp;

  constructor(private readonly catalogue: GpuCatalogue) {
    const names = Object.keys(catalogue.models).sort((a, b) => b.length - a.length);
    const counts = Object.keys(COUNT_WORDS)
      .sort((a, b) => b.length - a.length)
      .map((word) => word.replace(/ /g, '\\s+'));
    this.pattern = new RegExp(
      `(?<![\\w.,])(?:(\\d{1,3}|${counts.join('|')})\\s*(?:x|×|\\*)?\\s*)?(${BRAND}*)(${names.join('|')})` +
        `(?:[\\s-]*(ti|super))?(s)?(?:\\s*(?:(?:with|of|at)\\s+|w\\/\\s*|,\\s*)?\\(?\\s*(\\d{1,3})\\s*gb(?:\\s+each)?\\)?)?` +
        `(?:\\s*(?:x|×)\\s*(\\d{1,3}))?(?![\\w])`,
      'gi',
    );
    this.unnamed = new RegExp(
      `(?<![\\w.,])(?:(\\d{1,2}|${counts.join('|')})(?:\\s*(?:x|×|\\*)\\s*|\\s+))?(\\d{1,3})\\s*gb\\s+(gpus?|cards?)\\b`,
      'gi',
    );
  }

  find(text: string, options: { gpuAsked: boolean; isDataNoun: (word: string) => boolean }): GpuMention[] {
    const mentions: GpuMention[] = [];
    for (const match of text.matchAll(this.pattern)) {
      const [whole, countWord, brand, rawModel, suffix, plural, memory, countAfter] = match;
      const model = (rawModel ?? '').toLowerCase();
      const start = match.index ?? 0;
      const end = start + whole.length;
      const count = countOf(countWord) ?? (countAfter ? Number(countAfter) : undefined);
      if (/^\d+$/.test(model)) {
        const marked =
          Boolean(brand) ||
          Boolean(suffix) ||
          Boolean(plural) ||
          Boolean(memory) ||
          count !== undefined ||
          OWNED_BEFORE.test(text.slice(Math.max(0, start - 12), start));
        const next = /^\s*([a-z]+)/i.exec(text.slice(end))?.[1]?.toLowerCase();
        if (next && options.isDataNoun(next)) continue;
        if (!marked && !options.gpuAsked) continue;
        // "2 4090": a bare number before a bare model number is too likely a list of amounts.
        if (!brand && !suffix && !plural && countWord && /^\d+$/.test(countWord) && !/x|×/i.test(whole))
          continue;
      }
      if (NEGATED.test(text.slice(Math.max(0, start - 40), start).toLowerCase())) continue;
      const catalogued = this.catalogue.models[model];
      if (catalogued === undefined) continue;
      mentions.push({
        model,
        count: count ?? 1,
        memoryGb: memory ? Number(memory) : catalogued,
        quote: whole.trim(),
        start,
        end,
      });
    }
    for (const match of text.matchAll(this.unnamed)) {
      const [whole, countWord, memory, noun] = match;
      const start = match.index ?? 0;
      const end = start + whole.length;
      if (mentions.some((mention) => start < mention.end && end > mention.start)) continue;
      if (NEGATED.test(text.slice(Math.max(0, start - 40), start).toLowerCase())) continue;
      // "80gb gpus" with no count is still more than one card.
      const count = countOf(countWord) ?? (/s$/i.test(noun ?? '') ? 2 : 1);
      mentions.push({ model: 'gpu', count, memoryGb: Number(memory), quote: whole.trim(), start, end });
    }
    return mentions;
  }

  /**
   * consumer, datacenter or cluster (docs/contract.md) by what the cards can hold together: a
   * cluster is several cards with the memory of at least two 80 GB GPUs (full fine-tuning of a 7B
   * model needs about 120 GB); "2x A6000 48GB" holds what one 80 GB card does, so it is datacenter,
   * and a few consumer cards stay consumer: each still holds at most 24-32 GB.
   */
  classOf(mention: GpuMention): 'consumer' | 'datacenter' | 'cluster' {
    const total = mention.memoryGb * mention.count;
    if (mention.count >= 2 && total >= this.catalogue.clusterMinGb) return 'cluster';
    if (mention.memoryGb <= this.catalogue.consumerMaxGb) return 'consumer';
    return 'datacenter';
  }

  /** What the GPUs named say: which GPU, and that the user would train on GPUs of their own. */
  readings(mentions: GpuMention[]): Reading[] {
    return mentions.flatMap((mention): Reading[] => {
      const span = { quote: mention.quote, start: mention.start, end: mention.end };
      return [
        // A card named (and counted) is more precise than any bag of words: the classifier never overrules it.
        { slot: 'gpu', value: this.classOf(mention), ...span, strength: 'strong', via: 'rule', firm: true },
        { slot: 'platform', value: 'own-gpus', ...span, strength: 'strong', via: 'rule' },
      ];
    });
  }
}

function countOf(word: string | undefined): number | undefined {
  if (!word) return undefined;
  if (/^\d+$/.test(word)) return Number(word);
  return COUNT_WORDS[word.toLowerCase().replace(/\s+/g, ' ')];
}

export function overlapsAny(mentions: GpuMention[], start: number, end: number): boolean {
  return mentions.some((mention) => start < mention.end && end > mention.start);
}
