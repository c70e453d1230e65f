import fc from 'fast-check';
import { CONTROL_INTENTS } from '../../../src/content/language-schema';
import type { Act } from '../../../src/core/dialogue/acts';
import { realAdvisor, realContent } from '../../support/advisor';

/**
 * Interpretation on its own, under any text and any question being answered: it never throws,
 * and the acts it returns always name real slots and values, with evidence (the advisor's
 * property test covers what the policy then does with them).
 */
const content = realContent();
const advisor = realAdvisor();
const slots = content.flow.slots;
const dataKinds = new Set(Object.keys(slots.dataKind?.type === 'enum' ? slots.dataKind.values : {}));
const interpret = (message: string, slot: string | null): Act[] => {
  const session = advisor.newSession();
  if (slot) session.pending = { kind: 'slot', slot, posings: 1 };
  return advisor.interpret(session, message);
};

/** Every phrase the language data knows, so generated messages hit cues, negations and controls. */
const phrases = [
  ...Object.values(content.language.slots).flatMap((byValue) =>
    Object.values(byValue).flatMap((cues) => [...cues.strong, ...(cues.weak ?? [])]),
  ),
  ...Object.values(content.language.answers).flatMap((byValue) => Object.values(byValue).flat()),
  ...Object.values(content.language.scopes).flat(),
  ...Object.values(content.language.controls).flat(),
  ...content.strategies.map((strategy) => strategy.id),
  ...content.knowledge.map((entry) => entry.short),
];
const glue = [
  ' ',
  ', ',
  '. ',
  ' not ',
  " don't ",
  ' and ',
  ' or ',
  '? ',
  '!',
  ' 3k ',
  ' 1.2 billion tokens ',
  ' 60,000 ',
  ' 🙂 ',
  '\n',
  ' ~ ',
  ' a few hundred ',
];

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc
    .array(fc.oneof(fc.constantFrom(...phrases), fc.constantFrom(...glue)), { maxLength: 40 })
    .map((parts) => parts.join('')),
  fc
    .tuple(fc.constantFrom(...phrases), fc.string({ maxLength: 20 }), fc.constantFrom(...phrases))
    .map(([a, noise, b]) => `${a}${noise}${b}`),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u200b',
    '?'.repeat(5000),
    'a'.repeat(20_000),
    `${'9'.repeat(400)} tokens`,
  ),
);
const awaiting = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...Object.keys(slots)),
  fc.string({ maxLength: 12 }),
);

/** Everything wrong with a list of acts; empty when it is well formed. */
function problems(acts: Act[]): string[] {
  const found: string[] = [];
  const known = (slot: string) => slots[slot] !== undefined;
  const isValue = (slot: string, value: string) => {
    const definition = slots[slot];
    return definition?.type === 'enum' && value in definition.values;
  };
  for (const act of acts) {
    switch (act.type) {
      case 'control':
        if (!(CONTROL_INTENTS as readonly string[]).includes(act.control))
          found.push(`control ${act.control}`);
        break;
      case 'inform':
        if (!known(act.slot)) found.push(`unknown slot ${act.slot}`);
        else if (!isValue(act.slot, act.value))
          found.push(`${act.slot}=${act.value} is not one of its values`);
        if (typeof act.quote !== 'string' || act.quote.trim() === '') found.push(`${act.slot}: no evidence`);
        if (!['statement', 'topic', 'passing'].includes(act.weight))
          found.push(`${act.slot}: weight ${act.weight}`);
        break;
      case 'data':
        if (act.kind !== null && !dataKinds.has(act.kind)) found.push(`data of unknown kind ${act.kind}`);
        for (const kind of act.either ?? [])
          if (!dataKinds.has(kind)) found.push(`either unknown kind ${kind}`);
        if (act.amount && !(Number.isFinite(act.amount.value) && act.amount.value >= 0))
          found.push(`amount ${act.amount.value} is not a count`);
        if (act.amount && !['items', 'tokens'].includes(act.amount.unit))
          found.push(`unit ${act.amount.unit}`);
        if (act.kind === null && !act.amount && !act.either) found.push('data act with nothing in it');
        break;
      case 'unsure':
        if (!known(act.slot)) found.push(`unsure about unknown slot ${act.slot}`);
        if (act.candidates.some((value) => !isValue(act.slot, value)))
          found.push(`unsure ${act.slot}: ${act.candidates}`);
        if (new Set(act.candidates).size < 1) found.push(`unsure ${act.slot} with no candidate`);
        break;
      case 'what-if':
        for (const change of act.changes)
          if (!known(change.slot)) found.push(`what-if unknown slot ${change.slot}`);
        break;
      case 'ask':
      case 'seek-advice':
        if (typeof act.text !== 'string' || act.text === '') found.push(`${act.type} without text`);
        break;
      case 'foreign-language':
        break;
      default:
        found.push(`unknown act ${(act as { type: string }).type}`);
    }
  }
  return found;
}

test('interpretation never throws, and names only real slots and values, with evidence', () => {
  fc.assert(
    fc.property(text, awaiting, (message, slot) => {
      const acts = interpret(message, slot);
      expect(problems(acts)).toEqual([]);
      // Plain data: what a session or a log could keep.
      expect(JSON.parse(JSON.stringify(acts))).toEqual(acts);
    }),
    { numRuns: 500 },
  );
});

test('the same message and question always give the same acts', () => {
  fc.assert(
    fc.property(text, awaiting, (message, slot) => {
      expect(interpret(message, slot)).toEqual(interpret(message, slot));
    }),
    { numRuns: 200 },
  );
});

test('the checks above catch malformed acts (so an empty list means something)', () => {
  const sound = interpret("it's about tone, not facts; we have 3k demonstrations. why not RAG?", null);
  expect(problems(sound)).toEqual([]);
  expect(sound.length).toBeGreaterThan(1);
  const broken = [
    { type: 'control', control: 'dance' },
    {
      type: 'inform',
      slot: 'goal',
      value: 'everything',
      quote: 'x',
      weight: 'statement',
      via: 'rule',
      correction: false,
      additive: false,
      awaited: false,
    },
    {
      type: 'data',
      kind: 'poems',
      quote: 'x',
      weight: 'statement',
      correction: false,
      additive: false,
      awaited: false,
    },
    { type: 'unsure', slot: 'goal', candidates: ['knowledge', 'nothing'], quote: 'x' },
  ] as unknown as Act[];
  expect(problems(broken)).toEqual([
    'control dance',
    'goal=everything is not one of its values',
    'data of unknown kind poems',
    'unsure goal: knowledge,nothing',
  ]);
});
