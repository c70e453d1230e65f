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
