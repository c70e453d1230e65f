/**
 * Finds the amounts of training data a user mentions in free text ("5k demonstrations",
 * "a few hundred dialogues", "8B tokens") and ignores the many numbers that are not amounts of data:
 * model sizes, versions, years, money, percentages, durations, ordinals and identifiers.
 *
 * The text is split into tokens first; number phrases are then read token by token and judged by
 * their neighbours. Every loop looks at a bounded number of tokens, so the work stays linear in the
 * length of the input however adversarial it is.
 */

export type QuantityUnit = 'tokens' | 'items';

export interface Quantity {
  /** The amount, e.g. 1200, 8e9 or 300 (our reading of "a few hundred"). */
  value: number;
  /** 'tokens' when the amount is of tokens, else 'items'. */
  unit: QuantityUnit;
  /** The counted noun as written, lowercased ('examples', 'dialogues', 'tokens'...); null if none follows. */
  noun: string | null;
  /** True for hedged ("about", "~", "over", "5k+"), vague ("hundreds of") and range ("5-10k") amounts. */
  approximate: boolean;
  /** The vague phrase, lowercased, when `value` is an interpretation ("a few hundred" -> 300); else null. */
  vague: string | null;
  /** The matched span of the input: hedge, number and noun, e.g. "about 1.2k examples". */
  raw: string;
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Word tables
// ---------------------------------------------------------------------------------------------

/** Reads a whitespace-separated word list; it keeps the long tables below scannable. */
const words = (...lists: readonly string[]): readonly string[] =>
  lists.join(' ').split(/\s+/).filter(Boolean);
const wordSet = (...lists: readonly string[]): ReadonlySet<string> => new Set(words(...lists));
/** Adds the regular plural of each word ("day" -> "days"). */
const withPlurals = (...lists: readonly string[]): readonly string[] =>
  words(...lists).flatMap((word) => [word, `${word}s`]);
const numbered = (list: string, first: number, step = 1): ReadonlyMap<string, number> =>
  new Map(words(list).map((word, index) => [word, first + index * step]));

const UNITS = numbered('one two three four five six seven eight nine', 1);
const TEENS = numbered('ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen', 10);
const TENS = numbered('twenty thirty forty fifty sixty seventy eighty ninety', 20, 10);

const SCALES: ReadonlyMap<string, number> = new Map([
  ['thousand', 1e3],
  ['million', 1e6],
  ['billion', 1e9],
  ['trillion', 1e12],
  // Common misspellings ("2 bilion", "3 milion"): read as meant, never as a bare 2 or 3.
  ['thousend', 1e3],
  ['thousant', 1e3],
  ['milion', 1e6],
  // German and Dutch abbreviations: "1,5 Mio. tokens", "3 Mrd. tokens".
  ['mio', 1e6],
  ['mrd', 1e9],
  ['millon', 1e6],
  ['mil', 1e6],
  ['bilion', 1e9],
  ['billon', 1e9],
  ['trilion', 1e12],
]);

/** Letter suffixes written straight after digits: "5k", "3M", "20B", "1.5bn". */
const SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['k', 1e3],
  ['m', 1e6],
  ['mn', 1e6],
  ['mil', 1e6],
  ['b', 1e9],
  ['bn', 1e9],
  ['t', 1e12],
  ['tn', 1e12],
]);

/**
 * How we read vague amounts. "A couple" is two, "a few" three and "several" five of the magnitude
 * that follows; a bare plural magnitude ("hundreds", "tens of thousands") is read as three of it,
 * the smallest count for which the plural sounds natural.
 */
const VAGUE_FACTORS: ReadonlyMap<string, number> = new Map([
  ['couple', 2],
  ['few', 3],
  ['several', 5],
]);
const PLURAL_SCALES: ReadonlyMap<string, number> = new Map([
  ['tens', 10],
  ['dozens', 12],
  ['hundreds', 100],
  ['thousands', 1e3],
  ['millions', 1e6],
  ['billions', 1e9],
  ['trillions', 1e12],
]);
const PLURAL_FACTOR = 3;
const HANDFUL = 5;

/** Hedges that may precede an amount, as token sequences; the longest match wins. */
const HEDGES_BEFORE: readonly (readonly string[])[] = [
  ...words('about around roughly approximately approx circa some maybe perhaps probably nearly almost'),
  ...words('over under above below estimated ~ ≈ > < ≥ ≤'),
  ...['approx .', 'ca .', 'more than', 'less than', 'fewer than', 'at least', 'at most', 'up to', 'close to'],
  ...['upwards of', 'north of', 'an estimated', 'somewhere around', 'on the order of', 'in the region of'],
  ...['> =', '< ='],
].map((hedge) => hedge.split(' '));

/** Hedges that may follow an amount or its noun; a leading symbol must touch the amount ("5k+"). */
const HEDGES_AFTER: readonly (readonly string[])[] = [
  '+',
  'or so',
  'or more',
  'ish',
  '- ish',
  'give or take',
].map((hedge) => hedge.split(' '));

const TOKEN_NOUNS = wordSet('token tokens');

/** "60-80 words", "60 to 80 words": the low end of a range of lengths. */
function isLengthRangeStart(tokens: readonly Token[], end: number): boolean {
  const joiner = tokens[end];
  const high = tokens[end + 1];
  const unit = tokens[end + 2];
  const joins = joiner !== undefined && (HYPHENS.has(joiner.text) || joiner.lower === 'to');
  return joins && high?.kind === 'num' && unit !== undefined && LENGTH_NOUNS.has(unit.lower);
}

/** Units of an answer's length: a few hundred of them is how long a reply is, not training data. */
const LENGTH_NOUNS = wordSet(
  'word words character characters char chars sentence sentences paragraph paragraphs bullet bullets',
);
const LENGTH_MAX = 1000;

/** After "128k tokens" these words make it a context length, not an amount of data. */
const CONTEXT_WORDS = wordSet('context window limit length');

/** Counted nouns that make a number something other than an amount of data. */
const NON_DATA_NOUNS: ReadonlySet<string> = new Set([
  // durations and clock times
  ...withPlurals('second sec minute min hour hr day week month year yr decade night weekend millisecond ms'),
  ...words("am pm o'clock o’clock"),
  // dates ("5 March"); "may" is left out because after a number it is nearly always the verb
  ...words('january february march april june july august september october november december'),
  ...words('jan feb mar apr jun jul aug sep sept oct nov dec'),
  // money and ratios
  ...withPlurals('dollar euro pound buck cent budget usd eur gbp'),
  ...words('percent percentage pct percentile times x fold'),
  // storage, compute and model internals
  ...withPlurals('bit byte kb mb gb tb pb kib mib gib tib gig meg kilobyte megabyte gigabyte terabyte'),
  ...withPlurals('gpu cpu tpu core node epoch step iteration layer head dimension dim flop'),
  ...withPlurals('parameter param hyperparameter shot context'),
  // fractions ("one third of the data")
  ...words('half halves quarter quarters'),
  ...withPlurals('third fourth fifth sixth seventh eighth ninth tenth'),
]);

/** Words that, with no data noun in sight, make the number a model size ("a 7B model", "7B-instruct"). */
const MODEL_WORDS: ReadonlySet<string> = new Set(
  withPlurals(
    'model llm lm checkpoint base instruct variant version weight backbone transformer network moe',
  ),
);

/** Model families whose names are followed by a version or a size ("GPT 4", "LLaMA 65B", "Qwen2 7B"). */
const MODEL_FAMILIES = wordSet(
  'alpaca baichuan bart bert bge bloom bloomz chatglm chatgpt claude codegen codellama dbrx deberta deepseek',
  'distilbert electra falcon flan gemini gemma glm gpt granite grok gte internlm jamba llama llava minicpm',
  'minilm mistral mixtral mpnet mpt nemotron olmo orca palm phi pythia qwen roberta smollm stablelm starcoder',
  'tinyllama tulu vicuna whisper wizardlm yi zephyr',
);

/** Words after which a number is a label, not a count ("version 2", "step 3", "Python 3"). */
const LABEL_WORDS = wordSet(
  'v r alpha seed ver version release model chapter section page step phase stage level tier round iteration epoch layer',
  'figure fig table issue number id rank top item python node ubuntu ios android windows java cuda',
  // Standards and their numbers: "IEC 61131-3", "ISO 13485", "RFC 9110".
  'iso iec ieee rfc din astm nist pep cve ansi',
);

/** Label words that are also verbs or quantities before data: "editors rank 2k pairs", "the top 500 examples". */
const VERB_LABELS = wordSet('rank top');

const MONTHS = wordSet(
  'january february march april may june july august september october november december',
  'jan feb mar apr jun jul aug sep sept oct nov dec',
);

/** Words after which a four-digit number such as 2019 is a year. */
const YEAR_CONTEXT: ReadonlySet<string> = new Set([
  ...MONTHS,
  ...words('in since from until till through by during before after circa'),
  ...words('year early late mid fy spring summer autumn fall winter'),
]);
const YEAR_RANGE_JOINERS = wordSet('- – — to and through until till');

const CURRENCIES = wordSet('$ € £ ¥ ₹ ₩ ₽ ¢ ₿ usd eur gbp');

/** Glued between two numbers, these make a date, time, ratio or fraction ("24/7", "10:30", "1/3"). */
const NON_RANGE_JOINERS = wordSet('/ :');
const HYPHENS = wordSet('- ‐ ‑ –');
/** Characters that glue a number into a name such as "Llama-2-7B" or "meta-llama/Llama-2-7b". */
const NAME_JOINERS: ReadonlySet<string> = new Set([...HYPHENS, '_', '.', '/']);

/** Glued between two words, these make one compound: "high-quality", "Q&A", "input/output". */
const COMPOUND_JOINERS: ReadonlySet<string> = new Set([...HYPHENS, '&', '/', '→']);

/** Words that end the search for a counted noun: "5k of them", "300 in total", "2k we labelled". */
const STOPWORDS = wordSet(
  'a an the and or but nor so yet of to in on at for with without from by into onto over under about around',
  'than then as per via each every is are was were be been being have has had do does did will would can',
  'could should may might must shall i we you he she it they me us them my our your his her its their this',
  'that these those which who whom whose what where when why how if not no yes more less fewer most least',
  'only just also too very really already now currently total overall altogether ish plus max maximum',
  'minimum left available there here all any some both either neither such same other another like ok okay',
  'please thanks though although while since until because after before during between among against up',
  'down out off again once twice few couple several handful many much',
);

const MAX_VALUE = 1e15;
/** Longest exact number phrase we read, e.g. "one million two hundred and fifty thousand and one". */
const MAX_PHRASE_TOKENS = 16;
/** How many tokens we look past the number for its noun ("5k high-quality human-written examples"). */
const NOUN_LOOKAHEAD = 8;

// ---------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------

interface Numeral {
  readonly value: number;
  readonly form: 'plain' | 'suffixed' | 'exponent';
  /** The letter suffix in "5k" or "20B", lowercased. */
  readonly suffix: string | null;
  /** 1000 for "5k", 1 for "5000" or "1e6". */
  readonly multiplier: number;
}

interface Token {
  readonly kind: 'num' | 'word' | 'ident' | 'punct';
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
  /** No whitespace separates this token from the previous one. */
  readonly glued: boolean;
  readonly numeral: Numeral | null;
}

/**
 * A run of letters and digits, kept whole across "1,200", "1.2k" and "o'clock" (a separator counts
 * only between two digits or two letters, so a trailing comma or full stop is split off), or any
 * other single character. Each step of the repetition consumes exactly one character, so matching
 * stays linear.
 */
const TOKEN_PATTERN = /(?:[\p{L}\p{N}\p{M}]|(?<=\d)[.,](?=\d)|(?<=\p{L})['’](?=\p{L}))+|\S/gu;
const ALNUM_START = /^[\p{L}\p{N}\p{M}]/u;
const ANY_DIGIT = /\p{N}/u;
const PLAIN_NUMERAL = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
// "1.200" is 1,200 in much of Europe; "0.693" is a decimal.
const EUROPEAN_THOUSANDS = /^[1-9]\d{0,2}(?:\.\d{3})+$/;
const SUFFIXED_NUMERAL = /^((?:\d{1,3}(?:,\d{3})+|\d+)(?:[.,]\d{1,2}(?!\d)|\.\d+)?)(k|m|mn|mil|b|bn|t|tn)$/i;
const EUROPEAN_DECIMAL = /^\d+,\d{1,2}$/;
const EXPONENT_NUMERAL = /^\d+(?:\.\d+)?e\d+$/i;
const THOUSANDS_SPACES: ReadonlySet<string> = new Set([' ', '\u00a0', '\u202f', '\u2009']);

const GLUED_ISH = /^(\d[\d.,]*(?:k|m|b|bn)?)ish$/i;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const start = match.index;
    const end = start + match[0].length;
    // "800ish", "2kish": the hedge glued to the number is a word of its own.
    const hedged = GLUED_ISH.exec(match[0]);
    if (hedged?.[1]) {
      const split = start + hedged[1].length;
      tokens.push(makeToken(hedged[1], start, split, start === previousEnd));
      tokens.push(makeToken('ish', split, end, true));
    } else tokens.push(makeToken(match[0], start, end, start === previousEnd));
    previousEnd = end;
  }
  return mergeSpacedThousands(text, tokens);
}

function makeToken(text: string, start: number, end: number, glued: boolean): Token {
  const numeral = ALNUM_START.test(text) ? readNumeral(text) : null;
  return { kind: tokenKind(text, numeral), text, lower: text.toLowerCase(), start, end, glued, numeral };
}

function tokenKind(text: string, numeral: Numeral | null): Token['kind'] {
  if (numeral) return 'num';
  if (!ALNUM_START.test(text)) return 'punct';
  // Digits mixed with letters are names, versions or ordinals: "Qwen2", "t5", "v2", "1st", "8GB".
  return ANY_DIGIT.test(text) ? 'ident' : 'word';
}

function readNumeral(text: string): Numeral | null {
  // "10.000 FAQ pairs", "1.500 tickets": a full stop between groups of exactly three digits is a
  // thousands separator, as most of Europe writes it (an English decimal rarely has three zeros).
  if (EUROPEAN_THOUSANDS.test(text)) {
    return { value: Number(text.replaceAll('.', '')), form: 'plain', suffix: null, multiplier: 1 };
  }
  // "1,5 Mio. tokens": a comma before one or two digits is a decimal comma, as German writes it.
  if (EUROPEAN_DECIMAL.test(text)) {
    return { value: Number(text.replace(',', '.')), form: 'plain', suffix: null, multiplier: 1 };
  }
  if (PLAIN_NUMERAL.test(text)) {
    return { value: Number(text.replaceAll(',', '')), form: 'plain', suffix: null, multiplier: 1 };
  }
  const suffixed = SUFFIXED_NUMERAL.exec(text);
  const suffix = suffixed?.[2]?.toLowerCase() ?? '';
  const multiplier = SUFFIXES.get(suffix);
  if (suffixed?.[1] !== undefined && multiplier !== undefined) {
    const digits = /,\d{1,2}$/.test(suffixed[1])
      ? suffixed[1].replace(',', '.')
      : suffixed[1].replaceAll(',', '');
    const value = Number(digits) * multiplier;
    return { value, form: 'suffixed', suffix, multiplier };
  }
  if (EXPONENT_NUMERAL.test(text)) {
    return { value: Number(text), form: 'exponent', suffix: null, multiplier: 1 };
  }
  return null;
}

/** Joins thousands grouped with spaces ("12 000", "1 200 000"), as French and SI style write them. */
function mergeSpacedThousands(text: string, tokens: readonly Token[]): Token[] {
  const merged: Token[] = [];
  let index = 0;
  while (index < tokens.length) {
    const head = tokens[index];
    if (!head) break;
    let last = index;
    if (/^\d{1,3}$/.test(head.text)) {
      while (isNextThousandsGroup(text, tokens[last], tokens[last + 1])) last += 1;
    }
    const tail = tokens[last];
    if (last > index && tail) {
      const groupText = text.slice(head.start, tail.end);
      const value = Number(groupText.replace(/\D/g, ''));
      const numeral: Numeral = { value, form: 'plain', suffix: null, multiplier: 1 };
      const { start, glued } = head;
      merged.push({ kind: 'num', text: groupText, lower: groupText, start, end: tail.end, glued, numeral });
    } else {
      merged.push(head);
    }
    index = last + 1;
  }
  return merged;
}

function isNextThousandsGroup(text: string, previous: Token | undefined, next: Token | undefined): boolean {
  return (
    previous !== undefined &&
    next?.numeral?.form === 'plain' &&
    /^\d{3}$/.test(next.text) &&
    next.start === previous.end + 1 &&
    THOUSANDS_SPACES.has(text[previous.end] ?? '')
  );
}

// ---------------------------------------------------------------------------------------------
// Number phrases
// ---------------------------------------------------------------------------------------------

interface Phrase {
  readonly value: number;
  /** Token index just after the phrase. */
  readonly end: number;
  /** The suffix of a "20B"-style numeral, which alone ("a 7B") usually means a model size. */
  readonly suffix: string | null;
  /** The magnitude the phrase ends in (1e6 for "3 million"), lent to the low end of "2-3 million". */
  readonly multiplier: number;
  readonly vague: string | null;
}

type Phase =
  | 'start'
  | 'article'
  | 'half'
  | 'halfArticle'
  | 'units'
  | 'tens'
  | 'hundred'
  | 'scale'
  | 'and'
  | 'dozen'
  | 'fraction'
  | 'closed';

const ACCEPTING: ReadonlySet<Phase> = new Set([
  'units',
  'tens',
  'hundred',
  'scale',
  'dozen',
  'fraction',
  'closed',
]);
const BEFORE_SMALL: ReadonlySet<Phase> = new Set(['start', 'hundred', 'scale', 'and']);
const BEFORE_HUNDRED: ReadonlySet<Phase> = new Set(['units', 'tens', 'article']);
const BEFORE_SCALE: ReadonlySet<Phase> = new Set([
  'units',
  'tens',
  'hundred',
  'article',
  'half',
  'halfArticle',
  'fraction',
]);
const BEFORE_DOZEN: ReadonlySet<Phase> = new Set(['units', 'tens', 'article', 'half', 'halfArticle']);

const wordAt = (tokens: readonly Token[], index: number): string | null => {
  const token = tokens[index];
  return token?.kind === 'word' ? token.lower : null;
};

function isNumberWord(word: string): boolean {
  return (
    UNITS.has(word) ||
    TEENS.has(word) ||
    TENS.has(word) ||
    SCALES.has(word) ||
    PLURAL_SCALES.has(word) ||
    word === 'zero' ||
    word === 'hundred' ||
    word === 'dozen'
  );
}

/**
 * Reads an exact number phrase: a numeral ("60,000", "5k", "1e6", "10^4"), a numeral with a
 * magnitude ("3 million") or number words ("one hundred and fifty", "half a million").
 * Returns the longest well-formed phrase starting at `start`.
 */
function parseExactAt(tokens: readonly Token[], start: number): Phrase | null {
  const first = tokens[start]?.numeral;
  if (first && first.form !== 'plain') {
    return {
      value: first.value,
      end: start + 1,
      suffix: first.suffix,
      multiplier: first.multiplier,
      vague: null,
    };
  }
  let total = 0;
  // The part below the last magnitude word: 150 in "two thousand one hundred and fifty".
  let group = 0;
  let lastScale = Number.POSITIVE_INFINITY;
  let hasHundred = false;
  let phase: Phase = 'start';
  let best: Phrase | null = null;
  let index = start;
  while (index < tokens.length && index - start < MAX_PHRASE_TOKENS) {
    const token = tokens[index];
    if (!token) break;
    const word = token.kind === 'word' ? token.lower : '';
    let step = 1;
    const unit = UNITS.get(word);
    const teen = TEENS.get(word);
    const tens = TENS.get(word);
    const scale = SCALES.get(word);
    if (token.numeral) {
      if (phase !== 'start') break;
      group = token.numeral.value;
      phase = 'units';
      const power = powerAt(tokens, index);
      if (power !== null) {
        group = power;
        step = 3;
        phase = 'closed';
      }
    } else if (word === 'zero') {
      if (phase !== 'start') break;
      phase = 'closed';
    } else if (unit !== undefined) {
      if (!BEFORE_SMALL.has(phase) && phase !== 'tens') break;
      group += unit;
      phase = 'units';
    } else if (teen !== undefined) {
      if (!BEFORE_SMALL.has(phase)) break;
      group += teen;
      phase = 'units';
    } else if (tens !== undefined) {
      if (!BEFORE_SMALL.has(phase)) break;
      group += tens;
      phase = 'tens';
      const hyphenatedUnit = hyphenatedUnitAt(tokens, index);
      if (hyphenatedUnit !== null) {
        group += hyphenatedUnit;
        step = 3;
        phase = 'units';
      }
    } else if (word === 'hundred') {
      if (!BEFORE_HUNDRED.has(phase) || hasHundred || group >= 100) break;
      group *= 100;
      hasHundred = true;
      phase = 'hundred';
    } else if (scale !== undefined) {
      if (!BEFORE_SCALE.has(phase) || scale >= lastScale) break;
      total += group * scale;
      group = 0;
      hasHundred = false;
      lastScale = scale;
      phase = 'scale';
    } else if (word === 'a' || word === 'an') {
      if (phase === 'start') {
        group = 1;
        phase = 'article';
      } else if (phase === 'half') {
        phase = 'halfArticle';
      } else {
        break;
      }
    } else if (word === 'half') {
      if (phase !== 'start' && phase !== 'article') break;
      group = 0.5;
      phase = phase === 'start' ? 'half' : 'halfArticle';
    } else if (word === 'dozen') {
      if (!BEFORE_DOZEN.has(phase) || hasHundred) break;
      group *= 12;
      phase = 'dozen';
    } else if (word === 'and') {
      if (phase === 'hundred' || phase === 'scale') {
        phase = 'and';
      } else if ((phase === 'units' || phase === 'tens') && andAHalfAt(tokens, index)) {
        group += 0.5;
        step = 3;
        phase = 'fraction';
      } else {
        break;
      }
    } else {
      break;
    }
    index += step;
    if (ACCEPTING.has(phase)) {
      const multiplier =
        phase === 'scale' ? lastScale : phase === 'hundred' ? 100 : phase === 'dozen' ? 12 : 1;
      best = { value: total + group, end: index, suffix: null, multiplier, vague: null };
    }
  }
  return best;
}

/** "10^4": a plain numeral, a touching caret and a plain exponent. */
function powerAt(tokens: readonly Token[], index: number): number | null {
  const base = tokens[index]?.numeral;
  const caret = tokens[index + 1];
  const exponent = tokens[index + 2];
  if (!base || caret?.text !== '^' || !caret.glued || !exponent?.glued) return null;
  if (exponent.numeral?.form !== 'plain') return null;
  return base.value ** exponent.numeral.value;
}

/** The "five" of "twenty-five". */
function hyphenatedUnitAt(tokens: readonly Token[], index: number): number | null {
  const hyphen = tokens[index + 1];
  const unit = tokens[index + 2];
  if (!hyphen || !HYPHENS.has(hyphen.text) || !hyphen.glued || !unit?.glued) return null;
  return UNITS.get(unit.lower) ?? null;
}

const andAHalfAt = (tokens: readonly Token[], index: number): boolean =>
  wordAt(tokens, index + 1) === 'a' && wordAt(tokens, index + 2) === 'half';

/** "a few hundred", "several thousand", "a couple of hundred", "a handful", "dozens", "tens of thousands". */
function parseVagueAt(tokens: readonly Token[], start: number): Phrase | null {
  const article = wordAt(tokens, start) === 'a';
  const headIndex = article ? start + 1 : start;
  const head = wordAt(tokens, headIndex);
  if (head === 'handful') return vaguePhrase(tokens, start, headIndex + 1, HANDFUL);
  const factor = VAGUE_FACTORS.get(head ?? '');
  if (factor !== undefined) {
    if (head === 'several' && article) return null;
    const magnitudeIndex =
      head === 'couple' && wordAt(tokens, headIndex + 1) === 'of' ? headIndex + 2 : headIndex + 1;
    const magnitude = parseMagnitudeAt(tokens, magnitudeIndex);
    return magnitude ? vaguePhrase(tokens, start, magnitude.end, factor * magnitude.value) : null;
  }
  return article ? null : parsePluralAt(tokens, start);
}

/** The magnitude after "a few": "dozen", "hundred", "thousand", "hundred thousand". */
function parseMagnitudeAt(tokens: readonly Token[], start: number): { value: number; end: number } | null {
  if (wordAt(tokens, start) === 'dozen') return { value: 12, end: start + 1 };
  let value = 1;
  let end = start;
  if (wordAt(tokens, end) === 'hundred') {
    value = 100;
    end += 1;
  }
  const scale = SCALES.get(wordAt(tokens, end) ?? '');
  if (scale !== undefined) {
    value *= scale;
    end += 1;
  }
  return end > start ? { value, end } : null;
}

function parsePluralAt(tokens: readonly Token[], start: number): Phrase | null {
  const first = pluralScale(tokens[start]);
  if (first === null) return null;
  let value = first;
  let end = start + 1;
  // "hundreds of thousands": each "of" must climb, so "thousands of hundreds" stops early
  let next = pluralScale(tokens[end + 1]);
  while (wordAt(tokens, end) === 'of' && next !== null && next > value) {
    value *= next;
    end += 2;
    next = pluralScale(tokens[end + 1]);
  }
  // Bare "tens" is rare as an amount, and "10s" is more often ten seconds.
  if (first === 10 && end === start + 1) return null;
  return vaguePhrase(tokens, start, end, PLURAL_FACTOR * value);
}

/** "thousands" -> 1000, and the numeric spelling "1000s" -> 1000. */
function pluralScale(token: Token | undefined): number | null {
  if (!token) return null;
  if (token.kind === 'word') return PLURAL_SCALES.get(token.lower) ?? null;
  return token.kind === 'ident' && /^10+s$/.test(token.lower) ? Number(token.lower.slice(0, -1)) : null;
}

function vaguePhrase(tokens: readonly Token[], start: number, end: number, value: number): Phrase {
  const words = tokens.slice(start, end).map((token) => token.lower);
  return { value, end, suffix: null, multiplier: 1, vague: words.join(' ') };
}

// ---------------------------------------------------------------------------------------------
// Context: is this number an amount of data?
// ---------------------------------------------------------------------------------------------

interface NounReading {
  /** Token index of the counted noun, or -1. */
  readonly index: number;
  /** The amount is of time, money, parameters... rather than data. */
  readonly excluded: boolean;
  /** The noun comes from the data lexicon rather than from a guess. */
  readonly isData: boolean;
}

const NO_NOUN: NounReading = { index: -1, excluded: false, isData: false };
const EXCLUDED: NounReading = { index: -1, excluded: true, isData: false };

/** Whether a word (any number, lowercase) names a unit of training data: flows/vocabulary.yaml. */
export type DataNounTest = (word: string) => boolean;

const looksPlural = (word: string): boolean =>
  word.length > 3 && /[^su]s$/.test(word) && !word.endsWith('is');

const isModelName = (token: Token | undefined): boolean =>
  token !== undefined &&
  (token.kind === 'word' || token.kind === 'ident') &&
  MODEL_FAMILIES.has(/^\p{L}+/u.exec(token.lower)?.[0] ?? '');

const isModelWord = (token: Token): boolean => MODEL_WORDS.has(token.lower) || isModelName(token);

const joinsCompound = (tokens: readonly Token[], index: number): boolean => {
  const joiner = tokens[index];
  const left = tokens[index - 1];
  // "nl->code pairs", "ticket=>reply pairs": a two-character arrow joins an input to its output.
  const arrowTip = joiner?.text === '>' && joiner.glued && (left?.text === '-' || left?.text === '=');
  if (
    arrowTip ||
    (joiner && (joiner.text === '-' || joiner.text === '=') && tokens[index + 1]?.text === '>')
  ) {
    const before = arrowTip ? tokens[index - 2] : left;
    const after = tokens[index + 1 + (arrowTip ? 0 : 1)];
    return before?.kind === 'word' && after?.kind === 'word' && after.glued === true;
  }
  return (
    joiner !== undefined &&
    COMPOUND_JOINERS.has(joiner.text) &&
    joiner.glued &&
    left?.kind === 'word' &&
    !isNumberWord(left.lower) &&
    tokens[index + 1]?.kind === 'word' &&
    tokens[index + 1]?.glued === true
  );
};

const dataNoun = (index: number): NounReading => ({ index, excluded: false, isData: true });

/**
 * Finds what is being counted. A noun from the data lexicon wins, and of a run of them the last,
 * which heads the phrase ("preference pairs", "question-and-answer pairs"). Failing that, we guess
 * the first plural-looking word of the noun phrase ("300 high-quality widgets").
 */
function readNoun(tokens: readonly Token[], from: number, isDataNoun: DataNounTest): NounReading {
  let index = from;
  const attached = tokens[from + 1];
  const hyphen = tokens[from];
  if (hyphen && HYPHENS.has(hyphen.text) && hyphen.glued && attached?.glued && attached.kind === 'word') {
    // "a 2 billion-token corpus", "a 5k-example set": the hyphenated noun is what is counted.
    if (NON_DATA_NOUNS.has(attached.lower)) return EXCLUDED;
    if (isDataNoun(attached.lower)) return dataNoun(from + 1);
    index += 1;
  } else if (wordAt(tokens, index) === 'of') {
    index += 1;
  } else if (wordAt(tokens, index) === 'per' && wordAt(tokens, index + 1) === 'cent') {
    return EXCLUDED;
  }

  // "8 A100s", "3 Qwen2 checkpoints": things named by an identifier are hardware or models, not data.
  const countsNamedThings = tokens[index]?.kind === 'ident';
  let found = -1;
  const modifiers: Token[] = [];
  const modifierIndexes: number[] = [];
  for (const limit = index + NOUN_LOOKAHEAD; index < tokens.length && index < limit; index++) {
    const token = tokens[index];
    if (!token || token.kind === 'num') break;
    if (token.kind === 'punct') {
      if (joinsCompound(tokens, index)) continue;
      break;
    }
    const inCompound = joinsCompound(tokens, index - 1);
    if (found >= 0) {
      if (token.kind === 'word' && isDataNoun(token.lower)) found = index;
      else if (!inCompound) break;
      continue;
    }
    // Names inside the noun phrase are modifiers: "500 GPT4 outputs".
    if (token.kind === 'ident') continue;
    if (!inCompound && (STOPWORDS.has(token.lower) || isNumberWord(token.lower))) break;
    // "2,000 step-by-step hints": a word hyphenated into a compound modifies the noun after it.
    // "2,000 step-by-step hints": the last word of such a compound modifies a data noun after it too.
    if (
      NON_DATA_NOUNS.has(token.lower) &&
      !joinsCompound(tokens, index + 1) &&
      !(inCompound && isDataNoun(tokens[index + 1]?.lower ?? ''))
    )
      return EXCLUDED;
    if (isDataNoun(token.lower)) {
      found = index;
      continue;
    }
    modifiers.push(token);
    modifierIndexes.push(index);
  }
  if (found >= 0) return dataNoun(found);
  if (countsNamedThings || modifiers.some(isModelWord)) return EXCLUDED;
  const guess = modifiers.findIndex((token) => looksPlural(token.lower));
  const chosen = modifierIndexes[guess === -1 ? 0 : guess];
  return chosen === undefined ? NO_NOUN : { index: chosen, excluded: false, isData: false };
}

/** "Llama-2-7B", "GPT-4", "gpt-3.5", "meta-llama/Llama-2-7b": the number is glued into a name. */
function isPartOfName(tokens: readonly Token[], index: number): boolean {
  let current = index;
  // Each step crosses one joiner; names rarely have more than a handful of parts.
  for (let step = 0; step < 6; step++) {
    const joiner = tokens[current - 1];
    const left = tokens[current - 2];
    const joined = joiner?.glued === true && tokens[current]?.glued === true;
    if (!joiner || !left || !joined || !NAME_JOINERS.has(joiner.text)) return false;
    if (left.kind === 'word' || left.kind === 'ident') return !isNumberWord(left.lower);
    if (left.kind !== 'num') return false;
    current -= 2;
  }
  return false;
}

/** True when the punctuation at `index` is glued between two numbers, as in "24/7" or "5k-10k". */
function joinsNumbers(tokens: readonly Token[], index: number): string | null {
  const joiner = tokens[index];
  const left = tokens[index - 1];
  const right = tokens[index + 1];
  if (!joiner || left?.kind !== 'num' || right?.kind !== 'num' || !joiner.glued || !right.glued) return null;
  return NON_RANGE_JOINERS.has(joiner.text) || HYPHENS.has(joiner.text) ? joiner.text : null;
}

/** Dates, clock times, fractions and phone numbers: "24/7", "10:30", "2023-05-01", "555-123-4567". */
function isInNumberChain(tokens: readonly Token[], start: number, end: number): boolean {
  const left = joinsNumbers(tokens, start - 1);
  const right = joinsNumbers(tokens, end);
  if ((left && NON_RANGE_JOINERS.has(left)) || (right && NON_RANGE_JOINERS.has(right))) return true;
  // One hyphen between two numbers is a range ("5k-10k"); a longer chain is not an amount.
  return (
    (left !== null && right !== null) ||
    (left !== null && joinsNumbers(tokens, start - 3) !== null) ||
    (right !== null && joinsNumbers(tokens, end + 2) !== null)
  );
}

/**
 * "IEC 61131-3", "ISO 9001-2": a hyphen down to a smaller number is a part number, not a range
 * ("5k-10k" rises), so neither number is an amount.
 */
function isIdentifierPart(tokens: readonly Token[], start: number, end: number): boolean {
  const numberAt = (index: number) => Number(tokens[index]?.text.replace(/,/g, ''));
  const left = joinsNumbers(tokens, start - 1);
  if (left !== null && HYPHENS.has(left) && numberAt(start - 2) > numberAt(start)) return true;
  const right = joinsNumbers(tokens, end);
  return right !== null && HYPHENS.has(right) && numberAt(end + 1) < numberAt(end - 1);
}

/** Currency, labels and model names before the number: "$5k", "version 2", "LLaMA 65B", "Llama 2 70B". */
function hasNonDataPrefix(tokens: readonly Token[], start: number): boolean {
  const previous = tokens[start - 1];
  if (!previous) return false;
  if (CURRENCIES.has(previous.lower) || LABEL_WORDS.has(previous.lower) || isModelName(previous)) return true;
  if (previous.text === '#' && tokens[start]?.glued) return true;
  const isVersion = previous.numeral?.form === 'plain' || previous.kind === 'ident';
  return isVersion && isModelName(tokens[start - 2]);
}

function hasNonDataSuffix(tokens: readonly Token[], end: number): boolean {
  const next = tokens[end];
  return next !== undefined && (next.text === '%' || next.text === '‰' || CURRENCIES.has(next.text));
}

const BRACKETS: ReadonlyMap<string, string> = new Map([
  ['(', ')'],
  ['[', ']'],
]);

/** "1. Collect the data", "2) Label it", "(1)", "[3]": a small number that numbers a list or cites. */
function isListMarker(text: string, tokens: readonly Token[], start: number, phrase: Phrase): boolean {
  const marker = tokens[start];
  const punctuation = tokens[start + 1];
  if (!marker?.numeral || phrase.end !== start + 1 || phrase.value >= 100) return false;
  const opener = tokens[start - 1];
  const closer = opener && BRACKETS.get(opener.text);
  if (closer && marker.glued && punctuation?.glued && punctuation.text === closer) return true;
  if (!punctuation?.glued || (punctuation.text !== '.' && punctuation.text !== ')')) return false;
  const previous = tokens[start - 1];
  const next = tokens[start + 2];
  const opensLine = !previous || text.slice(previous.end, marker.start).includes('\n');
  const lineGoesOn = next !== undefined && !text.slice(punctuation.end, next.start).includes('\n');
  return opensLine && lineGoesOn;
}

const isYearLike = (token: Token | undefined): boolean =>
  token?.numeral?.form === 'plain' && /^(?:19|20)\d\d$/.test(token.text);

/** "in 2019", "since 2023", "May 2024", "2019-2023": a year, unless data is counted ("in 2000 examples"). */
function isYear(tokens: readonly Token[], start: number, phrase: Phrase, noun: NounReading): boolean {
  if (phrase.end !== start + 1 || !isYearLike(tokens[start]) || noun.isData) return false;
  if (YEAR_CONTEXT.has(tokens[start - 1]?.lower ?? '')) return true;
  const joinedBefore =
    YEAR_RANGE_JOINERS.has(tokens[start - 1]?.lower ?? '') && isYearLike(tokens[start - 2]);
  const joinedAfter = YEAR_RANGE_JOINERS.has(tokens[start + 1]?.lower ?? '') && isYearLike(tokens[start + 2]);
  return joinedBefore || joinedAfter;
}

/** Token index where a hedge before the number begins, e.g. at "more" in "more than 5k". */
function hedgeStart(tokens: readonly Token[], start: number, floor: number): number | null {
  let best: number | null = null;
  for (const hedge of HEDGES_BEFORE) {
    const from = start - hedge.length;
    if (from < floor || (best !== null && from >= best)) continue;
    if (hedge.every((word, offset) => tokens[from + offset]?.lower === word)) best = from;
  }
  return best;
}

/** Token index just after a hedge that follows at `index` ("5k+", "5k or so"), or `index` if none. */
function hedgeEnd(tokens: readonly Token[], index: number): number {
  const first = tokens[index];
  if (first?.kind === 'punct' && !first.glued) return index;
  const hedge = HEDGES_AFTER.find((words) =>
    words.every((word, offset) => tokens[index + offset]?.lower === word),
  );
  return index + (hedge?.length ?? 0);
}

/** Rounds away float noise ("2.3k" is 2299.9999999999995) and rejects what cannot be a count. */
function toCount(value: number): number | null {
  if (!Number.isFinite(value) || value < 0 || value > MAX_VALUE) return null;
  const rounded = Math.round(value);
  return Math.abs(value - rounded) <= 1e-9 * Math.max(1, value) ? rounded : null;
}

interface Candidate {
  readonly quantity: Quantity;
  readonly multiplier: number;
  /** Token index just after the quantity. */
  readonly end: number;
}

function interpret(
  text: string,
  tokens: readonly Token[],
  start: number,
  phrase: Phrase,
  floor: number,
  isDataNoun: DataNounTest,
): Candidate | null {
  const value = toCount(phrase.value);
  if (value === null) return null;
  if (isPartOfName(tokens, start) || isInNumberChain(tokens, start, phrase.end)) return null;
  if (isIdentifierPart(tokens, start, phrase.end)) return null;
  if (hasNonDataSuffix(tokens, phrase.end)) return null;
  if (isListMarker(text, tokens, start, phrase)) return null;

  const afterNumber = hedgeEnd(tokens, phrase.end);
  const reading = readNoun(tokens, afterNumber, isDataNoun);
  // "rank 2k preference pairs": a label word before a number that counts data is a verb, not a label.
  if (hasNonDataPrefix(tokens, start) && !(reading.isData && VERB_LABELS.has(tokens[start - 1]?.lower ?? '')))
    return null;
  if (reading.excluded || isYear(tokens, start, phrase, reading)) return null;
  const nounToken = reading.index >= 0 ? tokens[reading.index] : undefined;
  const noun = nounToken?.lower ?? null;
  // "60-80 words, materials first", "under 300 characters": the length of an answer, not data.
  if (noun !== null && LENGTH_NOUNS.has(noun) && value < LENGTH_MAX) return null;
  if (noun === null && value < LENGTH_MAX && isLengthRangeStart(tokens, phrase.end)) return null;
  if (noun === null && phrase.suffix === 'b') return null; // "a 7B", "70b": a model size
  if (noun === null && phrase.end === start + 1 && tokens[start]?.lower === 'one') return null; // "one of", "no one"
  const isTokenCount = noun !== null && TOKEN_NOUNS.has(noun);
  if (isTokenCount && CONTEXT_WORDS.has(wordAt(tokens, reading.index + 1) ?? '')) return null;

  const afterNoun = nounToken ? hedgeEnd(tokens, reading.index + 1) : afterNumber;
  const firstIndex = hedgeStart(tokens, start, floor) ?? start;
  const lastIndex = Math.max(afterNumber, afterNoun) - 1;
  const first = tokens[firstIndex];
  const last = tokens[lastIndex];
  if (!first || !last) return null;
  const hedgedAfterNoun = nounToken !== undefined && afterNoun > reading.index + 1;
  const approximate =
    phrase.vague !== null || firstIndex < start || afterNumber > phrase.end || hedgedAfterNoun;
  return {
    quantity: {
      value,
      unit: isTokenCount ? 'tokens' : 'items',
      noun,
      approximate,
      vague: phrase.vague,
      raw: text.slice(first.start, last.end),
      start: first.start,
      end: last.end,
    },
    multiplier: phrase.multiplier,
    end: lastIndex + 1,
  };
}

const RANGE_GAP = /^\s*(?:-|–|—|to|or)\s*$/i;
const BETWEEN_GAP = /^\s*and\s*$/i;
const ENDS_WITH_BETWEEN = /\bbetween\s*$/i;

/**
 * "5-10k examples", "between 2 and 3 million tokens": the low end borrows the noun, and the
 * magnitude when it has none of its own, from the high end; both ends are only approximate.
 */
function linkRanges(text: string, candidates: readonly Candidate[]): void {
  for (let index = 1; index < candidates.length; index++) {
    const low = candidates[index - 1];
    const high = candidates[index];
    if (!low || !high || low.quantity.noun !== null) continue;
    const gap = text.slice(low.quantity.end, high.quantity.start);
    const before = text.slice(Math.max(0, low.quantity.start - 12), low.quantity.start);
    const isRange =
      gap.length <= 12 && (RANGE_GAP.test(gap) || (BETWEEN_GAP.test(gap) && ENDS_WITH_BETWEEN.test(before)));
    if (!isRange) continue;
    // "2-3 million" is 2e6 to 3e6, but "1 to 500k" starts at one.
    const scaled = low.quantity.value * high.multiplier;
    const sameMagnitude = scaled <= high.quantity.value && scaled * 20 >= high.quantity.value;
    if (low.multiplier === 1 && low.quantity.vague === null && sameMagnitude) {
      low.quantity.value = scaled;
    }
    low.quantity.noun = high.quantity.noun;
    low.quantity.unit = high.quantity.unit;
    low.quantity.approximate = true;
    high.quantity.approximate = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * Every amount of data mentioned in `text`, in order of appearance. Never throws. `isDataNoun`
 * comes from the shared vocabulary, so the parser and the understander agree on what counts data.
 */
export function parseQuantities(text: string, isDataNoun: DataNounTest): Quantity[] {
  // "500 Q&As" counts question-answer pairs: read as "QnAs", the same length, so spans still fit.
  const tokens = tokenize(text.replace(/\b([Qq])&([Aa])(s?)\b/g, '$1n$2$3'));
  const candidates: Candidate[] = [];
  let floor = 0;
  let index = 0;
  while (index < tokens.length) {
    const phrase = parseVagueAt(tokens, index) ?? parseExactAt(tokens, index);
    if (!phrase) {
      index += 1;
      continue;
    }
    const candidate = interpret(text, tokens, index, phrase, floor, isDataNoun);
    if (candidate) {
      candidates.push(candidate);
      floor = candidate.end;
    }
    index = Math.max(phrase.end, candidate?.end ?? 0);
  }
  linkRanges(text, candidates);
  const quantities = candidates.map((candidate) => candidate.quantity);
  const sized = textBySize(text).filter(
    (size) => !quantities.some((quantity) => size.start < quantity.end && size.end > quantity.start),
  );
  return [...quantities, ...sized].sort((a, b) => a.start - b.start);
}

/**
 * Tokens in a gigabyte of text, rounded from Gururangan et al.'s corpora (47 GB of biomedical
 * papers held 7.55B tokens, 11 GB of reviews 2.11B: 160–190M a GB) and the 4 bytes a token of
 * English BPE takes (250M): "about 40GB of case law" is roughly 8 billion tokens.
 */
const TOKENS_PER_GB = 200_000_000;
const BYTES_UNITS: Readonly<Record<string, number>> = { tb: 1000, gb: 1, mb: 0.001 };
/** "40GB of case law", "800MB of notebook text", "5 GB raw logs": a size of text, not of a GPU or a disk. */
const TEXT_BY_SIZE =
  /(?<![\w.])((?:about|around|roughly|approx\.?|~)\s*)?(\d+(?:\.\d+)?)\s*(tb|gb|mb|terabytes?|gigabytes?|megabytes?)\b(?=\s+(?:of\s+(?!(?:vram|ram|memory|gpu|disk|storage|space)\b)|(?:raw|plain|text|logs?|data|corpus|documents?|notes|code)\b))/gi;

function textBySize(text: string): Quantity[] {
  return [...text.matchAll(TEXT_BY_SIZE)].flatMap((match) => {
    const [raw, , number, unitWord] = match;
    const unit = (unitWord ?? '').toLowerCase().slice(0, 1);
    const perGb = BYTES_UNITS[`${unit}b`];
    if (!number || perGb === undefined) return [];
    const start = match.index ?? 0;
    return [
      {
        value: Math.round(Number(number) * perGb * TOKENS_PER_GB),
        unit: 'tokens' as const,
        noun: 'tokens',
        approximate: true,
        vague: null,
        raw: raw.trim(),
        start: start + (raw.length - raw.trimStart().length),
        end: start + raw.length,
      },
    ];
  });
}

/**
 * The value of an exact number phrase: "three thousand" -> 3000, "twenty-five" -> 25,
 * "half a million" -> 500000, "3 million" -> 3000000. Null when the whole text is not one
 * such phrase, including vague amounts like "a few hundred", whose value is only our reading.
 */
export function parseNumberWords(text: string): number | null {
  const tokens = tokenize(text);
  const phrase = parseExactAt(tokens, 0);
  if (!phrase || phrase.end !== tokens.length || !Number.isFinite(phrase.value)) return null;
  return phrase.value;
}
