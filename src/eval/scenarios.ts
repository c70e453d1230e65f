import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { StrategyId } from '../content/knowledge-schema.js';
import type { Advisor } from '../core/advisor.js';
import type { Reply, Session } from '../core/types.js';

export const Scenario = z.strictObject({
  id: z.string(),
  say: z.string().min(10),
  answers: z.record(z.string(), z.string()).default({}),
  expect: z.strictObject({ primary: StrategyId, complementary: z.array(StrategyId).optional() }),
  basis: z.string().min(10),
});
export type Scenario = z.infer<typeof Scenario>;

export interface ScenarioResult {
  scenario: Scenario;
  primary: string | null;
  complementary: string[];
  questionsAsked: string[];
  passed: boolean;
  problem: string | null;
}

export function loadScenarios(file: string): Scenario[] {
  return z.array(Scenario).parse(parse(readFileSync(file, 'utf8')));
}

/** The most questions a scenario may take before it counts as stuck. */
const MAX_TURNS = 12;

/** Plays a scenario: the opening message, then button answers to whatever is asked. */
export function runScenario(advisor: Advisor, scenario: Scenario): ScenarioResult {
  let session: Session | null = null;
  let replies: Reply[];
  ({ session, replies } = advisor.handleTurn(session, { kind: 'text', text: scenario.say }));
  const asked: string[] = [];
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const last = replies.at(-1);
    if (!last || last.recommendation) break;
    const slot = last.awaiting;
    if (!slot)
      return result(scenario, null, [], asked, `stuck without a question: ${last.text.slice(0, 120)}`);
    const value = scenario.answers[slot];
    if (value === undefined)
      return result(
        scenario,
        null,
        [],
        [...asked, slot],
        `asked '${slot}', which the scenario does not answer`,
      );
    asked.push(slot);
    ({ session, replies } = advisor.handleTurn(session, { kind: 'choice', slot, value }));
  }
  const recommendation = replies.at(-1)?.recommendation;
  if (!recommendation) return result(scenario, null, [], asked, 'no recommendation');
  const { primary, complementary } = recommendation;
  const missing = (scenario.expect.complementary ?? []).filter((id) => !complementary.includes(id));
  const problem =
    primary !== scenario.expect.primary
      ? `primary ${primary}, expected ${scenario.expect.primary}`
      : missing.length > 0
        ? `complementary ${complementary.join(', ') || 'none'}, expected ${missing.join(', ')}`
        : null;
  return result(scenario, primary, complementary, asked, problem);
}

function result(
  scenario: Scenario,
  primary: string | null,
  complementary: string[],
  questionsAsked: string[],
  problem: string | null,
): ScenarioResult {
  return { scenario, primary, complementary, questionsAsked, passed: problem === null, problem };
}
