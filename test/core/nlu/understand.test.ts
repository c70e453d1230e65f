import { Understander } from '../../../src/core/nlu/understand';
import { realContent } from '../../support/advisor';

const content = realContent();
const nlu = new Understander(content.language, content.strategies, content.knowledge);

function slots(text: string, awaiting: string | null = null): Record<string, string | number> {
  const understanding = nlu.understand(text, { awaiting });
  const found: Record<string, string | number> = Object.fromEntries(
    understanding.findings.map((f) => [f.slot, f.value]),
  );
  const sizes = Object.values(understanding.sizesByKind).flat();
  if (sizes.length > 0) found.dataSize = Math.max(...sizes.map((size) => Number(size.value)));
  return found;
}

describe('reading slot values from free text', () => {
  test.each([
    ["it's about tone, not facts", null, { goal: 'alignment' }],
    ['the model keeps getting facts wrong about our products', null, { goal: 'knowledge' }],
    ['we need both facts and style', null, { goal: 'both' }],
    ['annotators picked the better of two answers', null, { dataKind: 'preferences' }],
    ['60,000 comparisons', null, { dataKind: 'preferences', dataSize: 60000 }],
    ['three thousand dialogues', 'dataSize', { dataKind: 'demonstrations', dataSize: 3000 }],
    ['about 1.2k', 'dataSize', { dataSize: 1200 }],
    ['a few hundred', 'dataSize', { dataSize: 300 }],
    ['8 billion tokens', 'dataSize', { dataKind: 'raw-text', dataSize: 8e9 }],
    ["we don't have any labelled data, only raw docs", null, { dataKind: 'raw-text' }],
    ["we don't have any training data", null, { dataKind: 'none' }],
    ['our wiki changes every week', null, { knowledgeChange: 'frequent' }],
    ['the policies rarely change', null, { knowledgeChange: 'static' }],
    ['tone is crucial for us', null, { goal: 'alignment', styleSensitivity: 'high' }],
    ['any reasonable answer is fine', null, { styleSensitivity: 'low' }],
    ['very', 'styleSensitivity', { styleSensitivity: 'high' }],
    ['not really', 'styleSensitivity', { styleSensitivity: 'low' }],
    ['yes', 'knowledgeChange', { knowledgeChange: 'frequent' }],
    ['just one', 'taskScope', { taskScope: 'single' }],
    ['a general purpose assistant for all kinds of tasks', null, { taskScope: 'many' }],
    ['clinical notes, very specialised', null, { domainDistance: 'far', dataKind: 'raw-text' }],
  ] as const)('%s (awaiting %s)', (text, awaiting, expected) => {
    expect(slots(text, awaiting)).toMatchObject(expected);
  });

  test('a negated cue does not count', () => {
    expect(slots('this is not about style')).not.toHaveProperty('goal', 'alignment');
    expect(slots('we want facts rather than a new tone')).toMatchObject({ goal: 'knowledge' });
  });

  test('short answers count only for the question asked, or next to their topic', () => {
    expect(slots('very')).toEqual({});
    expect(slots('it is crucial that the answers are correct')).not.toHaveProperty('styleSensitivity');
    expect(slots('no', null)).toEqual({});
  });

  test('model sizes, years and percentages are not data amounts', () => {
    expect(slots('we fine-tune a 7B model since 2023 and 80% of answers are fine')).not.toHaveProperty(
      'dataSize',
    );
  });

  test('two kinds of data in one message are flagged as ambiguous, with an amount for each', () => {
    const understanding = nlu.understand('5k demonstrations and 2k preference pairs', { awaiting: null });
    expect(understanding.ambiguous).toEqual([
      { slot: 'dataKind', values: expect.arrayContaining(['demonstrations', 'preferences']) },
    ]);
    expect(understanding.sizesByKind.demonstrations?.[0]?.value).toBe(5000);
    expect(understanding.sizesByKind.preferences?.[0]?.value).toBe(2000);
  });
});

describe('conversation controls', () => {
  test.each([
    ['start over', 'restart'],
    ["ok let's start over please", 'restart'],
    ['go back', 'back'],
    ['skip', 'skip'],
    ['not sure', 'skip'],
    ["I don't know", 'skip'],
    ['help', 'help'],
    ['where are we?', 'status'],
    ['what have I told you so far', 'status'],
    ['hi', 'greeting'],
    ['thanks!', 'thanks'],
  ] as const)('%s is %s', (text, intent) => {
    expect(nlu.understand(text, { awaiting: 'goal' }).control).toBe(intent);
  });

  test('a long message that mentions a control word is not a control', () => {
    expect(
      nlu.understand('we went back and forth on whether our docs change, they change weekly', {
        awaiting: null,
      }).control,
    ).toBeNull();
  });
});

describe('questions', () => {
  test.each([
    ['why not RAG?', 'why-not', ['rag']],
    ['what if we had 10k examples?', 'what-if', []],
    ['compare SFT and DPO for me', 'compare', ['sft', 'dpo']],
    ['how much data does SFT need?', 'how-much-data', ['sft']],
    ['what did LIMA show?', 'paper', []],
    ['what is instruction tuning?', 'strategy', ['instruction-tuning']],
    ['what learning rate should we use for DPO?', 'general', ['dpo']],
  ] as const)('%s is a %s question', (text, form, strategies) => {
    const question = nlu.understand(text, { awaiting: null }).question;
    expect(question?.form).toBe(form);
    expect(question?.strategies).toEqual(expect.arrayContaining([...strategies]));
  });

  test('"what did LIMA show" names the paper', () => {
    expect(nlu.understand('what did LIMA show?', { awaiting: null }).question?.papers).toEqual(['lima-2023']);
  });

  test('an answer with a question mark is still an answer', () => {
    expect(nlu.understand('maybe 500?', { awaiting: 'dataSize' }).question).toBeNull();
  });
});
