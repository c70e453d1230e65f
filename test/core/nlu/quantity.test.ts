import fc from 'fast-check';
import {
  parseNumberWords,
  parseQuantities as parseWith,
  type Quantity,
} from '../../../src/core/nlu/quantity';
import { DataVocabulary } from '../../../src/core/nlu/vocabulary';
import { realContent } from '../../support/advisor';

/** The parser with the shared vocabulary of data nouns, as the advisor uses it. */
const vocabulary = new DataVocabulary(realContent().vocabulary);
const parseQuantities = (text: string) => parseWith(text, (word) => vocabulary.isDataNoun(word));

/** The one quantity found in `text`; fails the test when there is not exactly one. */
function only(text: string): Quantity {
  const found = parseQuantities(text);
  expect(found).toHaveLength(1);
  return found[0] as Quantity;
}

const values = (text: string): number[] => parseQuantities(text).map((quantity) => quantity.value);

describe('parseQuantities: numerals', () => {
  test.each([
    ['60,000 comparisons', 60_000, 'comparisons', false],
    ['1,200', 1200, null, false],
    ['1.2k', 1200, null, false],
    ['1.2K', 1200, null, false],
    ['about 1.2k', 1200, null, true],
    ['5k examples', 5000, 'examples', false],
    ['3M documents', 3_000_000, 'documents', false],
    ['3 million documents', 3_000_000, 'documents', false],
    ['1.5 million pairs', 1_500_000, 'pairs', false],
    ['2.3k rows', 2300, 'rows', false],
    ['10^4', 10_000, null, false],
    ['~50', 50, null, true],
    ['1e6', 1_000_000, null, false],
    ['12 000 examples', 12_000, 'examples', false],
    ['1 200 000', 1_200_000, null, false],
    ['0 examples', 0, 'examples', false],
  ])('%j -> %d %s', (text, value, noun, approximate) => {
    expect(only(text)).toMatchObject({ value, unit: 'items', noun, approximate, vague: null });
  });
});

describe('parseQuantities: number words', () => {
  test.each([
    ['three thousand dialogues', 3000, 'dialogues'],
    ['twenty-five', 25, null],
    ['twenty five examples', 25, 'examples'],
    ['a hundred', 100, null],
    ['a thousand', 1000, null],
    ['one hundred and fifty', 150, null],
    ['two and a half thousand', 2500, null],
    ['half a million', 500_000, null],
    ['a dozen', 12, null],
    ['seventy thousand rows', 70_000, 'rows'],
    ['one million two hundred thousand tokens', 1_200_000, 'tokens'],
    ['I have one dataset', 1, 'dataset'],
  ])('%j -> %d', (text, value, noun) => {
    expect(only(text)).toMatchObject({ value, noun, approximate: false, vague: null });
  });
});

describe('parseQuantities: vague amounts', () => {
  test.each([
    ['a few hundred', 300, 'a few hundred'],
    ['a few thousand', 3000, 'a few thousand'],
    ['several thousand', 5000, 'several thousand'],
    ['hundreds of examples', 300, 'hundreds'],
    ['thousands of', 3000, 'thousands'],
    ['tens of thousands', 30_000, 'tens of thousands'],
    ['hundreds of thousands', 300_000, 'hundreds of thousands'],
    ['millions of', 3_000_000, 'millions'],
    ['a handful', 5, 'a handful'],
    ['a few dozen', 36, 'a few dozen'],
    ['dozens of', 36, 'dozens'],
    ['a couple thousand', 2000, 'a couple thousand'],
    ['a couple of hundred', 200, 'a couple of hundred'],
    ['a few hundred thousand tokens', 300_000, 'a few hundred thousand'],
    ['1000s of docs', 3000, '1000s'],
  ])('%j -> %d', (text, value, vague) => {
    expect(only(text)).toMatchObject({ value, vague, approximate: true });
  });

  test('the counted noun after "of" is kept', () => {
    expect(only('hundreds of examples')).toMatchObject({ noun: 'examples', raw: 'hundreds of examples' });
  });

  test.each(['a few questions', 'a couple of weeks', 'several examples'])(
    '%j names no magnitude, so it is not an amount',
    (text) => {
      expect(parseQuantities(text)).toEqual([]);
    },
  );
});

describe('parseQuantities: counted nouns', () => {
  test.each([
    ['3,000 preference pairs', 'pairs'],
    ['~800 Q&A pairs', 'pairs'],
    ['500 question-and-answer pairs', 'pairs'],
    ['5k prompt/response pairs', 'pairs'],
    ['2k chat logs', 'logs'],
    ['10k rows of data', 'rows'],
    ['5k examples spanning weeks', 'examples'],
    ['a 5k-example dataset', 'example'],
    ['300 high-quality widgets', 'widgets'],
    ['1,200 customer support tickets', 'tickets'],
  ])('%j counts %s', (text, noun) => {
    expect(only(text).noun).toBe(noun);
  });
});

describe('parseQuantities: hedges', () => {
  test.each([
    ['about 5k examples', 'about 5k examples'],
    ['more than 10,000 labelled support tickets', 'more than 10,000 labelled support tickets'],
    ['at least 500', 'at least 500'],
    ['up to 1M', 'up to 1M'],
    ['approximately 2000', 'approximately 2000'],
    ['5k+ examples', '5k+ examples'],
    ['5k examples or so', '5k examples or so'],
    ['nearly half a million tokens', 'nearly half a million tokens'],
  ])('%j is approximate', (text, raw) => {
    expect(only(text)).toMatchObject({ approximate: true, raw });
  });
});

describe('parseQuantities: tokens', () => {
  test.each([
    ['8 billion tokens', 8e9, 'tokens'],
    ['20B tokens', 2e10, 'tokens'],
    ['8B tokens', 8e9, 'tokens'],
    ['750k tokens', 750_000, 'tokens'],
    ['a 2 billion-token corpus', 2e9, 'token'],
    ['8B training tokens', 8e9, 'tokens'],
  ])('%j -> %d tokens', (text, value, noun) => {
    expect(only(text)).toMatchObject({ value, unit: 'tokens', noun });
  });

  test.each(['5k examples', '3M documents', '20B words'])('%j counts items, not tokens', (text) => {
    expect(only(text).unit).toBe('items');
  });
});

describe('parseQuantities: numbers that are not amounts of data', () => {
  test.each([
    // model sizes and names
    'a 7B model',
    'LLaMA 65B',
    '70b',
    'Llama-2-7B',
    '13B parameters',
    '7 billion parameters',
    'a 350M model',
    'GPT-4',
    'gpt-3.5',
    'GPT 4',
    'Mistral 7B',
    'Llama 2 70B chat',
    'Qwen2.5 72B',
    'a 7B fine-tuned model',
    '3 Qwen2 checkpoints',
    // years, versions, labels
    'since 2023',
    'in 2019',
    'from 2019 to 2023',
    'May 2024',
    'v2',
    '3.5',
    'version 2',
    'Python 3',
    '#5',
    'see [3]',
    // percentages, money, ratios
    '80%',
    '50 percent',
    '$5k budget',
    '5k USD',
    '3x faster',
    '3 times',
    // times and dates
    'every 3 days',
    '3 weeks',
    'twice a month',
    '24/7',
    '5 minutes',
    '10:30',
    '2023-05-01',
    '1/3 of the data',
    // ordinals, fractions, identifiers
    '1st',
    'first',
    'one third',
    'Qwen2',
    'bge-large',
    't5',
    // hardware, training setup
    '8 GPUs',
    '3 epochs',
    '10k training steps',
    '8-bit quantization',
    '5-shot',
    '128k context window',
    // pronoun "one"
    'one of the models',
    'no one',
  ])('%j', (text) => {
    expect(parseQuantities(text)).toEqual([]);
  });

  test.each([
    ['fine-tune Llama-2-7B on 5k examples', [5000]],
    ['GPT-4 wrote 500 GPT4 outputs', [500]],
    ['since 2023 we have collected 1,200 tickets', [1200]],
    ['in 2000 examples', [2000]],
    ['our $5k budget covers 3k comparisons', [3000]],
    ['1. Collect 5k examples\n2. Label them', [5000]],
  ])('%j keeps only the data amount', (text, expected) => {
    expect(values(text)).toEqual(expected);
  });
});

describe('parseQuantities: several amounts', () => {
  test('are returned in order of appearance with their offsets', () => {
    const text = 'we have 5k demonstrations and 60,000 comparisons';
    const found = parseQuantities(text);
    expect(found).toEqual([
      expect.objectContaining({ value: 5000, noun: 'demonstrations', raw: '5k demonstrations', start: 8 }),
      expect.objectContaining({ value: 60_000, noun: 'comparisons', raw: '60,000 comparisons' }),
    ]);
    for (const quantity of found) expect(text.slice(quantity.start, quantity.end)).toBe(quantity.raw);
  });

  test.each([
    ['5-10k examples', [5000, 10_000], 'examples'],
    ['between 2 and 3 million tokens', [2e6, 3e6], 'tokens'],
    ['500 to 1,000 dialogues', [500, 1000], 'dialogues'],
    ['1-15k rows', [1000, 15_000], 'rows'],
    ['from 1 to 500k rows', [1, 500_000], 'rows'],
  ])('the range %j shares its noun and magnitude', (text, expected, noun) => {
    const found = parseQuantities(text);
    expect(found.map((quantity) => quantity.value)).toEqual(expected);
    for (const quantity of found) expect(quantity).toMatchObject({ noun, approximate: true });
  });
});

describe('parseQuantities: robustness', () => {
  test.each([
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['emoji', '🤖🔥 👍🏽 👨‍👩‍👧'],
    ['lone surrogates', '\ud800 5k \udfff'],
    ['overflowing exponent', '1e400'],
    ['absurdly large', '9999999999999999999999'],
    ['absurdly large with suffix', '5000000000000T tokens'],
  ])('%s input never throws', (_name, text) => {
    expect(() => parseQuantities(text)).not.toThrow();
    for (const quantity of parseQuantities(text)) expect(quantity.value).toBeLessThanOrEqual(1e15);
  });

  test.each(['1e400', '9999999999999999999999', '5000000000000T tokens'])('%j is ignored', (text) => {
    expect(parseQuantities(text)).toEqual([]);
  });

  test('emoji around an amount do not hide it', () => {
    expect(values('🤖🔥 5k 👍 examples')).toEqual([5000]);
  });

  // Adversarial shapes for the tokenizer and the phrase readers; each must simply return.
  test.each([
    ['digits', '1'.repeat(40_000)],
    ['comma groups', '1,'.repeat(20_000)],
    ['hyphen chain', '1-'.repeat(20_000)],
    ['spaced groups', `1${' 000'.repeat(10_000)}`],
    ['number words', 'one hundred and '.repeat(2_500)],
    ['hedges', 'about '.repeat(7_000)],
    ['plural magnitudes', 'hundreds of '.repeat(3_500)],
    ['letters', 'a'.repeat(100_000)],
  ])('a 40,000+ character run of %s returns', (_name, text) => {
    expect(Array.isArray(parseQuantities(text))).toBe(true);
  });

  test('a long realistic message finds every amount', () => {
    const text = 'We have 5k examples and about a few hundred dialogues. '.repeat(800);
    expect(text.length).toBeGreaterThan(40_000);
    expect(parseQuantities(text)).toHaveLength(1600);
  });

  const fragments = [
    ' ',
    '-',
    '/',
    '$',
    '%',
    '~',
    '+',
    '.',
    ',',
    '5k',
    '1,200',
    '7B',
    '2019',
    '3.5',
    '1e6',
    'a',
    'few',
    'hundred',
    'thousands',
    'of',
    'and',
    'half',
    'twenty',
    'examples',
    'tokens',
    'model',
    'about',
    'Llama',
    'days',
    '🤖',
  ];

  test('any text yields well-formed, ordered quantities', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((parts) => parts.join('')),
      fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((parts) => parts.join(' ')),
    );
    fc.assert(
      fc.property(text, (input) => {
        let previousEnd = 0;
        for (const quantity of parseQuantities(input)) {
          expect(input.slice(quantity.start, quantity.end)).toBe(quantity.raw);
          expect(quantity.start).toBeGreaterThanOrEqual(previousEnd);
          expect(Number.isSafeInteger(quantity.value)).toBe(true);
          expect(quantity.value).toBeGreaterThanOrEqual(0);
          expect(quantity.value).toBeLessThanOrEqual(1e15);
          expect(quantity.unit).toBe(
            quantity.noun === 'token' || quantity.noun === 'tokens' ? 'tokens' : 'items',
          );
          if (quantity.vague !== null) expect(quantity.approximate).toBe(true);
          previousEnd = quantity.end;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseNumberWords', () => {
  test.each([
    ['three thousand', 3000],
    ['twenty-five', 25],
    ['Twenty Five', 25],
    ['half a million', 500_000],
    ['a hundred', 100],
    ['one hundred and fifty', 150],
    ['a hundred and fifty thousand', 150_000],
    ['two and a half thousand', 2500],
    ['fifteen hundred', 1500],
    ['a dozen', 12],
    ['half a dozen', 6],
    ['two thousand and twenty three', 2023],
    ['zero', 0],
    ['  seven  ', 7],
    ['3 million', 3_000_000],
  ])('%j -> %d', (text, value) => {
    expect(parseNumberWords(text)).toBe(value);
  });

  test.each([
    '',
    'examples',
    'a few hundred',
    'thousands',
    'three examples',
    'five twenty',
    'hundred',
    'a',
    'one hundred and',
    'thousand million',
    '1e400',
  ])('%j is not an exact number phrase', (text) => {
    expect(parseNumberWords(text)).toBeNull();
  });
});

describe('parseQuantities: a size of text is a count of tokens (dev5)', () => {
  test.each([
    ['about 40GB of German case law', 8_000_000_000],
    ['~50GB of raw logs', 10_000_000_000],
    ['800MB of notebook text', 160_000_000],
    ['5 GB raw logs', 1_000_000_000],
  ])('%s', (text, tokens) => {
    const quantity = only(text);
    expect(quantity).toMatchObject({ value: tokens, unit: 'tokens', approximate: true });
  });

  test('the memory of a GPU, a disk or a bare size is not text', () => {
    expect(values('80GB of VRAM')).toEqual([]);
    expect(values('we have 40GB')).toEqual([]);
    expect(values('a 2TB disk')).toEqual([]);
  });
});

describe('parseQuantities: lengths and part numbers are not data (development set 10)', () => {
  test.each([
    'We rewrite them into our house style: 60-80 words, warm but not cheesy',
    'answers under 300 characters',
    'keep it to 3 sentences',
    'summaries of 60 to 80 words',
    'PLC code in IEC 61131-3 structured text',
    'devices certified to ISO 13485',
  ])('%s', (text) => {
    expect(values(text)).toEqual([]);
  });

  test('a corpus counted in words is still data, and a rising range still a range', () => {
    expect(values('we have 2M words of transcripts')).toEqual([2_000_000]);
    expect(values('5k-10k examples')).toEqual([5000, 10_000]);
  });
});
