import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { StrategyId } from '../content/knowledge-schema.js';
import type { Advisor } from '../core/advisor.js';
import type { Reply, Session, TurnInput } from '../core/types.js';

/**
 * The situations format of the blind sets (test/dev/situations.yaml, test/heldout/situations.yaml):
 * who is asking, their opening message, what each answer says and means, and the strategy the
 * research supports. Unknown fields are tolerated: the sets are written by people who see only the
 * public contract.
 */
const Answer = z.looseObject({
  say: z.string().optional(),
  /** The button value the user means: an enum value, or an amount. */
  means: z.union([z.string(), z.number()]),
  /** For amounts: what was counted. */
  unit: z.enum(['items', 'tokens']).optional(),
});

const ExpectedStage = z.union([StrategyId, z.looseObject({ strategy: StrategyId })]);

export const Situation = z.looseObject({
  id: z.string(),
  who: z.string().optional(),
  opening: z.string(),
  answers: z.record(z.string(), Answer).default({}),
  expect: z.looseObject({ primary: StrategyId, stages: z.array(ExpectedStage).optional() }),
  why: z.string().optional(),
});
export type Situation = z.infer<typeof Situation>;

export type Mode = 'buttons';

export interface SituationResult {
  id: string;
  mode: Mode;
  primary: string | null;
  stages: string[];
  /** Slots asked, in order. */
  asked: string[];
  /** Slots asked that the situation gives no answer for: answered "skip" (the advisor assumes). */
  skipped: string[];
  /** The primary matches. */
  primaryOk: boolean;
  /** The stages match, when the situation lists them (null: not listed). */
  stagesOk: boolean | null;
  problem: string | null;
}

export interface Report {
  mode: Mode;
  total: number;
  primaryCorrect: number;
  /** Situations that list stages, and how many of those matched exactly. */
  withStages: number;
  stagesCorrect: number;
  results: SituationResult[];
}

export function loadSituations(file: string): Situation[] {
  return z.array(Situation).parse(parse(readFileSync(file, 'utf8')) ?? []);
}

/** The most questions a situation may take before it counts as stuck. */
const MAX_TURNS = 20;

/** What a button press sends for an answer: "600000000 tokens" for an amount of tokens. */
export function pressValue(answer: {
  means: string | number;
  unit?: 'items' | 'tokens' | undefined;
}): string {
  if (typeof answer.means === 'number' || /^\d+(\.\d+)?(e\d+)?$/i.test(String(answer.means)))
    return answer.unit === 'tokens' ? `${answer.means} tokens` : String(answer.means);
  return String(answer.means);
}

/**
 * Buttons-only: understanding is out of the picture. The conversation opens with a greeting, and
 * every question is answered by pressing the value the situation means; a question it gives no
 * answer for is answered "skip", as a user who does not know would.
 */
export function runButtons(advisor: Advisor, situation: Situation): SituationResult {
  let session: Session | null = null;
  let replies: Reply[] = [];
  const send = (input: TurnInput) => {
    ({ session, replies } = advisor.handleTurn(session, input));
  };
  send({ kind: 'text', text: 'hello' });
  const asked: string[] = [];
  const skipped: string[] = [];
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const last = replies.at(-1);
    if (!last || last.recommendation) break;
    const slot = last.awaiting;
    if (!slot)
      return outcome(
        situation,
        null,
        [],
        asked,
        skipped,
        `stuck without a question: ${last.text.slice(0, 120)}`,
      );
    asked.push(slot);
    const answer = situation.answers[slot];
    if (answer) {
      send({ kind: 'choice', slot, value: pressValue(answer) });
    } else {
      skipped.push(slot);
      send({ kind: 'text', text: 'skip' });
    }
  }
  const recommendation = replies.at(-1)?.recommendation;
  if (!recommendation) return outcome(situation, null, [], asked, skipped, 'no recommendation');
  const stages = (recommendation.stages ?? []).map((stage) => stage.strategy);
  return outcome(situation, recommendation.primary, stages, asked, skipped, null);
}

function expectedStages(situation: Situation): string[] | undefined {
  return situation.expect.stages?.map((stage) => (typeof stage === 'string' ? stage : stage.strategy));
}

function outcome(
  situation: Situation,
  primary: string | null,
  stages: string[],
  asked: string[],
  skipped: string[],
  stuck: string | null,
): SituationResult {
  const wantedStages = expectedStages(situation);
  const primaryOk = primary === situation.expect.primary;
  const stagesOk = wantedStages ? JSON.stringify(wantedStages) === JSON.stringify(stages) : null;
  const problem =
    stuck ??
    (!primaryOk
      ? `primary ${primary}, expected ${situation.expect.primary}`
      : stagesOk === false
        ? `stages ${stages.join(' → ')}, expected ${wantedStages?.join(' → ')}`
        : null);
  return { id: situation.id, mode: 'buttons', primary, stages, asked, skipped, primaryOk, stagesOk, problem };
}

/** Runs every situation in a mode and counts what came out right. */
export function evaluate(advisor: Advisor, situations: Situation[], mode: Mode = 'buttons'): Report {
  const results = situations.map((situation) => runButtons(advisor, situation));
  const withStages = results.filter((result) => result.stagesOk !== null);
  return {
    mode,
    total: results.length,
    primaryCorrect: results.filter((result) => result.primaryOk).length,
    withStages: withStages.length,
    stagesCorrect: withStages.filter((result) => result.stagesOk).length,
    results,
  };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** A short text report: totals, then each situation that went wrong and why. */
export function formatReport(report: Report, label: string): string {
  const lines = [
    `${label} (${report.mode}): primary ${report.primaryCorrect}/${report.total} (${percent(report.primaryCorrect, report.total)}); stages ${report.stagesCorrect}/${report.withStages} where listed (${percent(report.stagesCorrect, report.withStages)})`,
  ];
  for (const result of report.results) {
    if (result.problem)
      lines.push(
        `  ✗ ${result.id}: ${result.problem}${result.skipped.length > 0 ? ` (skipped: ${result.skipped.join(', ')})` : ''}`,
      );
  }
  return lines.join('\n');
}

/** CLI: node dist/src/eval/situations.js <situations.yaml>... [--json] */
async function main(argv: string[]): Promise<number> {
  const files = argv.filter((arg) => !arg.startsWith('--'));
  if (files.length === 0) {
    process.stderr.write('usage: node dist/src/eval/situations.js <situations.yaml>... [--json]\n');
    return 2;
  }
  const { loadContent } = await import('../content/load.js');
  const { Advisor: AdvisorClass } = await import('../core/advisor.js');
  const advisor = new AdvisorClass(loadContent());
  for (const file of files) {
    const report = evaluate(advisor, loadSituations(file));
    process.stdout.write(
      argv.includes('--json')
        ? `${JSON.stringify(report)}\n`
        : `${formatReport(report, `${path.basename(path.dirname(file))}/${path.basename(file)}`)}\n`,
    );
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
