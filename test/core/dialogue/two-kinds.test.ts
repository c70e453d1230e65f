import { realAdvisor } from '../../support/advisor';

/**
 * Two kinds of data named in one message, and amounts given to the question asked: the classes of
 * failure blind development sets 7 and 8 showed (our own wording, not theirs).
 */
const advisor = realAdvisor();
type Session = ReturnType<typeof advisor.handleTurn>['session'];
const play = (...texts: string[]) => {
  let session: Session | null = null;
  for (const text of texts) ({ session } = advisor.handleTurn(session, { kind: 'text', text }));
  return session as unknown as Session;
};
const values = (session: Session) =>
  Object.fromEntries(Object.entries(session.answers).map(([slot, answer]) => [slot, answer?.value]));
const kinds = (session: Session) =>
  [session.answers.dataKind?.value, session.answers.extraDataKind?.value].sort();

test.each([
  'Our support bot refuses too often. We have a curated SFT set of good human answers and a big pile of thumbs comparisons between two bot replies.',
  'We have doctor-written reference answers and also a set where patients compared two answers and picked one.',
  'Our writers made a batch of scenes from plot prompts, and beta readers picked the better of two scenes.',
  'Have editor-corrected summaries and editors picking between two draft summaries.',
])('demonstrations named beside preference pairs are both kept: %s', (text) => {
  expect(kinds(play(text))).toEqual(['demonstrations', 'preferences']);
});

test('a noun named after "we have" through several modifiers is data had', () => {
  const session = play('the tone is off. We have a small, clean set of senior agent answers');
  expect(session.answers.dataKind?.value).toBe('demonstrations');
});

describe('an amount given to the question asked counts the kind asked about', () => {
  const start =
    'we want punchier product titles, a behaviour thing. our editors picked the better of two titles';
  test.each([
    ['we have 40 of those so far', 40],
    ['about 30,000 such pairs', 30_000],
    ['1200ish', 1200],
  ])('%s', (reply, size) => {
    const session = play(start, reply);
    expect(values(session)).toMatchObject({ dataKind: 'preferences', dataSize: size });
    expect(session.answers.extraDataKind).toBeUndefined();
  });

  test('"of those picks" names the kind it counts', () => {
    const session = play('our app shows two drafts and users click one. we logged ~20k of those picks');
    expect(values(session)).toMatchObject({ dataKind: 'preferences', dataSize: 20_000 });
  });

  test('pages counted "plus the handbook" are the documents asked about, not examples', () => {
    const session = play(
      'staff ask about hr policy; the answers must be right. we have the wiki and the handbook, nothing labelled',
      'about 300 wiki pages, plus the handbook pdf',
    );
    expect(values(session)).toMatchObject({ dataKind: 'raw-text', dataSize: 300 });
    expect(session.answers.extraDataKind?.value).not.toBe('demonstrations');
  });
});

test('", each linked to its …" describes the items counted', () => {
  const session = play(
    'we want the model to read our telemetry dialect; we have about 5B tokens of raw telemetry, plus ~600 postmortems, each linked to its telemetry window',
  );
  expect(values(session)).toMatchObject({ extraDataKind: 'demonstrations', extraDataSize: 600 });
});

test.each([
  ['a chatbot that knows tonight’s shows and free seats, and sounds cheerful', 'both'],
  ['sales emails in our fixed structure that mention our current promotions', 'both'],
  ['review comments in our team style that cite our internal style guide', 'both'],
  ['an assistant that knows how to write in our brand voice', 'alignment'],
  ['the help bot is wrong after every release and it sounds stiff', 'both'],
  ['it must quote each customer’s current contract details, in a warm tone', 'both'],
  ['replies must be formal, in our structure. we have many old replies from our agents', 'alignment'],
  ['label each ticket with one of 6 queues plus a priority code. prompting mislabels them', 'alignment'],
])('facts named beside a behaviour: %s', (text, goal) => {
  expect(play(text).answers.goal?.value).toBe(goal);
});

describe('a reply to "how many?" keeps the amount of data, not other counts in it', () => {
  const start =
    'our replies should sound like our agents, short and kind. we have old tickets with the agent reply attached';
  test.each([
    ['roughly 2,800 tickets, written by our team of 30 agents', 2800],
    ['Five thousand, from 9 nurses.', 5000],
    ['1,900 graded answers across 40 questions', 1900],
    ['three years of them; after dropping the bad ones about 7k', 7000],
  ])('%s', (reply, size) => {
    expect(play(start, reply).answers.dataSize?.value).toBe(size);
  });
});

test.each([
  ['our DSL is unknown to the model. have requirement->code pairs, no big code dump', 'demonstrations'],
  ['we have a large set of question->sql examples from our analysts', 'demonstrations'],
  ['the classifier is inconsistent. have labelled data.', 'demonstrations'],
])('items named by input and output, or said to be had: %s', (text, kind) => {
  const session = play(text);
  expect(session.answers.dataKind?.value).toBe(kind);
  expect(session.answers.dataKind?.inPassing).not.toBe(true);
});

test('the last word of a hyphenated adjective is not data', () => {
  expect(play('our agents have a friendly-but-short way of replying').answers.dataKind).toBeUndefined();
});

test('data a model was already trained on is history beside the data for the next step', () => {
  const acts = advisor.interpret(
    null,
    'we already have a bot which is SFT trained on 30k chats. now we have 12k chosen/rejected pairs',
  );
  const history = acts.find((act) => act.type === 'data' && act.amount?.value === 30_000);
  expect(history).toMatchObject({ used: true });
  expect(acts).toContainEqual(expect.objectContaining({ type: 'data', kind: 'preferences' }));
});

test('asked how many of the second kind, "Around 700 notes" counts the second kind, whatever a note usually is', () => {
  const session = play(
    "We want the model answer with the facts of our legal database and in the exact format of a 'note juridique'.",
    'Court decisions and doctrinal articles, only text.',
    'Around 60 000 decisions and articles.',
    'Yes, we have notes written by our juristes, with the question they answered.',
    'Around 700 notes.',
  );
  expect(values(session)).toMatchObject({
    dataKind: 'raw-text',
    dataSize: 60_000,
    extraDataKind: 'demonstrations',
    extraDataSize: 700,
  });
});
