import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import { words as naturalStopwords } from 'natural/lib/natural/util/stopwords';

/**
 * Text handling for questions: markup removal, words and stems, sentences, and a bounded edit
 * distance for typos. Self-contained (only natural's Porter stemmer and stopword list, imported by
 * submodule so natural's index, ~0.7 s and 100 MB, is never loaded).
 */

export interface Word {
  /** Lowercased, accents folded ("tülu" is "tulu"), "fine-tuning" is one word. */
  word: string;
  stem: string;
}

/** Words that carry no topic: the stopword list plus question and filler words. */
export const STOPWORDS = new Set([
  ...naturalStopwords,
  'ok',
  'okay',
  'so',
  'hey',
  'hi',
  'please',
  'thanks',
  'thank',
  'actually',
  'really',
  'just',
  'like',
  'basically',
  'exactly',
  'even',
  'properly',
  'correctly',
  'honestly',
  'seriously',
  'realistically',
  'frankly',
  'btw',
  // Hedges on a figure ("roughly how long", "time grows roughly with …") say nothing of its topic.
  'roughly',
  'approximately',
  'approx',
  // How to explain, not what ("in plain words", "in a nutshell", "eli5").
  'plain',
  'nutshell',
  'briefly',
  'layman',
  'laymans',
  'eli5',
  'simply',
  'quick',
  'question',
  'questions',
  'wondering',
  'curious',
  'tell',
  'know',
  'explain',
  'describe',
  'mean',
  'means',
  'meaning',
  'would',
  'could',
  'should',
  'might',
  'must',
  'shall',
  'will',
  'can',
  'us',
  'we',
  'our',
  'ours',
  'you',
  'your',
  'me',
  'my',
  'i',
  'lot',
  'lots',
  'thing',
  'things',
  'stuff',
  'kind',
  'way',
  'get',
  'got',
  'also',
  'anything',
  'something',
  'someone',
  'one',
  'ones',
  // How-to verbs that ask for a method, not a topic ("how do I decide which ones to keep?").
  'decide',
  'decides',
  'deciding',
  'determine',
  'figure',
  'ensure',
  'sure',
  'tackle',
]);

/**
 * Comparatives and irregular forms Porter leaves apart from their base ("cheaper" is "cheap"):
 * people ask "which is cheaper?" of a passage that says "a cheap first step".
 */
const FOLDED: Record<string, string> = {
  cheaper: 'cheap',
  cheapest: 'cheap',
  faster: 'fast',
  fastest: 'fast',
  slower: 'slow',
  bigger: 'big',
  biggest: 'big',
  smaller: 'small',
  smallest: 'small',
  larger: 'larg',
  largest: 'larg',
  higher: 'high',
  highest: 'high',
  lower: 'low',
  lowest: 'low',
  forgot: 'forget',
  forgotten: 'forget',
  // A tokenizer is not a token, nor a retriever retrieval: "how many tokens" is not about the
  // tokenizer, and "which retriever?" not about every retrieved passage.
  tokenizer: 'tokenizer',
  tokenizers: 'tokenizer',
  tokenize: 'tokenizer',
  tokenization: 'tokenizer',
  tokeniser: 'tokenizer',
  retriever: 'retriever',
  retrievers: 'retriever',
};

/** Whether a word is one of the forms folded onto another's stem ("cheapest"). */
export function isFolded(word: string): boolean {
  return word in FOLDED || comparativeBase(word) !== undefined;
}

/** Nouns in -ier that are not comparatives of an adjective in -y. */
const NOT_COMPARATIVES = new Set([
  'frontier',
  'barrier',
  'premier',
  'soldier',
  'cashier',
  'courier',
  'dossier',
  'glacier',
]);

/** "Wordier" and "wordiest" are forms of "wordy", which Porter leaves apart. */
function comparativeBase(word: string): string | undefined {
  if (word.length < 6 || NOT_COMPARATIVES.has(word)) return undefined;
  const match = /^(\p{L}{3,})i(er|est)$/u.exec(word);
  return match ? `${match[1]}y` : undefined;
}

const stems = new Map<string, string>();
export function stem(word: string): string {
  let cached = stems.get(word);
  if (cached === undefined) {
    const base = FOLDED[word] === undefined ? comparativeBase(word) : undefined;
    cached =
      FOLDED[word] ?? (/^\p{L}+$/u.test(word) && word.length > 2 ? PorterStemmer.stem(base ?? word) : word);
    if (stems.size < 50_000) stems.set(word, cached);
  }
  return cached;
}

/** One spelling for the terms people write several ways ("fine tuning", "pre-training", "Tülu"). */
export function normalise(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .replace(/\bfine[\s-]?tun(e|ed|es|ing|er)\b/g, 'finetun$1')
      // Practitioners' abbreviations: "FT + RAG", "what lr?".
      .replace(/\bft\b/g, 'finetuning')
      .replace(/\blrs?\b/g, 'learning rate')
      .replace(/\bpre[\s-]?train/g, 'pretrain')
      // "pretrain on our notes first" is continued pretraining, not the original pretraining.
      .replace(
        /(?<!(?:continued|continual|further|adaptive|original|initial|in) )\bpretrain(?:ing|ed)? (?:it |the model |a model |the base |further )?on (our|the|my|these|those|this|all|your|their|its|internal|domain|raw) /g,
        'continued pretraining on $1 ',
      )
      // "make things up", "made-up answers": hallucination in everyday words.
      .replace(
        /\b(make|makes|making|made) (things|stuff|facts|answers|it|them|something|details) up\b/g,
        'hallucinate',
      )
      .replace(/\bmade[\s-]up\b/g, 'hallucinated')
      .replace(/\bq[\s-]lora\b/g, 'qlora')
      .replace(/\bmulti[\s-]task/g, 'multitask')
      .replace(/\bin[\s-]context\b/g, 'incontext')
      .replace(/\bdocs\b/g, 'documents')
      .replace(/\bdoc\b/g, 'document')
      .replace(/\bhalf[\s-]?precision\b/g, 'fp16')
      // "48GB" and "48 GB" are the same figure.
      .replace(/(\d)(gb|tb|mb)\b/g, '$1 $2')
      // "15 million" and "15M" are one figure.
      .replace(/(\d) ?(million|mn)\b/g, '$1m')
      .replace(/(\d) ?(billion|bn)\b/g, '$1b')
      .replace(/(\d) ?thousand\b/g, '$1k')
  );
}

/** Numbers with their units stay whole ("1.3b", "5e-7", "0.693", "4-bit"); words keep apostrophes. */
const TOKEN = /\d+(?:[.,]\d+)*(?:e-\d+)?(?:-bit|[a-z]+)?|[\p{L}][\p{L}\d]*(?:'[\p{L}]+)*|[β$€£]/gu;
const CONTRACTIONS: [RegExp, string][] = [
  [/^can't$/, 'can'],
  [/^won't$/, 'will'],
  [/n't$/, ''],
  [/'(s|re|ve|ll|d|m)$/, ''],
];

export function words(text: string): Word[] {
  const out: Word[] = [];
  for (const match of normalise(text).matchAll(TOKEN)) {
    let word = match[0].replace(/,/g, '');
    if (word.includes("'"))
      for (const [pattern, replacement] of CONTRACTIONS) word = word.replace(pattern, replacement);
    if (word === 'β') word = 'beta';
    out.push({ word, stem: stem(word) });
  }
  return out;
}

/**
 * Words people use for what the sources say in other words, as extra terms (both for passages
 * and questions, so ranking stays symmetric): "invents specs" is hallucination, "12 languages"
 * is multilingual, "verbose" is about length.
 */
const EXPANSIONS: Record<string, string[]> = {
  invent: ['hallucin'],
  fabric: ['hallucin'],
  confabul: ['hallucin'],
  languag: ['multilingu'],
  multilingu: ['languag'],
  spanish: ['multilingu', 'languag'],
  french: ['multilingu', 'languag'],
  german: ['multilingu', 'languag'],
  chines: ['multilingu', 'languag'],
  japanes: ['multilingu', 'languag'],
  korean: ['multilingu', 'languag'],
  arab: ['multilingu', 'languag'],
  hindi: ['multilingu', 'languag'],
  portugues: ['multilingu', 'languag'],
  // "Stacking RAG and SFT", "can it backfire", "will MMLU tank": combining, hurting, dropping.
  stack: ['combin'],
  backfir: ['hurt', 'lower', 'wors'],
  tank: ['drop', 'hurt', 'fall', 'lower'],
  crater: ['drop', 'hurt', 'fall'],
  longer: ['length'],
  lengthen: ['length'],
  // "Faster responses" is latency.
  latenc: ['fast', 'speed'],
  verbos: ['length'],
  wordi: ['length'],
  lengthi: ['length'],
};

/** Stems with the extra terms their synonyms bring. */
export function expand(stems: string[]): string[] {
  return stems.flatMap((term) => [term, ...(EXPANSIONS[term] ?? [])]);
}

/** The stems of the words that say what a text is about. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    if (STOPWORDS.has(word.word) || (word.word.length < 2 && !/\d/.test(word.word))) continue;
    out.push(word.stem);
    const more = EXPANSIONS[word.stem];
    if (more) out.push(...more);
    out.push(...thousands(word.word));
    // "About 11 points" is the sources' 11.2.
    const whole = /^(\d{2,})\.\d+$/.exec(word.word);
    if (whole?.[1]) out.push(whole[1]);
  }
  return out;
}

/**
 * People write thousands as "326k" or "52k" for the sources' 326,154 and 52,002: a count of four
 * or more digits is also its thousands, rounded down and to the nearest ("1,000" is also "1k").
 */
function thousands(word: string): string[] {
  if (!/^\d{4,7}$/.test(word)) return [];
  // Years are not counts ("2023"), but round figures and 2,048 tokens are.
  if (/^(19|20)\d\d$/.test(word) && !/^(2000|2048)$/.test(word)) return [];
  const n = Number(word);
  return [...new Set([`${Math.floor(n / 1000)}k`, `${Math.round(n / 1000)}k`])];
}

/**
 * What a person typed, without what a chat client or a paste adds: HTML tags and entities, Slack
 * mentions and links, Markdown emphasis, code fences, quote markers and URLs. Keeps the words.
 */
export function stripMarkup(text: string): string {
  return (
    text
      .replace(/```[a-z]*\n?/gi, '\n')
      .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2')
      .replace(/<[@#!][^>]*>/g, ' ')
      .replace(/<\/?[a-z][^>]*>/gi, ' ')
      .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (_m, name: string) =>
        name === 'amp' ? '&' : name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'nbsp' ? ' ' : "'",
      )
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/^\s*(>+|#+|[-*•]|\d+[.)])\s+/gm, '')
      // Emphasis only where it opens after a space, so max_new_tokens keeps its underscores.
      .replace(/(^|\s)(\*\*|__|\*|_|`|~~)(?=\S)([^*_`~\n]+?)\2(?=\s|[.,;:!?]|$)/g, '$1$3')
      .replace(/[ \t]+/g, ' ')
      .trim()
  );
}

/** Sentences, each with its end mark; "1.3B", "e.g." and "vs." do not end one. */
export function sentences(text: string): string[] {
  const found: string[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const next = text[index + 1];
    const endsHere =
      char === '?' ||
      char === '!' ||
      char === '\n' ||
      (char === '.' &&
        (next === undefined || /\s/.test(next)) &&
        !/\b(e\.g|i\.e|vs|etc|al)$/i.test(text.slice(start, index)));
    if (endsHere) {
      const sentence = text.slice(start, index + 1).trim();
      if (/[\p{L}\p{N}]/u.test(sentence)) found.push(sentence);
      start = index + 1;
    }
  }
  const rest = text.slice(start).trim();
  if (/[\p{L}\p{N}]/u.test(rest)) found.push(rest);
  return found;
}

/** Optimal-string-alignment distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_v, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

/**
 * Words of questions so common here that they say nothing about which passage is meant, or that
 * only say what kind of question it is ("what can go wrong"). Stems.
 */
export const GENERIC = new Set(
  [
    'model',
    'models',
    'llm',
    'use',
    'using',
    'need',
    'work',
    'good',
    'better',
    'best',
    'help',
    'make',
    'want',
    'train',
    'training',
    'trained',
    'finetune',
    'finetuning',
    'finetuned',
    'data',
    'differ',
    'difference',
    'compare',
    'show',
    'find',
    'say',
    'paper',
    'approach',
    'method',
    'technique',
    'case',
    'situation',
    'project',
    'team',
    'company',
    'actually',
    'mean',
    'exist',
    'kind',
    'type',
    'vs',
    'versus',
    'happen',
    'think',
    'wrong',
    'go',
    'goes',
    'risk',
    'problem',
    'issue',
    'downside',
    'prevent',
    'avoid',
    'fix',
    'keep',
    'sure',
    'possible',
    'way',
    'right',
    'ok',
    'enough',
    'worth',
    'tune',
    'tuned',
    'should',
    'start',
    'instead',
    'just',
    'headline',
    'claim',
    'source',
    'cite',
    'number',
    'design',
    'known',
    'thing',
    'common',
    'normal',
    'true',
    'real',
    'legit',
    'correct',
    'accurate',
    'do',
    'does',
    'done',
    'before',
    'after',
  ].map((word) => stem(word)),
);
