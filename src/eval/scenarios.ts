import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { StrategyId } from '../content/knowledge-schema.js';
import type { Advisor } from '../core/advisor.js';
import type { Reply, Session } from '../core/types.js';
import { runButtons, type Situation } from './situations.js';

export const Scenario = z.strictObject({
  id: z.string(),
  say: z.string().min(10),
  /** Button answers to whatever the advisor still asks after the opening message. */
  answers: z.record(z.string(), z.string()).default({}),
  /**
   * Every answer the situation determines, as the button values its user means: the
   * buttons-only run presses these, so understanding is out of the picture.
   */
  means: z.record(z.string(), z.string()).default({}),
  expect: z.strictObject({
    primary: StrategyId,
    complementary: z.array(StrategyId).optional(),
    stages: z.array(StrategyId).optional(),
  }),
  basis: z.string().min(10),
  /**
   * Why the typed run is not expected to pass yet (understanding of a v2 answer is other work);
   * the buttons-only run still must.
   */
  typedPending: z.string().min(10).optional(),
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
const MAX_TURNS = 16;

/**
 * The answers of the questions contract v2 added, for situations written before them that do not
 * say: one kind of data, nothing tried yet, open weights on one datacenter GPU. Not a hosted API:
 * that rules out continued pretraining, which version 1's situations never had to consider.
 */
export const V1_DEFAULTS: Readonly<Record<string, string>> = {
  extraDataKind: 'none',
  tried: 'nothing',
  platform: 'own-gpus',
  gpu: 'datacenter',
};

/** The scenario as a buttons-only situation: every answer it means, pressed. */
export function asSituation(scenario: Scenario): Situation {
  const means = { ...V1_DEFAULTS, ...scenario.means };
  return {
    id: scenario.id,
    opening: scenario.say,
    answers: Object.fromEntries(
      Object.entries(means).map(([slot, value]) => {
        const [amount, unit] = value.split(' ');
        return [
          slot,
          unit === 'tokens' ? { means: Number(amount), unit: 'tokens' as const } : { means: value },
        ];
      }),
    ),
    expect: {
      primary: scenario.expect.primary,
      ...(scenario.expect.stages ? { stages: scenario.expect.stages } : {}),
    },
  };
}

/** Plays a scenario by buttons only. */
export function runScenarioButtons(advisor: Advisor, scenario: Scenario): ScenarioResult {
  const played = runButtons(advisor, asSituation(scenario));
  return result(
    scenario,
    played.primary,
    played.stages.slice(1),
    played.asked,
    played.problem,
    played.stages,
  );
}

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
    const value = scenario.answers[slot] ?? V1_DEFAULTS[slot];
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
  const stages = (recommendation.stages ?? []).map((stage) => stage.strategy);
  return result(scenario, primary, complementary, asked, null, stages);
}

function result(
  scenario: Scenario,
  primary: string | null,
  complementary: string[],
  questionsAsked: string[],
  stuck: string | null,
  stages: string[] = [],
): ScenarioResult {
  const missing = (scenario.expect.complementary ?? []).filter((id) => !complementary.includes(id));
  const wanted = scenario.expect.stages;
  const problem =
    stuck ??
    (primary !== scenario.expect.primary
      ? `primary ${primary}, expected ${scenario.expect.primary}`
      : missing.length > 0
        ? `complementary ${complementary.join(', ') || 'none'}, expected ${missing.join(', ')}`
        : wanted && JSON.stringify(wanted) !== JSON.stringify(stages)
          ? `stages ${stages.join(' → ')}, expected ${wanted.join(' → ')}`
          : null);
  return { scenario, primary, complementary, questionsAsked, passed: problem === null, problem };
}
