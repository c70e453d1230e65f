import type { Act, DataAct, InformAct } from '../../../src/core/dialogue/acts';
import { realAdvisor } from '../../support/advisor';

const advisor = realAdvisor();

function acts(
  text: string,
  awaiting: string | null = null,
  phase: 'collecting' | 'advised' = 'collecting',
): Act[] {
  const session = advisor.newSession();
  session.phase = phase;
  if (awaiting) session.pending = { kind: 'slot', slot: awaiting, posings: 1 };
  return advisor.interpret(session, text);
}

/** The values a message states, as slot -> value (data as dataKind and dataSize). */
function read(text: string, awaiting: string | null = null): Record<string, string | number> {
  const found: Record<string, string | number> = {};
  for (const act of acts(text, awaiting)) {
    if (act.type === 'inform') found[act.slot] = act.value;
    if (act.type === 'data') {
      if (act.kind && found.dataKind === undefined) found.dataKind = act.kind;
      if (act.amount && found.dataSize === undefined) found.dataSize = act.amount.value;
    }
  }
  return found;
}

const informs = (list: Act[]) => list.filter((act): act is InformAct => act.type === 'inform');
const data = (list: Act[]) => list.filter((act): act is DataAct => act.type === 'data');

describe('reading slot values from free text', () => {
  test.each([
    ["it's about tone, not facts", null, { goal: 'alignment' }],
    ['the model keeps getting facts wrong about our products', null, { goal: 'knowledge' }],
    ['we need both facts and style', null, { goal: 'both' }],
    ['it has to read nursing shorthand', 'goal', { goal: 'domain' }],
    ['annotators picked the better of two answers', null, { dataKind: 'preferences' }],
    ['60,000 comparisons', null, { dataKind: 'preferences', dataSize: 60000 }],
    ['three thousand dialogues', 'dataSize', { dataSize: 3000 }],
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
    ['code review suggestions', 'taskScope', { taskScope: 'single' }],
    ['a general purpose assistant for all kinds of tasks', null, { taskScope: 'many' }],
    ['clinical notes, very specialised', null, { domainDistance: 'far' }],
    ['we have 800 exemples of input and output', null, { dataKind: 'demonstrations', dataSize: 800 }],
    ['we have 2000 memos', null, { dataKind: 'raw-text', dataSize: 2000 }],
    [
      '4,000 transcripts with the clinician-approved note',
      null,
      { dataKind: 'demonstrations', dataSize: 4000 },
    ],
    ['60,000 notes coded by certified coders', null, { dataKind: 'demonstrations', dataSize: 60000 }],
    ['25 labelled datasets, one per task', null, { dataKind: 'multitask' }],
  ] as const)('%s (awaiting %s)', (text, awaiting, expected) => {
    expect(read(text, awaiting)).toMatchObject(expected);
  });

  test('a negated cue does not count', () => {
    expect(read('this is not about style')).not.toHaveProperty('goal', 'alignment');
    expect(read('we want facts rather than a new tone')).toMatchObject({ goal: 'knowledge' });
    expect(read("We haven't logged any ratings or comparisons yet.")).not.toHaveProperty(
      'dataKind',
      'preferences',
    );
  });

  test('short answers count only for the question asked, or next to their topic', () => {
    expect(read('very')).toEqual({});
    expect(read('it is crucial that the answers are correct')).not.toHaveProperty('styleSensitivity');
    expect(read('no', null)).toEqual({});
  });

  test('model sizes, years, percentages and details of the task are not data amounts', () => {
    expect(read('we fine-tune a 7B model since 2023 and 80% of answers are fine')).not.toHaveProperty(
      'dataSize',
    );
    expect(read('editors pick the better of two AI summaries')).not.toHaveProperty('dataSize');
    expect(read('output must be exactly one of the 40 labels')).not.toHaveProperty('dataSize');
    expect(read('after 3-4 turns it drifts; teachers wrote 1,200 sample dialogues')).toMatchObject({
      dataSize: 1200,
    });
  });

  test('a number belongs to the noun it counts: two kinds of data each keep their amount', () => {
    const found = data(acts('5k demonstrations and 2k preference pairs'));
    expect(found.map((act) => [act.kind, act.amount?.value])).toEqual([
      ['demonstrations', 5000],
      ['preferences', 2000],
    ]);
  });

  test('data that could be either kind is flagged with both', () => {
    const [act] = data(acts('~100k anonymised chat transcripts between nurses and patients'));
    expect(act).toMatchObject({
      kind: null,
      either: ['demonstrations', 'raw-text'],
      amount: { value: 100000 },
    });
  });

  test('the words quoted are the ones that say the value', () => {
    const [style] = informs(acts('honestly style matters a lot to us, it is very noisy data', null));
    expect(style?.quote).toContain('style matters a lot');
    expect(style?.quote).not.toContain('noisy');
  });
});

describe('what a sentence does', () => {
  test('a description that ends in a question fills the slots and asks for the advice', () => {
    const list = acts(
      'We want a model to write claim summaries in our fixed format and we have 800 examples. What is the best way?',
    );
    expect(list.map((act) => act.type)).toEqual(expect.arrayContaining(['seek-advice', 'inform', 'data']));
    expect(
      read(
        'We want a model to write claim summaries in our fixed format and we have 800 examples. What is the best way?',
      ),
    ).toMatchObject({ goal: 'alignment', dataSize: 800 });
  });

  test('after the advice, a question changes nothing, and planned data is not data', () => {
    const list = acts(
      'after instruction tuning should we add a DPO stage? we could get analysts to rank outputs',
      null,
      'advised',
    );
    expect(list.filter((act) => act.type === 'inform' || act.type === 'data')).toEqual([]);
    expect(list.some((act) => act.type === 'ask')).toBe(true);
    expect(
      acts('is 25k pairs enough? should we filter the noisy ones', null, 'advised').filter(
        (act) => act.type === 'data',
      ),
    ).toEqual([]);
  });

  test('corrections and additions are marked as such', () => {
    expect(
      informs(acts('actually style sensitivity is low')).find((act) => act.slot === 'styleSensitivity'),
    ).toMatchObject({ slot: 'styleSensitivity', value: 'low', correction: true });
    expect(informs(acts('oh and NPCs also need to know our game lore'))[0]).toMatchObject({
      slot: 'goal',
      value: 'knowledge',
      additive: true,
    });
  });

  test('"what if" names the changes, and an answer with a question mark is still an answer', () => {
    const [whatIf] = acts('what if we had 10k examples?').filter((act) => act.type === 'what-if');
    expect(whatIf).toMatchObject({ changes: [{ slot: 'dataSize', value: 10000 }] });
    expect(read('maybe 500?', 'dataSize')).toMatchObject({ dataSize: 500 });
    expect(read('probably weekly?', 'knowledgeChange')).toMatchObject({ knowledgeChange: 'frequent' });
    expect(acts('what customers actually said - the content', 'goal').some((act) => act.type === 'ask')).toBe(
      false,
    );
  });

  test('a message in another language is recognised as such', () => {
    expect(acts('Wir haben viele Dokumente und wollen, dass das Modell unsere Produkte kennt.')).toEqual([
      { type: 'foreign-language' },
    ]);
    expect(acts('我们有很多文档，想让模型了解我们的产品')).toEqual([{ type: 'foreign-language' }]);
    expect(acts('RAG or SFT?').some((act) => act.type === 'foreign-language')).toBe(false);
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
  ] as const)('%s is %s', (text, control) => {
    expect(acts(text, 'goal').find((act) => act.type === 'control')).toEqual({ type: 'control', control });
  });

  test('a long message that mentions a control word is not a control', () => {
    expect(
      acts('we went back and forth on whether our docs change, they change weekly').some(
        (act) => act.type === 'control',
      ),
    ).toBe(false);
  });
});

describe('how people really type (second persona play)', () => {
  test('contractions without the apostrophe still negate', () => {
    expect(read('Facts dont change much', 'knowledgeChange')).toMatchObject({ knowledgeChange: 'static' });
    expect(read('no no, we dont have examples, just the technical documents').dataKind).toBe('raw-text');
  });

  test('European thousands are thousands', () => {
    expect(read('we have 10.000 FAQ pairs')).toMatchObject({ dataSize: 10000 });
  });

  test('a value denied in the same sentence as another corrects it', () => {
    const [act] = data(acts('the pdf is not examples, it is just the technical documents'));
    expect(act).toMatchObject({ kind: 'raw-text', correction: true });
  });

  test('misspelt words are read as the words they stand for', () => {
    expect(read('a general chat assistent for all kinds of tasks')).toMatchObject({ taskScope: 'many' });
  });

  test('a hedged reply with a question mark answers the question it was asked', () => {
    expect(read('maybe 3k question/answer pairs about methods sections?', 'dataKind')).toMatchObject({
      dataKind: 'demonstrations',
      dataSize: 3000,
    });
    expect(acts('Where does a model knowledge come from?', 'goal').some((act) => act.type === 'ask')).toBe(
      true,
    );
  });

  test('what the model already does right is dismissed', () => {
    expect(read('the format. it knows what an invoice is lol', 'goal')).toMatchObject({ goal: 'alignment' });
  });
});

describe('two kinds of data in one sentence (dev4)', () => {
  const kinds = (text: string) =>
    data(acts(text)).map((act) => [act.kind, act.amount?.value ?? null] as [string | null, number | null]);

  test.each([
    [
      'we have 9k bug reports paired with the fix an engineer wrote, and 3k cases where testers accepted one patch and dismissed another',
      [
        ['demonstrations', 9000],
        ['preferences', 3000],
      ],
    ],
    [
      'we have 20000 sentence pairs from our translators, and our editors compared two machine versions and chose the better one for about 4000 segments',
      [
        ['demonstrations', 20000],
        ['preferences', 4000],
      ],
    ],
    ['about 6,000 ticket-text -> reply-draft pairs', [['demonstrations', 6000]]],
    ['we have 8 thousand claims with the correct code written by our coders', [['demonstrations', 8000]]],
  ])('%s', (text, expected) => {
    expect(kinds(text)).toEqual(expect.arrayContaining(expected));
  });

  test('a noun of any kind takes the kind the words after it name', () => {
    expect(kinds('we have 2k cases where reviewers picked the better of two answers')).toEqual([
      ['preferences', 2000],
    ]);
  });
});

describe('a question behind a short lead is a question (dev4)', () => {
  test.each([
    'for full ft of a 13b how many gpus are we talking',
    'wtf is the superficial alignment hypothesis',
    'unrelated but how do i merge two dataframes',
  ])('%s', (text) => {
    expect(acts(text, null, 'advised').map((act) => act.type)).toContain('ask');
  });
  // dev6: a question clause after a comma, an "or will that …" ending, "what do they mean" behind a lead.
  test.each([
    'compared with pasting ten examples in the prompt, what do we really get from training',
    'we have one 48gb card. qlora ok for the domain pretraining or would that hurt',
    'in the alpagasus paper what do they mean by a 4.5 threshold',
  ])('%s', (text) => {
    expect(acts(text, null, 'advised').map((act) => act.type)).toContain('ask');
  });
  test('after the advice, it never changes a saved answer', () => {
    expect(informs(acts('for full ft of a 70b how many 80gb gpus are we talking', null, 'advised'))).toEqual(
      [],
    );
  });
});

describe('facts stated in passing and data named as had (dev4)', () => {
  test('"tickets with both" names no goal', () => {
    expect(read('We have 25k closed tickets with both.')).not.toHaveProperty('goal');
    expect(read('honestly we need both')).toMatchObject({ goal: 'both' });
  });

  test('facts that change often, with a style asked for, need both', () => {
    expect(
      read('Prices change every week. Answers must follow our brand tone and end with a call to action.'),
    ).toMatchObject({ goal: 'both', knowledgeChange: 'frequent' });
  });

  test('"we have the manuals and 600 answers" names two kinds of data, both as had', () => {
    const named = data(acts('We have the product manuals and 600 support-approved answers.'));
    expect(named.map((act) => [act.kind, act.weight])).toEqual(
      expect.arrayContaining([
        ['demonstrations', 'statement'],
        ['raw-text', 'statement'],
      ]),
    );
  });

  test('a tool named after its data is not data', () => {
    expect(data(acts('we have an internal ticket triage bot that drafts replies'))).toEqual([]);
  });

  test('things people checked are labels, whatever they are called', () => {
    expect(read('3.5k confirmed diagnoses', 'extraDataKind')).toMatchObject({
      dataKind: 'demonstrations',
      dataSize: 3500,
    });
  });

  test('a hedged statement with a question mark still states', () => {
    expect(read('I think we have around 1,200 draft -> final pairs?')).toMatchObject({
      dataKind: 'demonstrations',
      dataSize: 1200,
    });
  });

  test('"not sure if this is a training thing?" asks for the advice', () => {
    expect(acts('Not sure if this is a training thing?').map((act) => act.type)).toEqual(['seek-advice']);
  });
});

describe("someone else's proposal is not what the user tried (persona round 8)", () => {
  test.each([
    [
      'A colleague says better to use RAG: put the 5 most similar old scripts in the prompt. Why not this?',
      [],
    ],
    ['my colleague suggested RAG but we only tried prompting', ['prompting']],
    ['we use RAG already and it retrieves the wrong section', ['rag']],
  ])('%s', (text, tried) => {
    expect(
      informs(acts(text, null, 'advised'))
        .filter((act) => act.slot === 'tried')
        .map((act) => act.value),
    ).toEqual(tried);
  });
});

test('a value made of two readings quotes both (found by the property test)', () => {
  const [tried] = informs(acts('tried gpt retrieves the wrong'));
  expect(tried).toMatchObject({ slot: 'tried', value: 'prompting-and-rag' });
  expect(tried?.quote.trim()).not.toBe('');
});

describe('demonstrations named beside preference data (dev sets, session 12)', () => {
  const kinds = (text: string) => data(acts(text)).map((act) => act.kind);

  test.each([
    [
      'tutors wrote 2,000 step-by-step hints (attempt -> hint). we also ran side-by-side tests, ~6,000 comparisons.',
    ],
    [
      'We have lawyer-made examples, and a senior lawyer also ranked two proposed redlines for a bunch of clauses.',
    ],
    ['we have approved headlines and for many ad groups we know which of two headlines won on CTR.'],
  ])('%s', (text) => {
    expect(kinds(text)).toEqual(expect.arrayContaining(['demonstrations', 'preferences']));
  });

  test('a number before a compound modifier still counts its noun', () => {
    expect(read('tutors wrote 2,000 step-by-step hints')).toMatchObject({ dataSize: 2000 });
    expect(read('we ran 5 step-by-step runs')).not.toHaveProperty('dataSize');
  });

  test('a question word after a verb of recording opens a clause, not a question', () => {
    const list = acts('In the IDE we show two completions and log which one the dev accepts.');
    expect(list.map((act) => act.type)).not.toContain('ask');
    expect(acts('for our case which one is better').map((act) => act.type)).toContain('ask');
  });
});

describe('needs said with words in between, and task names (dev sets, session 12)', () => {
  test.each([
    ['We want an assistant that answers the farmers about pest alerts from the bulletins.', 'knowledge'],
    ['We get hundreds of questions a day about tariff classification and customs rules.', 'knowledge'],
    [
      'We want to automate first-line answers using the claims manual. Answers have to follow the mandated template.',
      'both',
    ],
  ])('%s', (text, goal) => {
    expect(read(text)).toMatchObject({ goal });
  });

  test('a gap never spans a count: two answers compared for each question are not knowledge', () => {
    expect(
      read('The QA team compared two answers for 7,000 questions and chose the better one.'),
    ).not.toMatchObject({ goal: 'knowledge' });
    expect(read('raters compared two answers per question')).not.toMatchObject({ goal: 'knowledge' });
  });

  test('a knowledge cue inside a list of tasks names a task, not a need', () => {
    expect(
      read('Seller copilot: write listings, answer buyer questions, suggest prices, summarise reviews.'),
    ).not.toHaveProperty('goal', 'knowledge');
  });
});

describe('what a cue means in its setting (dev sets, session 12)', () => {
  test.each([
    ['We localize a B2B app into 14 languages. Generic MT ignores our terminology.', 'alignment'],
    ['our models choke on the terminology of chemistry patents', 'domain'],
    ['we need in-game chat messages labeled with our 12-policy taxonomy', 'alignment'],
    ['Customers ask about roaming and tariffs. Answers must follow our care tone.', 'both'],
    ['Customers ask about roaming and tariffs. Tone is whatever.', 'knowledge'],
  ])('%s', (text, goal) => {
    expect(read(text)).toMatchObject({ goal });
  });

  test('facts that never change do not make a style need a need for facts', () => {
    expect(
      read('We need to label listings against our policy. The policy doc is ~30 pages and stable.'),
    ).toMatchObject({ goal: 'alignment', knowledgeChange: 'static' });
  });
});

describe('instruction mixes and data made by people (dev sets, session 12)', () => {
  const kinds = (text: string) => data(acts(text)).map((act) => act.kind);
  test.each([
    [
      'Data: a 300k-sample instruction mix from ~10 sources and 60k preference pairs.',
      ['multitask', 'preferences'],
    ],
    [
      'we have datasets for most of these, and teachers did pairwise choices on a sample.',
      ['multitask', 'preferences'],
    ],
    [
      'Writers produced gold examples, and in playtests players picked which of two descriptions they liked better.',
      ['demonstrations', 'preferences'],
    ],
    [
      'Our TAs wrote hints for common wrong answers, and TAs compared two model hints and picked the better one.',
      ['demonstrations', 'preferences'],
    ],
  ])('%s', (text, expected) => {
    expect(kinds(text)).toEqual(expect.arrayContaining(expected));
  });
});

describe('counts of tasks and of one thing (dev sets, session 12)', () => {
  test('"nine tasks" answers many; "each is one task" is many in all', () => {
    expect(read('nine tasks', 'taskScope')).toMatchObject({ taskScope: 'many' });
    expect(read('summaries', 'taskScope')).toMatchObject({ taskScope: 'single' });
    expect(read('30 labelled datasets from different teams, each is one task')).toMatchObject({
      taskScope: 'many',
    });
  });
  test('"one picked" is not an amount of data', () => {
    expect(read('votes: two responses, one picked', 'dataKind')).not.toHaveProperty('dataSize');
  });
});

describe('numbers and questions that say nothing of the user’s own data (session 2026-12-02)', () => {
  test('someone else’s data, shots in a prompt and an amount denied are not the user’s', () => {
    expect(
      data(acts('is 500k notes enough? the paper used billions of tokens right', null, 'advised')),
    ).toEqual([]);
    expect(
      data(acts('actually we did try few-shot with 5 examples, it drops a section', null, 'advised')),
    ).toEqual([]);
    expect(read('actually we did try few-shot with 5 examples')).toMatchObject({ tried: 'prompting' });
    const denied = data(acts("no! I didn't say we have billions. we have 500k notes, maybe 300M tokens"));
    expect(denied.map((act) => act.amount?.value)).toEqual([300_000_000]);
  });

  test('a question in general fills no slot; one about the asker’s case does', () => {
    expect(read('which is better for coding right now, claude or gpt-5?')).toEqual({});
    expect(read('does adding more data keep helping for style fine-tuning?')).toEqual({});
    expect(read('is 1,100 examples enough?')).toMatchObject({ dataSize: 1100 });
  });

  test('a what-if about the amount already held is a question about it, not a change', () => {
    const session = advisor.newSession();
    session.phase = 'advised';
    session.answers.dataSize = { value: 700, source: 'user', quote: '700' };
    const found = advisor.interpret(session, 'what if the 7B is unstable with only 700 examples?');
    expect(found.map((act) => act.type)).toEqual(['ask']);
  });

  test('an arrow describes the amount right before it; labelled items are examples; chosen/rejected pairs are preferences', () => {
    const found = data(
      acts('~1.2M lines of it in the monorepo, plus 800 pairs of english request -> ZQL snippet'),
    );
    expect(found.map((act) => [act.kind, act.amount?.value])).toEqual([
      ['raw-text', 1_200_000],
      ['demonstrations', 800],
    ]);
    expect(read('We have 800 labeled claims')).toMatchObject({ dataKind: 'demonstrations', dataSize: 800 });
    expect(read('~20k chosen/rejected pairs')).toMatchObject({ dataKind: 'preferences', dataSize: 20000 });
    expect(read('about 40GB of German case law')).toMatchObject({
      dataKind: 'raw-text',
      dataSize: 8_000_000_000,
    });
  });
});

/** Acts of a message with answers already saved, as the user gave them. */
function actsAfter(text: string, awaiting: string, saved: Record<string, string | number>): Act[] {
  const session = advisor.newSession();
  for (const [slot, value] of Object.entries(saved))
    session.answers[slot] = { value, source: 'user', quote: String(value) };
  session.pending = { kind: 'slot', slot: awaiting, posings: 1 };
  return advisor.interpret(session, text);
}

describe('readings that another part of the message explains (dev6 classes)', () => {
  test('a few tasks named are parts of one job, not datasets for many tasks', () => {
    expect(
      read('two tasks really: tag each email and draft a reply. we have 900 emails with replies'),
    ).toMatchObject({
      dataKind: 'demonstrations',
      dataSize: 900,
    });
    expect(read('we have data for 14 tasks').dataKind).toBe('multitask');
  });

  test('denying one of two values says the other, and corrects it when it was saved', () => {
    const list = actsAfter("it isn't a general-purpose assistant, only the one job", 'styleSensitivity', {
      taskScope: 'many',
    });
    expect(informs(list)).toEqual([
      expect.objectContaining({ slot: 'taskScope', value: 'single', correction: true }),
    ]);
  });

  test('a "no" before an amount of data disputes the data; it answers nothing', () => {
    const list = actsAfter('no, the manuals ARE the 40M tokens', 'domainDistance', {
      dataKind: 'raw-text',
      dataSize: 40000000,
    });
    expect(informs(list).filter((act) => act.slot === 'domainDistance')).toEqual([]);
  });

  test('a kind of data named while answering another question is a word in passing', () => {
    const list = actsAfter('behaviour: it should stop giving away worked solutions to pupils', 'goal', {
      dataKind: 'preferences',
    });
    expect(data(list).every((act) => act.weight === 'passing')).toBe(true);
  });

  test('an arrow with no noun of data is an example of the output', () => {
    expect(data(acts('draft clause -> clause as our partners rewrote it', 'dataKind'))).toEqual([
      expect.objectContaining({ kind: 'demonstrations' }),
    ]);
  });

  test('the classifier reads no value whose words the reply lacks', () => {
    // Naive Bayes leans to "datasets for many tasks" on "each"; nothing here names a task or dataset.
    const kinds = data(
      acts('about 40 of my old newsletters, and I remember the subject of each one', 'dataKind'),
    );
    expect(kinds.map((act) => act.kind)).not.toContain('multitask');
    const goals = informs(acts('the output format. it knows the content, it ignores our template', 'goal'));
    expect(goals.map((act) => act.value)).not.toContain('domain');
  });
});

describe('questions and settings inside descriptions (dev6 classes)', () => {
  test('a question tail typed without a question mark still asks', () => {
    const list = acts('we have 450 labelled call notes for one task, is that enough for a fine-tune');
    expect(list.some((act) => act.type === 'ask')).toBe(true);
    expect(
      read('we have 450 labelled call notes for one task, is that enough for a fine-tune').dataSize,
    ).toBe(450);
  });

  test('a LoRA rank is a setting, not rankings of answers', () => {
    expect(data(acts('which lora rank should a 13B get, 16 or 128?'))).toEqual([]);
  });

  test('of two readings of one slot in a what-if, the cue phrase wins', () => {
    const whatIf = acts(
      'what if tone only matters a little and any correct answer is fine?',
      null,
      'advised',
    ).find((act) => act.type === 'what-if');
    expect(whatIf).toMatchObject({ changes: [{ slot: 'styleSensitivity', value: 'low' }] });
  });
});

describe('an answer set by naming its question (persona round, session 16)', () => {
  test.each([
    ['change tried to nothing', 'tried', 'nothing'],
    ['style = high', 'styleSensitivity', 'high'],
    ['could you set the tasks to many', 'taskScope', 'many'],
    ['tried: both', 'tried', 'prompting-and-rag'],
  ])('%s', (text, slot, value) => {
    const found = informs(acts(text, null, 'advised')).find((act) => act.slot === slot);
    expect({ value: found?.value, correction: found?.correction }).toEqual({ value, correction: true });
  });
  test('a name that is no question is not an assignment', () => {
    expect(informs(acts('quick q: is lora ok', null, 'advised'))).toEqual([]);
  });
  test('a long description after a colon is read as a description', () => {
    expect(
      data(acts('Data: a 300k-sample instruction mix from ~10 sources and 60k preference pairs.')).length,
    ).toBe(2);
  });
});

describe('whether to fine-tune at all asks for the advice (persona round, session 16)', () => {
  test.each([
    'can we fine-tune a model on our handbook so agents can ask it things?',
    'would fine-tuning even help here?',
    'we are thinking about training a small model on the tickets. good idea?',
    'is retrieval the way to go for us?',
  ])('%s', (text) => {
    expect(acts(text).map((act) => act.type)).toContain('seek-advice');
  });
  test('a question about training on the prompt tokens is a question', () => {
    expect(
      acts('should we train on the prompt tokens too?', null, 'advised').map((act) => act.type),
    ).toContain('ask');
  });
  test('wanting to know the right approach is not knowledge the model lacks', () => {
    expect(read('honestly I just want to know what the right approach is here')).not.toHaveProperty('goal');
  });
});

describe('replies read by their opening words (persona round, session 16)', () => {
  test('a degree that opens the reply is the answer, whatever follows', () => {
    expect(
      read(
        'really important! the whole point is it should sound like us, not like a robot',
        'styleSensitivity',
      ),
    ).toMatchObject({
      styleSensitivity: 'high',
    });
  });
  test('"several" before a list of tasks is many tasks, though "several" also counts GPUs', () => {
    expect(
      read(
        'several: summarising, drafting discharge notes, answering clinician questions about a chart',
        'taskScope',
      ),
    ).toMatchObject({ taskScope: 'many' });
  });
});

describe('reports in rising tone and having nothing (persona round, session 16)', () => {
  test('"we don\'t really have anything yet … generic-sounding?" reports, and says there is no data', () => {
    const list = acts(
      "We don't really have anything yet, we've only used ChatGPT a little and it's fine but generic-sounding?",
    );
    expect(list.map((act) => act.type)).not.toContain('ask');
    expect(data(list).map((act) => act.kind)).toContain('none');
  });
});

describe('a short question typed while a question is open is asked, not an answer (persona round 3)', () => {
  test.each([
    ['is 400 enough?', 'taskScope'],
    ['full finetune or lora for this?', 'styleSensitivity'],
  ])('%s', (text, awaiting) => {
    const list = acts(text, awaiting);
    expect(list.map((act) => act.type)).toContain('ask');
    expect(informs(list).filter((act) => act.slot === awaiting)).toEqual([]);
  });
  test.each([
    ['maybe weekly?', 'knowledgeChange'],
    ['one?', 'taskScope'],
    ['high?', 'styleSensitivity'],
  ])('a tentative answer still answers: %s', (text, awaiting) => {
    expect(informs(acts(text, awaiting)).some((act) => act.slot === awaiting)).toBe(true);
  });
});
