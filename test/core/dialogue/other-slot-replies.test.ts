import { realAdvisor } from '../../support/advisor';

/**
 * A reply made entirely of an exact answer to another question ("one task", "we tried prompting")
 * answers that question only: the classifier must not also read the awaited slot out of it (persona
 * round D: "one task", asked how far the domain is, was held as "close to web text").
 */
const advisor = realAdvisor();
type Session = ReturnType<typeof advisor.handleTurn>['session'];
const play = (...texts: string[]) => {
  let session: Session | null = null;
  for (const text of texts) ({ session } = advisor.handleTurn(session, { kind: 'text', text }));
  return session as unknown as Session;
};

test('"one task", asked how far the domain is, fills the number of tasks and leaves the domain open', () => {
  const session = play(
    'we run a support bot over our docs, it gets current prices wrong and sounds robotic. prices change weekly.',
    'we have 3000 past tickets with agent replies',
    'yes the docs, about 500 pages',
  );
  expect(session.pending).toMatchObject({ slot: 'domainDistance' });
  const after = advisor.handleTurn(session, { kind: 'text', text: 'one task' }).session;
  expect(after.answers.taskScope?.value).toBe('single');
  expect(after.answers.domainDistance).toBeUndefined();
});

test('"one task", asked about a second kind of data, is no multi-task data', () => {
  const session = play('we have 4000 ticket and reply pairs and want our tone', 'one task');
  expect(session.answers.taskScope?.value).toBe('single');
  expect(session.answers.extraDataKind?.value).not.toBe('multitask');
});

test('retrieval described as the current set-up counts as tried', () => {
  const session = play('we run a support bot over our docs with RAG already, but it gets prices wrong');
  expect(session.answers.tried?.value).toBe('rag');
});

describe('facts carried by retrieval already running are still needed', () => {
  test.each([
    'We set up RAG on our manuals last year. The facts are fine now but the replies ignore our template.',
    'we piloted retrieval over the policy docs, content is ok-ish, but the tone is all wrong for customers',
  ])('the goal is both: %s', (text) => {
    const session = play(text);
    expect(session.answers.tried?.value).toBe('rag');
    expect(session.answers.goal?.value).toBe('both');
  });

  test('without retrieval, facts said to be fine leave the style alone', () => {
    const session = play('the facts are fine, it is the tone and the structure of the replies that is off');
    expect(session.answers.goal?.value).toBe('alignment');
  });
});

test('of two readings set against each other by "but", the later is the point', () => {
  const session = play(
    'tutor bot over our syllabus content. the syllabus updates yearly, but errata come often',
  );
  expect(session.answers.knowledgeChange?.value).toBe('frequent');
});

test.each([
  'It has to get the policy details right and sound like our service team.',
  'drafts ticket replies correct per our KB and in the format our team uses',
  'letters must reflect current fund facts and follow our approved letter structure',
])('facts named as what must be right, beside a style, make the goal both: %s', (text) => {
  expect(play(text).answers.goal?.value).toBe('both');
});

test('"a lot of … data" counts the data; it is no answer to how often facts change', () => {
  const session = play(
    "We've got a lot of rating data: two candidate replies per message and which one QA preferred.",
  );
  expect(session.answers.knowledgeChange).toBeUndefined();
});

test('a sentence opened by "plus" adds a kind of data to the one had', () => {
  const session = play(
    'We have thousands of comparisons where raters picked the better reply. Plus a smaller set of gold replies. We want warmer answers.',
  );
  expect([session.answers.dataKind?.value, session.answers.extraDataKind?.value].sort()).toEqual([
    'demonstrations',
    'preferences',
  ]);
});
