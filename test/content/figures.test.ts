import type { KnowledgeEntry } from '../../src/content/knowledge-schema';
import { realContent } from '../support/advisor';
import { entryText, figures } from '../support/figures';

/**
 * Every figure the advisor states in a rule, a guidance line or a caveat must appear in one of the
 * knowledge entries that line cites: numbers trace to the papers, never to our memory.
 */

const content = realContent();
const entries = new Map(content.knowledge.map((entry) => [entry.id, entry]));

const plan = content.plan;
const statements = [
  ...content.rules.map((rule) => ({ where: `rule ${rule.id}`, text: rule.finding, cites: rule.cites })),
  ...content.strategies.flatMap((strategy) =>
    [...strategy.guidance, ...strategy.caveats, ...strategy.start].map((item, index) => ({
      where: `strategy ${strategy.id} item ${index}`,
      text: item.text,
      cites: item.cites,
    })),
  ),
  // "Is 300 enough?" verdicts: their figures too ({amount} is the user's, not a claim).
  ...content.strategies.flatMap((strategy) =>
    strategy.enough.map((item, index) => ({
      where: `strategy ${strategy.id} enough ${index}`,
      text: item.say.replace('{amount}', ''),
      cites: item.cites,
    })),
  ),
  // The reason each stage of a plan comes where it does.
  ...content.strategies.flatMap((strategy) =>
    strategy.next.map((item) => ({
      where: `strategy ${strategy.id} next ${item.strategy}`,
      text: item.why,
      cites: item.cites,
    })),
  ),
  // What the exported plan says (knowledge/plan.yaml).
  ...Object.entries(plan?.stages ?? {}).flatMap(([id, stage]) =>
    (['data', 'training', 'evaluation', 'cost', 'risk', 'experiment'] as const).flatMap((field) =>
      stage[field].map((item, index) => ({
        where: `plan ${id} ${field} ${index}`,
        text: item.text,
        cites: item.cites,
      })),
    ),
  ),
  ...[...(plan?.evaluation ?? []), ...(plan?.training ?? [])].map((item, index) => ({
    where: `plan general ${index}`,
    text: item.text,
    cites: item.cites,
  })),
];

test('the plan examples state no figures (they are formats, not evidence)', () => {
  for (const [id, stage] of Object.entries(plan?.stages ?? {}))
    expect({ id, figures: figures(stage.example.text) }).toEqual({ id, figures: [] });
});

describe('figures in the advice', () => {
  test('the figure reader understands the notations we use', () => {
    expect(figures('1,000 examples, 1k–6k samples, 5×10⁻⁷, 8 billion tokens, 0.875 and 43%')).toEqual([
      1000, 1000, 6000, 5e-7, 8e9, 0.875, 43,
    ]);
  });

  test.each(statements.map((statement) => [statement.where, statement] as const))(
    '%s states only figures found in the entries it cites',
    (_where, statement) => {
      const known = new Set(
        statement.cites.flatMap((id) => figures(entryText(entries.get(id) as KnowledgeEntry))),
      );
      const unknown = figures(statement.text).filter((value) => !known.has(value));
      expect({ text: statement.text, unknown }).toEqual({ text: statement.text, unknown: [] });
    },
  );
});
