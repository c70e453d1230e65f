import { realAdvisor } from '../../support/advisor';

/**
 * What a message is about, read from its shape rather than a listed phrase: two answers to one
 * prompt are preference pairs, a count of tasks is many tasks, words that name an assistant's job
 * are not facts it lacks, and a behaviour described is not data (persona round D; our own wording).
 */
const advisor = realAdvisor();
const actsOf = (text: string) => advisor.interpret(null, text);
const kindsOf = (text: string) =>
  actsOf(text).flatMap((act) => (act.type === 'data' && act.kind ? [act.kind] : []));
const inform = (text: string, slot: string) =>
  actsOf(text).find((act) => act.type === 'inform' && act.slot === slot) as
    | { value: string; quote: string }
    | undefined;

test.each([
  'we log around 12k cases of a weak draft and the better rewrite for the same request',
  'annotators wrote a good answer and a bad answer to each prompt, about 3,000 of them',
  'we kept which of two replies agents sent, roughly 9k of those pairs',
  'our testers clicked the one they liked out of two generated captions',
])('two answers to one prompt, one marked better, are preference pairs: %s', (text) => {
  expect(kindsOf(text)).toEqual(['preferences']);
});

test('"of those pairs" counts the pairs just described, with their amount', () => {
  const data = actsOf(
    'users pick the better of two answers in our widget; we have about 4k of those pairs',
  ).find((act) => act.type === 'data');
  expect(data).toMatchObject({ kind: 'preferences', amount: { value: 4000 } });
});

test.each([
  ['our classifier covers 25 distinct tasks, it is not a general chatbot', 'many'],
  ['we run ~12 internal jobs through one model', 'many'],
])('a count of tasks is many tasks: %s', (text, value) => {
  expect(inform(text, 'taskScope')?.value).toBe(value);
});

test('two tasks named by count decide nothing about a mixture outside the task question', () => {
  expect(inform('we have two tasks: tag and route', 'taskScope')).toBeUndefined();
});

test('answers given by an assistant named after its job are not facts it lacks', () => {
  const goal = inform('Nurses rated paired answers from our clinic-question assistant for warmth.', 'goal');
  expect(goal?.value).not.toBe('knowledge');
});

test('a behaviour described ("keeps giving the whole solution") is not data', () => {
  expect(kindsOf('the tutor keeps giving students the full solution')).toEqual([]);
});

test('an amount pointing back ("a few thousand of them") counts what the sentence before named', () => {
  const data = actsOf('the bot should word alerts like our analysts do. we have a few thousand of them').find(
    (act) => act.type === 'data',
  );
  expect(data).toMatchObject({ amount: { value: 3000 } });
});

test('"prompting hasn\'t fixed it" beside retrieval already running is both tried', () => {
  expect(
    inform(
      'we already run retrieval over our filings and the facts are fine, but prompting has not fixed the house format',
      'tried',
    )?.value,
  ).toBe('prompting-and-rag');
});

test.each([
  ['tariffs change with each carrier update', 'frequent'],
  ['the fees changed with every product refresh', 'frequent'],
  ['policies change maybe once a year', 'static'],
])('how often facts change, said in passing: %s', (text, value) => {
  expect(inform(text, 'knowledgeChange')?.value).toBe(value);
});

test('a question asked mid-way fills no answer with its own wording ("the difference between")', () => {
  const session = advisor.handleTurn(null, {
    kind: 'text',
    text: 'we want completions that know our in-house query language; we have 30M tokens of it',
  }).session;
  const after = advisor.handleTurn(session, {
    kind: 'text',
    text: 'one thing before we go on - what is the difference between continued pretraining and plain fine tuning on our code?',
  }).session;
  expect(after.answers.domainDistance).toBeUndefined();
});

test('"GPT-4 style models" names no style: "it helped a bit" is about the prompting, not how much style matters', () => {
  const acts = actsOf('we tried prompting GPT-4 style models with our glossary and it helped a bit');
  expect(acts.some((act) => act.type === 'inform' && act.slot === 'styleSensitivity')).toBe(false);
  expect(acts.some((act) => act.type === 'inform' && act.slot === 'goal' && act.value === 'alignment')).toBe(
    false,
  );
});

test('"wait no, it\'s one task" after the advice corrects the task count; the "no" negates nothing after it', () => {
  const session = advisor.handleTurn(null, { kind: 'text', text: 'hello' }).session;
  session.phase = 'advised';
  const acts = advisor.interpret(
    session,
    "wait no it's one task really, just the mascot's chat. not a general assistant",
  );
  expect(acts).toContainEqual(
    expect.objectContaining({ type: 'inform', slot: 'taskScope', value: 'single' }),
  );
  expect(acts).not.toContainEqual(expect.objectContaining({ slot: 'taskScope', value: 'many' }));
});

test('"also, the goal isn\'t X — it\'s Y" replaces the goal; the "also" adds nothing', () => {
  const goal = actsOf("also fwiw the goal isn't the tone — it's the facts in our manuals").find(
    (act) => act.type === 'inform' && act.slot === 'goal',
  );
  expect(goal).toMatchObject({ value: 'knowledge', correction: true, additive: false });
});

test('"how many examples …?" gives no answer "many" to the task question', () => {
  const session = advisor.handleTurn(null, {
    kind: 'text',
    text: 'our mascot bot should talk like a pirate and never break character. no data yet',
  }).session;
  session.pending = { kind: 'slot', slot: 'taskScope', posings: 1 };
  const acts = advisor.interpret(
    session,
    'mostly chatting with visitors i guess? and how many examples would we have to write?',
  );
  expect(acts).not.toContainEqual(
    expect.objectContaining({ type: 'inform', slot: 'taskScope', value: 'many' }),
  );
});

/** An advisor waiting on one slot's answer. */
function awaiting(slot: string) {
  const session = advisor.newSession();
  session.pending = { kind: 'slot', slot, posings: 1 };
  return (text: string) => advisor.interpret(session, text);
}
const kindsAwaiting = (slot: string, text: string) =>
  awaiting(slot)(text).flatMap((act) => (act.type === 'data' && act.kind ? [act.kind] : []));

describe('shapes of data and of answers (development set 10)', () => {
  test.each([
    ['Spec to module pairs.', 'extraDataKind'],
    ['past case files + final memo', 'dataKind'],
  ])('an input joined to its output is demonstrations: %s', (text, slot) => {
    expect(new Set(kindsAwaiting(slot, text))).toEqual(new Set(['demonstrations']));
  });

  test('a verb before "to … pairs" is no input ("editors to compare pairs")', () => {
    expect(
      kindsOf('We asked our 3 editors to compare pairs of headlines and mark which one is better'),
    ).toEqual(['preferences']);
  });

  test('a reply read whole as one kind gains no second kind from a noun inside it', () => {
    expect(kindsAwaiting('dataKind', 'Raw observing logs and pipeline output.')).toEqual(['raw-text']);
  });

  test('one output that passes and one that fails, for each prompt, are preference pairs only', () => {
    const acts = actsOf(
      'We generate code against our internal SDK. For ~20k prompts we have one completion that passes the tests and one that fails.',
    );
    expect(
      kindsOf('For ~20k prompts we have one completion that passes the tests and one that fails.'),
    ).toEqual(['preferences']);
    // "generate" is not "general": nothing here says how far the text is from web text.
    expect(acts.some((act) => act.type === 'inform' && act.slot === 'domainDistance')).toBe(false);
  });

  test('"general models mangle" describes models, not the text', () => {
    const acts = actsOf(
      'Our observing logs and pipeline outputs have a vocabulary that general models mangle.',
    );
    expect(
      acts.some((act) => act.type === 'inform' && act.slot === 'domainDistance' && act.value === 'near'),
    ).toBe(false);
    expect(inform('Our observing logs have a vocabulary that general models mangle.', 'goal')?.value).toBe(
      'domain',
    );
  });

  test('"Behaviour: …" heads the reply with its answer', () => {
    const goal = awaiting('goal')('Behaviour: use our SDK conventions and produce code that passes.');
    expect(goal.find((act) => act.type === 'inform' && act.slot === 'goal')).toMatchObject({
      value: 'alignment',
    });
  });

  test('following many different instructions is a behaviour over many tasks', () => {
    const acts = awaiting('goal')('Following lots of different instructions.');
    expect(acts.find((act) => act.type === 'inform' && act.slot === 'goal')).toMatchObject({
      value: 'alignment',
    });
    expect(acts.find((act) => act.type === 'inform' && act.slot === 'taskScope')).toMatchObject({
      value: 'many',
    });
  });

  test('being right about our systems is facts, beside a fixed template', () => {
    expect(
      inform(
        'Our service desk bot needs to be right about our systems (VPN, email, printing) and reply in our fixed ticket template.',
        'goal',
      )?.value,
    ).toBe('both');
  });

  test('a short clause after two topics answers about the nearer one ("… format of a note, the sections are fixed")', () => {
    const text =
      "We want the model answer with the facts of our legal database and in the exact format of a 'note juridique', the sections are fixed.";
    expect(inform(text, 'knowledgeChange')).toBeUndefined();
    expect(inform(text, 'goal')?.value).toBe('both');
  });

  test('quotes whose windows overlap are one span, not a repeated fragment', () => {
    const goal = inform(
      'We want a model that writes PLC code in IEC 61131-3 structured text the way our projects are written.',
      'goal',
    );
    expect(goal?.quote).not.toMatch(/, 3 structured/);
  });
});

describe('replies that are not answers to the question asked (persona round G)', () => {
  test('"no thats not raw text, they\'re rated drafts", asked how far the domain is, answers nothing about the domain', () => {
    const acts = awaiting('domainDistance')("no thats not raw text, they're rated drafts. thumbs up/down");
    expect(
      acts.some((act) => (act.type === 'inform' || act.type === 'unsure') && act.slot === 'domainDistance'),
    ).toBe(false);
  });

  test('a bare "no" still answers the question', () => {
    expect(awaiting('domainDistance')('no')).toEqual([
      expect.objectContaining({ type: 'inform', slot: 'domainDistance', value: 'near' }),
    ]);
  });

  test('"somewhere in between?" is asked about, not taken as the side the classifier leans to', () => {
    const acts = awaiting('domainDistance')('somewhere in between?');
    expect(acts).toEqual([expect.objectContaining({ type: 'unsure', slot: 'domainDistance' })]);
  });
});
