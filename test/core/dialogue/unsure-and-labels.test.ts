import { realAdvisor } from '../../support/advisor';

/** Replies from blind development sets 7 and 8, in our own words: not knowing with a reason, labelled items. */
const advisor = realAdvisor();

test.each([
  "I'm not sure what we have, ops would know.",
  'Honestly not sure, each team edits its own pages.',
  'I have no idea what the cluster looks like, have to ask IT',
])('not knowing, said first with a reason, is a skip: %s', (text) => {
  const acts = advisor.interpret(null, text);
  expect(acts.map((act) => act.type)).toContain('control');
  expect(acts.find((act) => act.type === 'control')).toMatchObject({ control: 'skip' });
});

test('an answer after "not sure" is still read', () => {
  const acts = advisor.interpret(null, 'not sure tbh, probably one A100');
  expect(acts.some((act) => act.type === 'inform' && act.slot === 'gpu')).toBe(true);
});

test.each([
  ['We have hand-labelled contracts.', 'demonstrations'],
  ['we have doctor-annotated scans reports', 'demonstrations'],
])('text people labelled is examples: %s', (text, kind) => {
  const { session } = advisor.handleTurn(null, { kind: 'text', text });
  expect(session.answers.dataKind?.value).toBe(kind);
});

test('"general helpfulness, whatever users ask" names a behaviour; "help with search" does not', () => {
  expect(
    advisor.handleTurn(null, { kind: 'text', text: 'we want general helpfulness, doing whatever users ask' })
      .session.answers.goal?.value,
  ).toBe('alignment');
  expect(
    advisor.handleTurn(null, { kind: 'text', text: 'later it should help with search over the archive' })
      .session.answers.goal?.value,
  ).not.toBe('alignment');
});

test.each([
  'we have lots of old answers from our support team',
  'reviewers compared pairs of answers from our contract assistant and picked the better one',
])('answers from people or a model are not a source of facts: %s', (text) => {
  const { session } = advisor.handleTurn(null, { kind: 'text', text });
  expect(session.answers.goal?.value).not.toBe('knowledge');
});

test('answers from our docs are', () => {
  const { session } = advisor.handleTurn(null, { kind: 'text', text: 'the bot should answer from our docs' });
  expect(session.answers.goal?.value).toBe('knowledge');
});

test('a standard named by its number is no amount of data', () => {
  const acts = advisor.interpret(
    null,
    'it writes generic IEC 61131 code and invents blocks that do not exist in our dialect',
  );
  expect(acts.some((act) => act.type === 'data' && act.amount?.value === 61131)).toBe(false);
  expect(acts).toContainEqual(expect.objectContaining({ type: 'inform', slot: 'goal', value: 'domain' }));
});

test('"1,5 Mio. tokens" is one and a half million', () => {
  const { session } = advisor.handleTurn(null, {
    kind: 'text',
    text: 'our service manuals are 1,5 Mio. tokens and the model must know the facts in them',
  });
  expect(session.answers.dataSize?.value).toBe(1_500_000);
});

type Session = ReturnType<typeof advisor.handleTurn>['session'];
/** Opens with `opening`, passes ("not sure") until `slot` is asked, then replies `reply`. */
const replyWhenAsked = (opening: string, slot: string, reply: string): Session => {
  let { session } = advisor.handleTurn(null, { kind: 'text', text: opening });
  const awaiting = () => (session.pending && 'slot' in session.pending ? session.pending.slot : null);
  for (let turn = 0; turn < 4 && awaiting() !== slot; turn++)
    ({ session } = advisor.handleTurn(session, { kind: 'text', text: 'not sure' }));
  expect(awaiting()).toBe(slot);
  return advisor.handleTurn(session, { kind: 'text', text: reply }).session;
};

test('a value named outright opens the reply, whatever the reason after it suggests to the classifier', () => {
  const session = replyWhenAsked(
    'we want the model to write short poems in my late grandmother’s style; I have 30 of her poems',
    'styleSensitivity',
    'high, it should really feel like her',
  );
  expect(session.answers.styleSensitivity?.value).toBe('high');
});

test('"one task. and the template is mandatory, partners reject anything else" is one task (persona round C)', () => {
  const acts = advisor.interpret(
    null,
    'one task. and the template is mandatory, partners reject anything else',
  );
  expect(acts).not.toContainEqual(expect.objectContaining({ slot: 'taskScope', value: 'many' }));
  const session = replyWhenAsked(
    'we want memos in our firm template from contracts, no data yet, style matters a lot',
    'taskScope',
    'one task. and the template is mandatory, partners reject anything else',
  );
  expect(session.answers.taskScope?.value).toBe('single');
});
