import type { Session } from '../../../src/core/types';
import { realAdvisor } from '../../support/advisor';

/**
 * Corrections typed while another question is open (persona round 3): they change the answer
 * they correct, the amount set aside is not read as a second amount, and the open question is
 * neither answered by them nor answered "I couldn't tell".
 */
const advisor = realAdvisor();

function converse(...texts: string[]): {
  session: Session;
  awaiting: string | null | undefined;
  responses: string[];
} {
  let session: Session | null = null;
  let awaiting: string | null | undefined;
  let responses: string[] = [];
  for (const text of texts) {
    const turn = advisor.handleTurn(session, { kind: 'text', text });
    session = turn.session;
    awaiting = turn.replies.at(-1)?.awaiting;
    responses = turn.replies.flatMap((reply) => reply.responses ?? []);
  }
  if (!session) throw new Error('no turn');
  return { session, awaiting, responses };
}
const value = (session: Session, slot: string) => session.answers[slot]?.value;

test('"it\'s 20M tokens not 200M" while a second kind of data is asked: the amount is corrected, its unit kept', () => {
  const { session } = converse(
    'our in-house DSL code completion, we have 200M tokens of code, 2x A100 80GB',
    'hmm wait, ran wc properly — it’s 20M tokens not 200M',
  );
  expect(value(session, 'dataSize')).toBe(20_000_000);
  expect(value(session, 'dataUnit')).toBe('tokens');
  expect(session.answers.extraDataKind).toBeUndefined();
});

test('"correction btw … ~60k examples total, not 200k": the amount changes and no second kind appears', () => {
  const { session, awaiting } = converse(
    'we want an internal assistant following instructions across 40 datasets, ~200k examples total, one A100 40GB',
    'correction btw — i double counted, its 40 datasets but ~60k examples total, not 200k',
  );
  expect(value(session, 'dataSize')).toBe(60_000);
  expect(session.answers.extraDataKind).toBeUndefined();
  expect(awaiting).toBe('extraDataKind');
});

test('"oh and correction, only ~30k are usable" while the goal is asked: the amount changes, the goal stays open', () => {
  const { session, awaiting } = converse(
    'we have 50k historically labelled support tickets',
    'oh and correction, only ~30k of the labelled ones are usable',
  );
  expect(value(session, 'dataSize')).toBe(30_000);
  expect(session.answers.goal).toBeUndefined();
  expect(awaiting).toBe('goal');
});

test('asked how many examples, a count of tokens is the main text: the examples become the second kind and their count is asked plainly', () => {
  const { session, responses, awaiting } = converse(
    'Our slips are written in market shorthand that models half-understand. We have input->output demonstrations: slips paired with the risk summaries underwriters wrote.',
    '~700M tokens',
  );
  expect(value(session, 'dataKind')).toBe('raw-text');
  expect(value(session, 'dataSize')).toBe(700_000_000);
  expect(value(session, 'extraDataKind')).toBe('demonstrations');
  expect(awaiting).toBe('extraDataSize');
  expect(responses).not.toContain('repair.rephrase');
});

test('a reply all about the GPU, typed when style is asked, takes the GPU and asks about style again plainly', () => {
  const { session, awaiting, responses } = converse(
    'users complain its too wordy. we have ~12k preference pairs',
    'no other data',
    '2x A100',
  );
  expect(value(session, 'gpu')).toBe('cluster');
  expect(awaiting).toBe('styleSensitivity');
  expect(responses).not.toContain('confirm');
});

test('"no no, they\'re not unlabeled docs … input->output pairs" replaces the kind denied, keeping its amount', () => {
  const { session } = converse(
    'we need invoice text turned into strict json. we have 20k invoices',
    "no no, they're not unlabeled docs — each one is input invoice text + the target json. so its input->output pairs",
  );
  expect(value(session, 'dataKind')).toBe('demonstrations');
  expect(value(session, 'dataSize')).toBe(20_000);
  expect(session.answers.extraDataKind).toBeUndefined();
});

test('"actually we have no raw text at all, the data is 20k demonstrations": one kind of data remains', () => {
  const { session } = converse(
    'we need invoice text turned into strict json. we have 20k invoices',
    'yes, 20k input->output pairs too',
    "actually we have no raw text at all. the data is 20k demonstrations, that's it",
  );
  expect(value(session, 'dataKind')).toBe('demonstrations');
  expect(value(session, 'extraDataKind')).toBe('none');
  expect(session.answers.extraDataSize).toBeUndefined();
  expect(session.answers.domainDistance).toBeUndefined();
});

test('after "actually more like 800 articles" no reason quotes the old "3k" back', () => {
  const turns = [
    'we want a bot answering from our 3k help-center articles, they get updated basically every sprint',
    'normal web-like text',
    'oh wait actually its more like 800 articles',
    'hosted api',
  ];
  let session: Session | null = null;
  let text = '';
  let primary: string | undefined;
  for (const said of turns) {
    const turn = advisor.handleTurn(session, { kind: 'text', text: said });
    session = turn.session;
    text = turn.replies.map((reply) => reply.text).join('\n');
    primary = turn.replies.find((reply) => reply.recommendation)?.recommendation?.primary ?? primary;
  }
  expect(value(session as Session, 'dataSize')).toBe(800);
  expect(primary).toBe('rag');
  // The old number is nowhere in what the user reads (the quotes that held it are dropped).
  expect(text).not.toMatch(/\b3k\b/);
});

test('a statement that sets up a question is not read as the reply to the question asked', () => {
  const { session, responses } = converse(
    'we route support tickets into one of 37 categories, we have 50k labelled tickets, one task',
    'own gpus, an A10G',
    'nothing else',
    'labels are kinda noisy, maybe 15% mislabelled. should we train on all 50k or clean it first?',
  );
  expect(session.answers.styleSensitivity).toBeUndefined();
  expect(responses).toContain('answer.general');
});

describe('a corrected amount goes to the amount it replaces (persona round 4)', () => {
  test('"it\'s 300 pairs, not 3k" corrects the 3k pairs, not the 50M-token corpus', () => {
    const { session } = converse(
      'our in-house lisp-like language, 50M tokens in the monorepo plus 3k nl->code pairs',
      "actually it's 300 pairs, not 3k",
    );
    expect(value(session, 'dataSize')).toBe(50_000_000);
    expect(value(session, 'extraDataKind')).toBe('demonstrations');
    expect(value(session, 'extraDataSize')).toBe(300);
  });

  test('"1200 pairs, not 3k" of preference pairs keeps them preference pairs', () => {
    const { session } = converse(
      'symptom checker, we have 3k clinician preference pairs, no written answers',
      'we have 1200 pairs, not 3k',
    );
    expect(value(session, 'dataKind')).toBe('preferences');
    expect(value(session, 'dataSize')).toBe(1200);
  });

  test('"the 3k number was page views" is the number talked about, not a second amount', () => {
    const { session } = converse(
      'SaaS support bot answering from our help-center, about 3k articles, they change every release',
      "oh wait, actually it's more like 300 articles, the 3k number was total page views or smth",
    );
    expect(value(session, 'dataSize')).toBe(300);
  });

  test('"50 Q&As not 500" corrects the Q&As, not the PDFs', () => {
    const { session } = converse(
      'HR bot over 200 policy PDFs plus 500 Q&As from HR',
      "oh sorry I got the number wrong, it's 50 Q&As not 500",
    );
    expect(value(session, 'dataSize')).toBe(200);
    expect(value(session, 'extraDataSize')).toBe(50);
  });
});

test('asked how many of a kind read only in passing, an amount of another kind says what the data is', () => {
  const { session, awaiting } = converse(
    'Members ask our agronomists what to spray. Answers are in our agronomy bulletins plus product label registrations, which change every season',
    'correct, current product and label facts',
    'about 2,800 PDFs',
  );
  expect(value(session, 'dataKind')).toBe('raw-text');
  expect(value(session, 'dataSize')).toBe(2800);
  expect(session.answers.extraDataKind).toBeUndefined();
  expect(awaiting).not.toBe('dataSize');
});

test('a kind the user stated stays; an amount of another kind is the other data', () => {
  const { session } = converse(
    'we have input->output demonstrations of our support replies',
    'about 2,800 PDFs',
  );
  expect(value(session, 'dataKind')).toBe('demonstrations');
  expect(value(session, 'extraDataKind')).toBe('raw-text');
});

describe('corrections in their own words (persona round 5)', () => {
  test('"no. well, we have a few hundred comments" answers "any other data?", it corrects nothing', () => {
    const { session } = converse(
      'our in-house DSL code completion, we have 30M tokens of code, 2x A100',
      'no. well, we have maybe a few hundred code review comments but nothing paired',
    );
    expect(value(session, 'dataSize')).toBe(30_000_000);
    expect(value(session, 'extraDataKind')).toBe('none');
  });

  test('"recount: it\'s ~9k pairs total, the 3k was last month\'s batch" sets 9k', () => {
    const { session } = converse(
      'we want DPO on llama-3-8b-instruct, we have 3k preference pairs, one 4090',
      "recount: it's ~9k pairs total, the 3k was just last month's batch",
    );
    expect(value(session, 'dataSize')).toBe(9000);
    expect(session.answers.goal).toBeUndefined();
  });

  test('"no — the goal is both: …" corrects the goal and answers nothing else', () => {
    const { session, awaiting } = converse(
      'HR bot in our HR voice, 2k policy docs, 600 Q&As, azure openai',
      'no — the goal is both: facts (the policies) and the voice',
    );
    expect(value(session, 'goal')).toBe('both');
    expect(session.answers.domainDistance).toBeUndefined();
    expect(awaiting).toBe('domainDistance');
  });
});

describe('what-ifs in their own words (persona round 5)', () => {
  const opening = [
    'we want product blurbs in our brand voice, we have 2000 example blurbs, one task',
    'no other data',
    'very',
    'hosted api',
  ];
  const whatIf = (text: string) => {
    const { responses } = converse(...opening, text);
    return responses;
  };
  test.each([
    'what if the brand team writes like 300 blurbs',
    'what if we paid annotators to get to 10k',
    'what if we also had editors rank 2k preference pairs?',
  ])('%s re-runs the advice', (text) => {
    expect(whatIf(text)).toContain('answer.what-if');
  });

  test('"also" in a what-if adds a second kind of data instead of replacing the first', () => {
    const { session } = converse(...opening);
    const acts = advisor.interpret(session, 'what if we also had editors rank 2k preference pairs?');
    const changes = acts.flatMap((act) => (act.type === 'what-if' ? act.changes : []));
    expect(changes.map((change) => change.slot).sort()).toEqual(['extraDataKind', 'extraDataSize']);
  });
});

test('"actually we have 15k examples" corrects the amount of the 40 datasets and keeps them datasets', () => {
  const { session } = converse(
    'we want one model for 40 tasks, we have 150k examples across 40 datasets, 8xH100',
    'actually we have 15k examples',
  );
  expect(value(session, 'dataKind')).toBe('multitask');
  expect(value(session, 'dataSize')).toBe(15_000);
});

test('"actually the text is close to everyday code, not that specialised" corrects the domain after the advice', () => {
  const { session } = converse(
    "our in-house DSL, base models can't read it, 30M tokens of code, 2x A100",
    'no other data',
    'very specialised',
    'one task',
    'actually the text is close to everyday code, not that specialised',
  );
  expect(value(session, 'domainDistance')).toBe('near');
});

test('a near tie of the classifier is asked about, not taken', () => {
  const session = advisor.newSession();
  session.pending = { kind: 'slot', slot: 'domainDistance', posings: 1 };
  const acts = advisor.interpret(session, 'mostly tables and notices; nothing exotic apart from acronyms');
  expect(acts.some((act) => act.type === 'unsure' && act.slot === 'domainDistance')).toBe(true);
});

test('asked what data, an arrow between an input and its output is demonstrations', () => {
  const session = advisor.newSession();
  session.pending = { kind: 'slot', slot: 'extraDataKind', posings: 1 };
  const acts = advisor.interpret(session, 'log text -> coded intervals from the seniors');
  expect(
    acts.some(
      (act) => act.type === 'inform' && act.slot === 'extraDataKind' && act.value === 'demonstrations',
    ),
  ).toBe(true);
  expect(acts.some((act) => act.type === 'data' && act.kind === 'raw-text')).toBe(false);
});

test('asked how many of the reports named, "1,100 reports" counts them and keeps their kind', () => {
  const { session } = converse(
    'we publish a match report in our house voice after every game, want the model to draft them',
    'past reports with their box scores',
    '1,100 reports',
  );
  expect(value(session, 'dataKind')).toBe('demonstrations');
  expect(value(session, 'dataSize')).toBe(1100);
  expect(session.answers.extraDataKind).toBeUndefined();
});

describe('persona round 7', () => {
  test('"yes, about 1.5k of them have a summary attached" asked for other data is 1.5k examples', () => {
    const { session } = converse(
      'clinical NLP, the model botches the shorthand. we have ~40k de-identified notes',
      'yes, about 1.5k of them have a physician-written summary attached',
    );
    expect(value(session, 'extraDataKind')).toBe('demonstrations');
    expect(value(session, 'extraDataSize')).toBe(1500);
  });

  test('"no wait, I said yes - we DO have 1,500 pairs" corrects "no other data", not the open question', () => {
    const { session } = converse(
      'clinical NLP, the model botches the shorthand. we have ~40k de-identified notes',
      'no',
      'no wait, I said yes - we DO have 1,500 note/summary pairs written by physicians',
    );
    expect(value(session, 'extraDataKind')).toBe('demonstrations');
    expect(value(session, 'extraDataSize')).toBe(1500);
    expect(session.answers.tried).toBeUndefined();
  });

  test('"60k-example SFT mix + 25k pref pairs (chosen/rejected)": two kinds, each its own amount', () => {
    const { session } = converse(
      'have a 60k-example SFT mix + 25k pref pairs (chosen/rejected). 8xH100. plan?',
    );
    expect(value(session, 'dataKind')).toBe('demonstrations');
    expect(value(session, 'dataSize')).toBe(60_000);
    expect(value(session, 'extraDataKind')).toBe('preferences');
    expect(value(session, 'extraDataSize')).toBe(25_000);
  });

  test('"no - the 60k is SFT demonstrations. the prefs are 25k." says which amount is which', () => {
    const { session } = converse(
      'we have 60k preference pairs and 25k examples',
      'no - the 60k is SFT demonstrations. the prefs are 25k.',
    );
    const kinds = { [String(value(session, 'dataKind'))]: value(session, 'dataSize') };
    kinds[String(value(session, 'extraDataKind'))] = value(session, 'extraDataSize');
    expect(kinds).toEqual({ demonstrations: 60_000, preferences: 25_000 });
  });
});

describe('persona round 7: goals in their own words', () => {
  test('"his voice. he doesnt need to know anything new" is alignment: a denied value is never the reading', () => {
    const { session } = converse(
      'npc dialogue for our game',
      'his personality/voice. he doesnt need to know anything new',
    );
    expect(value(session, 'goal')).toBe('alignment');
  });

  test('"no no, not facts. its about HOW he talks" corrects the goal instead of answering the open question', () => {
    const { session } = converse(
      'npc dialogue for our game, writers made ~800 player-line -> reply examples',
      'he needs to know the lore facts',
      'no no, not facts. its about HOW he talks. voice/persona',
    );
    expect(value(session, 'goal')).toBe('alignment');
    expect(session.answers.knowledgeChange).toBeUndefined();
  });

  test('"Oh wait, also we have chat logs … answer in the same polite way" adds the behaviour: both', () => {
    const { session } = converse(
      'chatbot that must know our product facts, prices change every week, we have 120k product pages',
      'Oh wait, also we have 8000 old chat logs with staff answers. Our staff answer in a very polite style, the bot must answer the same polite way.',
    );
    expect(value(session, 'goal')).toBe('both');
    expect(value(session, 'extraDataKind')).toBe('demonstrations');
  });

  test('"talk like HIM, never breaks character" in an opening is alignment', () => {
    const { session } = converse('want our NPC to talk like HIM, grumpy, never breaks character');
    expect(value(session, 'goal')).toBe('alignment');
  });
});

describe('persona round 7: no second kind of data', () => {
  const opening =
    'we have an in-house config language no public model has seen, want code completion. we have maybe 50 million tokens of it';

  test('"it\'s just code files", asked for other data, is none', () => {
    const { session } = converse(opening, "not sure what you mean. it's just code files");
    expect(value(session, 'extraDataKind')).toBe('none');
  });

  test('"zero" asked how many examples means no examples, not an amount of zero', () => {
    const { session } = converse(
      opening,
      'yes some examples',
      'zero. there are no input/output examples, only the code itself',
    );
    expect(value(session, 'extraDataKind')).toBe('none');
    expect(session.answers.extraDataSize).toBeUndefined();
    expect(session.answers.domainDistance).toBeUndefined();
  });

  test('a statement after the advice that changes nothing is said to change nothing, not "I don\'t know"', () => {
    const { responses } = converse(
      opening,
      'no',
      'very far',
      'one task',
      'nothing yet',
      'our own GPUs',
      'one A100 40GB',
      "wait, we don't have any demonstrations. just the code.",
    );
    expect(responses).not.toContain('answer.unknown');
  });
});

describe('persona round 8: the same data named again', () => {
  test('"roughly 180,000 examples … the total is still around 180k" is one body of data', () => {
    const { session } = converse(
      'our group assembled forty labelled Swahili datasets (sentiment, NER, QA, translation) for a general-purpose assistant',
      'In aggregate, roughly 180,000 examples, although the translation corpus dominates that figure. The total is still around 180k.',
    );
    expect(value(session, 'dataKind')).toBe('multitask');
    expect(value(session, 'dataSize')).toBe(180_000);
    expect(session.answers.extraDataKind).toBeUndefined();
  });

  test('"fwiw 2M is lines not files, its ~55M tokens" re-measures the code, it adds no examples', () => {
    const { session } = converse(
      'in-house DSL, copilot is useless on it, want code completion. got ~2M LOC in the monorepo, nothing labelled',
      'no',
      'fwiw 2M is lines not files. ran the tokenizer, its ~55M tokens',
    );
    expect(value(session, 'dataKind')).toBe('raw-text');
    expect(value(session, 'dataSize')).toBe(55_000_000);
    expect(value(session, 'extraDataKind')).not.toBe('demonstrations');
  });
});

describe('after the advice, a short reply that re-answers one question (persona round 13)', () => {
  const advised = () =>
    converse(
      'we have ~2M tokens of internal engineering notes, full of our own acronyms, the model cannot read them. local 4090.',
      'no, just that',
      'pretty close to normal english honestly',
      'yes prompting, did not help',
    );

  test('is offered as a change to confirm, with the new value first and the held one kept until pressed', () => {
    const before = advised();
    expect(before.session.phase).toBe('advised');
    expect(value(before.session, 'domainDistance')).toBe('near');
    const turn = advisor.handleTurn(before.session, { kind: 'text', text: "very far, it's invented" });
    expect(turn.replies.flatMap((reply) => reply.responses ?? [])).toContain('confirm.change');
    expect(turn.replies.at(-1)?.awaiting).toBe('domainDistance');
    expect(turn.replies.at(-1)?.choices.map((choice) => choice.value)).toEqual(['far', 'near', '__other__']);
    expect(value(turn.session, 'domainDistance')).toBe('near');
    const pressed = advisor.handleTurn(turn.session, {
      kind: 'choice',
      slot: 'domainDistance',
      value: 'far',
    });
    expect(value(pressed.session, 'domainDistance')).toBe('far');
    expect(pressed.session.phase).toBe('advised');
  });

  test('a reply that fits no question, or several, is not offered as a change', () => {
    const before = advised();
    for (const text of ['ok cool', 'no']) {
      const turn = advisor.handleTurn(before.session, { kind: 'text', text });
      expect(turn.replies.flatMap((reply) => reply.responses ?? [])).not.toContain('confirm.change');
      expect(turn.session.answers).toEqual(before.session.answers);
    }
  });
});

describe('two kinds of data, one amount corrected (persona round F)', () => {
  const opening =
    'we want the model to learn clinical language and do ICD coding. we have 2 million unlabelled clinical notes plus 5000 notes with ICD codes';

  test('the labelled notes are the second kind, with their amount', () => {
    const { session } = converse(opening);
    expect(value(session, 'dataKind')).toBe('raw-text');
    expect(value(session, 'dataSize')).toBe(2_000_000);
    expect(value(session, 'extraDataKind')).toBe('demonstrations');
    expect(value(session, 'extraDataSize')).toBe(5000);
  });

  test('"the unlabeled data is 2 million, not 5000": the kind named decides which amount, and a repeat is said to match', () => {
    const { session, awaiting, responses } = converse(
      opening,
      'amount of unlabeled data is 2 million notes, not 5000',
    );
    expect(value(session, 'dataSize')).toBe(2_000_000);
    expect(value(session, 'extraDataSize')).toBe(5000);
    expect(responses).toContain('restated');
    expect(session.answers.taskScope).toBeUndefined();
    expect(awaiting).toBe('taskScope');
  });

  test('"the labelled set is 5000, not 2 million" is no answer to where to train', () => {
    const { session } = converse(opening, 'one task', 'the labelled set is 5000, not 2 million');
    expect(session.answers.platform).toBeUndefined();
    expect(value(session, 'extraDataSize')).toBe(5000);
    expect(value(session, 'dataSize')).toBe(2_000_000);
  });

  test("a new amount for the kind named replaces that kind's amount only", () => {
    const { session, responses } = converse(opening, 'actually the unlabelled notes are 3 million');
    expect(value(session, 'dataSize')).toBe(3_000_000);
    expect(value(session, 'extraDataSize')).toBe(5000);
    expect(responses).toContain('updated');
  });

  test('"you say no other data but we have the 5000 notes with ICD codes": the advisor\'s words quoted back are not the user\'s', () => {
    const acts = advisor.interpret(
      awaitingSession('extraDataKind'),
      'wait, you say no other data but we have the 5000 notes with ICD codes (labels). and it is 4 GPUs not one',
    );
    expect(acts.some((act) => act.type === 'inform' && act.slot === 'extraDataKind')).toBe(false);
    expect(acts.find((act) => act.type === 'data')).toMatchObject({
      kind: 'demonstrations',
      amount: { value: 5000 },
    });
  });
});

/** A conversation waiting on the answer to one slot's question. */
function awaitingSession(slot: string) {
  const session = advisor.newSession();
  session.pending = { kind: 'slot', slot, posings: 1 };
  return session;
}
