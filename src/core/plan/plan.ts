import type { CitedText, PlanContent } from '../../content/advice-schema.js';
import type { Flow } from '../../content/flow-schema.js';
import type { StrategyId } from '../../content/knowledge-schema.js';
import { whenHolds } from '../flow/conditions.js';
import { describeValue, stagesOf, strongestReasons } from '../recommend/recommend.js';
import type { Profile, Recommendation } from '../types.js';

/**
 * A plan to act on, built from a recommendation: per stage the data recipe, one example's format,
 * training choices, evaluation and cost, each line with its citations; then what to measure
 * before and after, the alternatives rejected, the biggest risk and the cheapest experiment that
 * would show the plan wrong. Everything but the user's own situation comes from knowledge/plan.yaml
 * and the recommendation's reasons, so every figure traces to a cited entry.
 */

/** One line of the plan. No citations means it restates the user's own answers. */
export interface PlanLine {
  text: string;
  cites: string[];
}

export interface StagePlan {
  strategy: StrategyId;
  /** Why the stage comes where it does (the first: why to start with it). */
  why: PlanLine;
  data: PlanLine[];
  example: { format: 'json' | 'text'; text: string };
  training: PlanLine[];
  evaluation: PlanLine[];
  cost: PlanLine[];
}

export interface Plan {
  primary: StrategyId;
  /** The user's answers, described. */
  situation: string[];
  stages: StagePlan[];
  /** Before and after, whatever the stages. */
  evaluation: PlanLine[];
  /** Where and on what GPU they train. */
  training: PlanLine[];
  rejected: { strategy: StrategyId; line: PlanLine }[];
  risk: PlanLine;
  experiment: PlanLine;
  assumptions: string[];
  /** Every knowledge id the plan cites, in order of first appearance. */
  citations: string[];
}

/** The names and sources a rendering needs (the Presenter provides them). */
export interface PlanLookup {
  strategyTitle(id: StrategyId): string;
  strategyName(id: StrategyId): string;
  citeLabel(id: string): string;
  sourceLine(id: string): string;
}

/** Which kinds of data each stage trains or indexes on: its "how much" line quotes those. */
const STAGE_DATA: Record<StrategyId, string[]> = {
  prompting: ['demonstrations'],
  rag: ['raw-text'],
  sft: ['demonstrations', 'preferences', 'multitask'],
  'instruction-tuning': ['multitask', 'demonstrations'],
  dpo: ['preferences'],
  'continued-pretraining': ['raw-text'],
};

const DATA_SLOTS = [
  { kind: 'dataKind', size: 'dataSize' },
  { kind: 'extraDataKind', size: 'extraDataSize' },
] as const;

function lines(items: CitedText[] | undefined, profile: Profile): PlanLine[] {
  return (items ?? [])
    .filter((item) => whenHolds(item.when, profile))
    .map((item) => ({ text: item.text.trim(), cites: item.cites }));
}

function firstLine(items: CitedText[] | undefined, profile: Profile): PlanLine | undefined {
  return lines(items, profile)[0];
}

/** "You have 3,000 examples of input→output demonstrations." for the data this stage uses. */
function amountLines(flow: Flow, profile: Profile, strategy: StrategyId): PlanLine[] {
  const out: PlanLine[] = [];
  for (const slots of DATA_SLOTS) {
    const kind = profile[slots.kind];
    if (kind === undefined || !STAGE_DATA[strategy].includes(String(kind))) continue;
    const size = profile[slots.size];
    const what = describeValue(flow, slots.kind, kind, profile);
    out.push({
      text:
        size === undefined
          ? `You have ${what}.`
          : `You have ${describeValue(flow, slots.size, size, profile)} (${what}).`,
      cites: [],
    });
  }
  return out;
}

export function buildPlan(
  flow: Flow,
  content: PlanContent,
  recommendation: Recommendation,
  assumptions: string[] = recommendation.assumptions,
): Plan {
  const { profile } = recommendation;
  const stages = stagesOf(recommendation).map((stage, index): StagePlan => {
    const text = content.stages[stage.strategy];
    const why =
      stage.why !== ''
        ? { text: stage.why, cites: stage.cites }
        : (firstReason(recommendation, stage.strategy) ?? {
            text: index === 0 ? 'Ranked first for your answers.' : 'Follows the stage before it.',
            cites: [],
          });
    return {
      strategy: stage.strategy,
      why,
      data: [...amountLines(flow, profile, stage.strategy), ...lines(text?.data, profile)],
      example: text?.example ?? { format: 'text', text: '' },
      training: lines(text?.training, profile),
      evaluation: lines(text?.evaluation, profile),
      cost: lines(text?.cost, profile),
    };
  });
  const inPlan = new Set(stages.map((stage) => stage.strategy));
  const rejected = recommendation.ranking
    .filter((entry) => !inPlan.has(entry.strategy))
    .map((entry) => ({ strategy: entry.strategy, line: whyNot(recommendation, entry.strategy) }));
  const primary = recommendation.primary;
  const risk = firstLine(content.stages[primary]?.risk, profile) ?? {
    text: 'No risk is recorded for this strategy.',
    cites: [],
  };
  const experiment = firstLine(content.stages[primary]?.experiment, profile) ?? {
    text: 'Measure the first stage on a held-out set before the next.',
    cites: [],
  };
  const plan: Omit<Plan, 'citations'> = {
    primary,
    situation: Object.entries(profile)
      .filter(([slot]) => flow.slots[slot] && !isUnitSlot(flow, slot))
      .map(
        ([slot, value]) => `${flow.slots[slot]?.label ?? slot}: ${describeValue(flow, slot, value, profile)}`,
      ),
    stages,
    evaluation: lines(content.evaluation, profile),
    training: lines(content.training, profile),
    rejected,
    risk,
    experiment,
    assumptions,
  };
  return { ...plan, citations: citationsOf(plan) };
}

function isUnitSlot(flow: Flow, slot: string): boolean {
  return Object.values(flow.slots).some(
    (definition) => definition.type === 'number' && definition.unit === slot,
  );
}

function firstReason(recommendation: Recommendation, strategy: StrategyId): PlanLine | undefined {
  const [reason] = strongestReasons(recommendation.reasons, strategy, 1);
  return reason ? { text: reason.text, cites: reason.cites } : undefined;
}

/** Why an alternative is not in the plan: its data is missing, or the strongest reason against it. */
function whyNot(recommendation: Recommendation, strategy: StrategyId): PlanLine {
  const unmet = recommendation.reasons.find(
    (reason) => reason.strategy === strategy && reason.ruleId.startsWith('requires-'),
  );
  const [against] = strongestReasons(recommendation.reasons, strategy, 1, -1);
  const chosen = against && !against.ruleId.startsWith('requires-') ? against : unmet;
  if (chosen) return { text: chosen.text, cites: chosen.cites };
  const score = recommendation.ranking.find((entry) => entry.strategy === strategy)?.score;
  const top = recommendation.ranking[0]?.score;
  return { text: `It ranked lower for your answers (score ${score} against ${top}).`, cites: [] };
}

function citationsOf(plan: Omit<Plan, 'citations'>): string[] {
  const all: PlanLine[] = [
    ...plan.stages.flatMap((stage) => [
      stage.why,
      ...stage.data,
      ...stage.training,
      ...stage.evaluation,
      ...stage.cost,
    ]),
    ...plan.evaluation,
    ...plan.training,
    ...plan.rejected.map((item) => item.line),
    plan.risk,
    plan.experiment,
  ];
  return [...new Set(all.flatMap((line) => line.cites))];
}

/** Every line of the plan with its place, for tests and renderings. */
export function planLines(plan: Plan): { where: string; line: PlanLine }[] {
  return [
    ...plan.stages.flatMap((stage, index) =>
      (['data', 'training', 'evaluation', 'cost'] as const).flatMap((field) =>
        stage[field].map((line) => ({ where: `stage ${index + 1} ${field}`, line })),
      ),
    ),
    ...plan.stages.map((stage, index) => ({ where: `stage ${index + 1} why`, line: stage.why })),
    ...plan.evaluation.map((line) => ({ where: 'evaluation', line })),
    ...plan.training.map((line) => ({ where: 'training', line })),
    ...plan.rejected.map((item) => ({ where: `rejected ${item.strategy}`, line: item.line })),
    { where: 'risk', line: plan.risk },
    { where: 'experiment', line: plan.experiment },
  ];
}

// ---- Markdown ---------------------------------------------------------------------------------

/** The plan's section headings, in order (tests look for them). */
export const PLAN_SECTIONS = {
  situation: 'Your situation',
  order: 'The plan, in order',
  data: 'Data recipe',
  example: 'One example',
  training: 'Training choices',
  evaluation: 'How to evaluate it',
  cost: 'Cost',
  beforeAfter: 'Before and after: how to measure',
  hardware: 'Where you train',
  rejected: 'Alternatives considered and rejected',
  risk: 'The biggest risk',
  experiment: 'The cheapest experiment that would show this plan wrong',
  assumptions: 'Assumptions',
  sources: 'Sources',
} as const;

function cited(line: PlanLine, lookup: PlanLookup): string {
  return line.cites.length > 0
    ? `${line.text} [${line.cites.map((id) => lookup.citeLabel(id)).join('; ')}]`
    : line.text;
}

function bullets(items: PlanLine[], lookup: PlanLookup): string[] {
  return items.map((line) => `- ${cited(line, lookup)}`);
}

/** The plan as a Markdown document: what the export in every channel hands over. */
export function renderPlanMarkdown(plan: Plan, lookup: PlanLookup): string {
  const out: string[] = [];
  const names = plan.stages.map((stage) => lookup.strategyName(stage.strategy)).join(', then ');
  out.push(`# Fine-tuning plan: ${names}`, '');
  out.push(
    'From ftadvisor. Every figure below comes from the source cited next to it; where no source gives a figure, the plan says so instead of estimating.',
    '',
  );
  out.push(`## ${PLAN_SECTIONS.situation}`, '', ...plan.situation.map((item) => `- ${item}`), '');
  out.push(`## ${PLAN_SECTIONS.order}`, '');
  plan.stages.forEach((stage, index) => {
    out.push(`${index + 1}. **${lookup.strategyTitle(stage.strategy)}**: ${cited(stage.why, lookup)}`);
  });
  out.push('');
  plan.stages.forEach((stage, index) => {
    out.push(`## Stage ${index + 1}: ${lookup.strategyTitle(stage.strategy)}`, '');
    out.push(`### ${PLAN_SECTIONS.data}`, '', ...bullets(stage.data, lookup), '');
    if (stage.example.text) {
      out.push(
        `### ${PLAN_SECTIONS.example}`,
        '',
        `\`\`\`${stage.example.format}`,
        stage.example.text,
        '```',
        '',
      );
    }
    if (stage.training.length > 0)
      out.push(`### ${PLAN_SECTIONS.training}`, '', ...bullets(stage.training, lookup), '');
    if (stage.evaluation.length > 0)
      out.push(`### ${PLAN_SECTIONS.evaluation}`, '', ...bullets(stage.evaluation, lookup), '');
    out.push(`### ${PLAN_SECTIONS.cost}`, '', ...bullets(stage.cost, lookup), '');
  });
  out.push(`## ${PLAN_SECTIONS.beforeAfter}`, '', ...bullets(plan.evaluation, lookup), '');
  if (plan.training.length > 0)
    out.push(`## ${PLAN_SECTIONS.hardware}`, '', ...bullets(plan.training, lookup), '');
  out.push(`## ${PLAN_SECTIONS.rejected}`, '');
  for (const item of plan.rejected)
    out.push(`- **${lookup.strategyTitle(item.strategy)}**: ${cited(item.line, lookup)}`);
  out.push('');
  out.push(`## ${PLAN_SECTIONS.risk}`, '', cited(plan.risk, lookup), '');
  out.push(`## ${PLAN_SECTIONS.experiment}`, '', cited(plan.experiment, lookup), '');
  if (plan.assumptions.length > 0)
    out.push(`## ${PLAN_SECTIONS.assumptions}`, '', ...plan.assumptions.map((item) => `- ${item}`), '');
  out.push(
    `## ${PLAN_SECTIONS.sources}`,
    '',
    ...plan.citations.map((id) => `- ${lookup.sourceLine(id)}`),
    '',
  );
  return out.join('\n');
}
