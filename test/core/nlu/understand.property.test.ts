import fc from 'fast-check';
import { CONTROL_INTENTS } from '../../../src/content/language-schema';
import { Understander, type Understanding } from '../../../src/core/nlu/understand';
import { realContent } from '../../support/advisor';

/**
 * The language-understanding layer on its own, under any text and any question being answered:
 * it never throws, and what it returns always names real slots, values, strategies and papers
 * (the advisor's property test covers what the flow then does with it).
 */
const content = realContent();
const nlu = new Understander(content.language, content.strategies, content.knowledge);
const slots = content.flow.slots;
const strategyIds = new Set(content.strategies.map((strategy) => strategy.id));
const paperIds = new Set(content.knowledge.map((entry) => entry.id));
const dataKinds = new Set(Object.keys(slots.dataKind?.type === 'enum' ? slots.dataKind.values : {}));
const FORMS = ['what-if', 'why-not', 'why', 'compare', 'how-much-data', 'paper', 'strategy', 'general'];

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

/** Everything wrong with an understanding; empty when it is well formed. */
function problems(result: Understanding): string[] {
  const found: string[] = [];
  if (result.control !== null && !(CONTROL_INTENTS as readonly string[]).includes(result.control))
    found.push(`control ${result.control}`);
  const findings = [...result.findings, ...Object.values(result.sizesByKind).flat()];
  for (const finding of findings) {
    const slot = slots[finding.slot];
    if (!slot) {
      found.push(`unknown slot ${finding.slot}`);
      continue;
    }
    if (slot.type === 'enum' && !(String(finding.value) in slot.values))
      found.push(`${finding.slot}=${finding.value} is not one of its values`);
    if (
      slot.type === 'number' &&
      !(typeof finding.value === 'number' && Number.isFinite(finding.value) && finding.value >= 0)
    )
      found.push(`${finding.slot}=${finding.value} is not a count`);
    if (typeof finding.quote !== 'string') found.push(`${finding.slot}: quote ${finding.quote}`);
    if (!['strong', 'weak'].includes(finding.strength))
      found.push(`${finding.slot}: strength ${finding.strength}`);
    if (finding.unit !== undefined && !['items', 'tokens'].includes(finding.unit))
      found.push(`${finding.slot}: unit ${finding.unit}`);
  }
  for (const kind of Object.keys(result.sizesByKind)) {
    if (kind !== 'any' && !dataKinds.has(kind)) found.push(`amount of unknown kind ${kind}`);
  }
  for (const { slot, values } of result.ambiguous) {
    const definition = slots[slot];
    if (definition?.type !== 'enum') found.push(`ambiguous ${slot} is not a choice`);
    else if (values.some((value) => !(value in definition.values)))
      found.push(`ambiguous ${slot}: ${values}`);
    if (new Set(values).size < 2) found.push(`ambiguous ${slot} with ${values.length} value(s)`);
  }
  if (result.question) {
    if (!FORMS.includes(result.question.form)) found.push(`question form ${result.question.form}`);
    for (const id of result.question.strategies) if (!strategyIds.has(id)) found.push(`strategy ${id}`);
    for (const id of result.question.papers) if (!paperIds.has(id)) found.push(`paper ${id}`);
  }
  if (typeof result.vagueAmount !== 'boolean' || typeof result.seeksAdvice !== 'boolean')
    found.push('flags are not booleans');
  return found;
}

test('the Understander never throws, and names only real slots, values, strategies and papers', () => {
  fc.assert(
    fc.property(text, awaiting, (message, slot) => {
      const result = nlu.understand(message, { awaiting: slot });
      expect(problems(result)).toEqual([]);
      // Plain data: what a session could keep.
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }),
    { numRuns: 500 },
  );
});

test('the same message and question always give the same understanding', () => {
  fc.assert(
    fc.property(text, awaiting, (message, slot) => {
      expect(nlu.understand(message, { awaiting: slot })).toEqual(
        nlu.understand(message, { awaiting: slot }),
      );
    }),
    { numRuns: 200 },
  );
});

test('the checks above catch a malformed understanding (so an empty list means something)', () => {
  const sound = nlu.understand("it's about tone, not facts; we have 3k demonstrations. why not RAG?", {
    awaiting: null,
  });
  expect(problems(sound)).toEqual([]);
  expect(sound.findings.length).toBeGreaterThan(0);
  const broken: Understanding = {
    ...sound,
    control: 'dance' as Understanding['control'],
    findings: [{ slot: 'goal', value: 'everything', quote: 'x', strength: 'strong' }],
    ambiguous: [{ slot: 'goal', values: ['knowledge'] }],
    question: { form: 'general', strategies: ['magic' as never], papers: ['nobody-2099'] },
  };
  expect(problems(broken)).toEqual([
    'control dance',
    'goal=everything is not one of its values',
    'ambiguous goal with 1 value(s)',
    'strategy magic',
    'paper nobody-2099',
  ]);
});
