import type { Rule, Strategy } from '../../content/advice-schema.js';
import type { Flow } from '../../content/flow-schema.js';
import { STRATEGY_IDS, type StrategyId } from '../../content/knowledge-schema.js';
import { conditionsOf, holds, whenHolds } from '../flow/conditions.js';
import { applyInferences, nextStep, profileOf, questionFor } from '../flow/engine.js';
import { parseSizeValue } from '../flow/size.js';
import type { Answer, Flip, Profile, Reason, Recommendation } from '../types.js';

/** What a strategy loses when its prerequisite (strategies.yaml `requires`) does not hold. */
export const UNMET_REQUIREMENT_PENALTY = -10;
/** A complementary strategy must score at least this before its prerequisite is applied. */
const COMPLEMENT_THRESHOLD = 3;
/** Ties go to the cheaper, faster-to-try strategy. */
const COST_ORDER: readonly StrategyId[] = [
  'prompting',
  'rag',
  'sft',
  'dpo',
  'instruction-tuning',
  'continued-pretraining',
];

export interface Advice {
  flow: Flow;
  rules: Rule[];
  strategies: Map<StrategyId, Strategy>;
}

export interface Scoring {
  /** Final scores, prerequisites applied. */
  scores: Record<StrategyId, number>;
  /** Scores before prerequisites: how well a strategy fits once its data exists. */
  fit: Record<StrategyId, number>;
  fired: Rule[];
  unmet: Set<StrategyId>;
  ranking: StrategyId[];
}

function zeroScores(): Record<StrategyId, number> {
  return Object.fromEntries(STRATEGY_IDS.map((id) => [id, 0])) as Record<StrategyId, number>;
}

/** Scores every strategy for a profile. Pure: the same answers always give the same ranking. */
export function score(advice: Advice, profile: Profile): Scoring {
  const fit = zeroScores();
  const fired = advice.rules.filter((rule) => whenHolds(rule.when, profile));
  for (const rule of fired) {
    for (const [strategy, weight] of Object.entries(rule.effects) as [StrategyId, number][])
      fit[strategy] += weight;
  }
  const scores = { ...fit };
  const unmet = new Set<StrategyId>();
  for (const id of STRATEGY_IDS) {
    const requires = advice.strategies.get(id)?.requires;
    if (requires && !whenHolds(requires.when, profile)) {
      scores[id] += UNMET_REQUIREMENT_PENALTY;
      unmet.add(id);
    }
  }
  const ranking = [...STRATEGY_IDS].sort(
    (a, b) => scores[b] - scores[a] || COST_ORDER.indexOf(a) - COST_ORDER.indexOf(b),
  );
  return { scores, fit, fired, unmet, ranking };
}

/** The primary strategy for a set of answers, filling unanswered relevant slots with their defaults. */
/**
 * Primaries already worked out, per set of advice: "what would change this" asks about a dozen
 * neighbouring answer sets for every recommendation, and users keep landing on the same ones.
 * The result depends only on the answer values, so a bounded memo is exact.
 */
const primaries = new WeakMap<Advice, Map<string, StrategyId>>();
const MEMO_LIMIT = 10_000;

function primaryFor(advice: Advice, answers: Record<string, Answer>): StrategyId {
  const key = Object.entries(answers)
    .map(([slot, answer]) => `${slot}=${answer.value}`)
    .sort()
    .join('&');
  let memo = primaries.get(advice);
  if (!memo) {
    memo = new Map();
    primaries.set(advice, memo);
  }
  const known = memo.get(key);
  if (known) return known;
  const primary = computePrimary(advice, answers);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, primary);
  return primary;
}

function computePrimary(advice: Advice, answers: Record<string, Answer>): StrategyId {
  let filled = applyInferences(advice.flow, answers);
  for (let step = nextStep(advice.flow, filled); step; step = nextStep(advice.flow, filled)) {
    const question = questionFor(advice.flow, step, profileOf(advice.flow, filled));
    if (!question.skip) break;
    filled = { ...filled, ...answersForValue(advice.flow, step.slot, question.skip.value, 'default', '') };
    filled = applyInferences(advice.flow, filled);
  }
  const ranking = score(advice, profileOf(advice.flow, filled)).ranking;
  return ranking[0] ?? 'prompting';
}

/** Answers for a slot from a flow value ("300", "2000000 tokens", "high"); number slots set dataUnit too. */
export function answersForValue(
  flow: Flow,
  slot: string,
  value: string,
  source: Answer['source'],
  quote: string,
): Record<string, Answer> {
  if (flow.slots[slot]?.type === 'number') {
    const size = parseSizeValue(value);
    if (!size) return {};
    return {
      [slot]: { value: size.size, source, quote },
      dataUnit: { value: size.unit, source, quote },
    };
  }
  return { [slot]: { value, source, quote } };
}

/** What an amount of each kind of data counts, for "3,000 examples" rather than a bare "3,000". */
const COUNTED: Record<string, string> = {
  'raw-text': 'documents',
  demonstrations: 'examples',
  preferences: 'pairs',
  multitask: 'examples',
};

export function describeValue(flow: Flow, slot: string, value: string | number, profile: Profile): string {
  const definition = flow.slots[slot];
  if (definition?.type === 'enum') return definition.values[String(value)]?.short ?? String(value);
  // An amount counts the kind its slot declares (dataSize the dataKind, extraDataSize the extra kind).
  const unitSlot = definition?.type === 'number' ? (definition.unit ?? 'dataUnit') : 'dataUnit';
  const kindSlot = definition?.type === 'number' ? (definition.counts ?? 'dataKind') : 'dataKind';
  const unit = profile[unitSlot] === 'tokens' ? 'tokens' : COUNTED[String(profile[kindSlot])];
  return unit ? `${formatCount(Number(value))} ${unit}` : formatCount(Number(value));
}

export function formatCount(value: number): string {
  if (value >= 1e9) return `${trim(value / 1e9)} billion`;
  if (value >= 1e6) return `${trim(value / 1e6)} million`;
  return Math.round(value).toLocaleString('en-US');
}

function trim(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
}

/** "(you said “…”; assumed: …)" for the answers a rule's condition looked at. */
function evidence(rule: Rule, answers: Record<string, Answer>, profile: Profile): string {
  const condition = conditionsOf(rule.when).find((candidate) => holds(candidate, profile));
  const slots = Object.keys(condition ?? {}).filter((slot) => slot !== 'dataUnit');
  // The goal is context for most rules; quote it only when the rule is about the goal alone.
  const quoted = slots.length > 1 ? slots.filter((slot) => slot !== 'goal') : slots;
  const groups: Record<'said' | 'chose' | 'assumed', string[]> = { said: [], chose: [], assumed: [] };
  for (const slot of quoted) {
    const answer = answers[slot];
    if (!answer?.quote) continue;
    const group = answer.source !== 'user' ? 'assumed' : answer.chosen ? 'chose' : 'said';
    const text = group === 'assumed' ? answer.quote : `“${answer.quote}”`;
    if (!groups[group].includes(text)) groups[group].push(text);
  }
  const parts = [
    ...(groups.said.length > 0 ? [`you said ${groups.said.join(', ')}`] : []),
    ...(groups.chose.length > 0 ? [`you chose ${groups.chose.join(', ')}`] : []),
    ...(groups.assumed.length > 0 ? [`assumed: ${groups.assumed.join('; ')}`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

export function reasonText(rule: Rule, answers: Record<string, Answer>, profile: Profile): string {
  const because = rule.because.charAt(0).toUpperCase() + rule.because.slice(1);
  return `${because}${evidence(rule, answers, profile)}: ${rule.finding}`;
}

function flipsFor(
  advice: Advice,
  answers: Record<string, Answer>,
  profile: Profile,
  primary: StrategyId,
): Flip[] {
  const { flow } = advice;
  const flips: Flip[] = [];
  for (const step of flow.steps) {
    const current = profile[step.slot];
    if (current === undefined) continue;
    const definition = flow.slots[step.slot];
    const alternatives =
      definition?.type === 'enum'
        ? Object.keys(definition.values).filter((value) => value !== current)
        : questionFor(flow, step, profile)
            .choices.map((choice) => choice.value)
            .filter((value) => parseSizeValue(value)?.size !== current);
    for (const value of alternatives) {
      const changed = { ...answers, ...answersForValue(flow, step.slot, value, 'user', '') };
      for (const [slot, answer] of Object.entries(changed)) {
        // Answers that only made sense under the old value are asked again, so assume their defaults.
        if (slot !== step.slot && slot !== 'dataUnit' && answer.source !== 'user') delete changed[slot];
      }
      const flipped = primaryFor(advice, changed);
      if (flipped === primary) continue;
      const newProfile = profileOf(flow, changed);
      flips.push({
        slot: step.slot,
        from: current,
        to: newProfile[step.slot] ?? value,
        primary: flipped,
        text: `If ${hypothesis(flow, step.slot, describeValue(flow, step.slot, newProfile[step.slot] ?? value, newProfile))} instead of ${describeValue(flow, step.slot, current, profile)}, ${advice.strategies.get(flipped)?.short ?? flipped} would come first.`,
      });
    }
  }
  // Later questions are the finer levers (how much data, how strict the style); changing the goal
  // changes everything and is the least informative, so it comes last.
  const order = flow.steps.map((step) => step.slot);
  return flips.sort((a, b) => order.indexOf(b.slot) - order.indexOf(a.slot));
}

function hypothesis(flow: Flow, slot: string, value: string): string {
  const template =
    flow.slots[slot]?.hypothesis ?? `${(flow.slots[slot]?.label ?? slot).toLowerCase()} were {value}`;
  return template.replace('{value}', value);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** How many reasons a recommendation shows for its primary strategy (and one per complement). */
export const REASONS_SHOWN = 3;

/** The reasons in favour of (sign 1) or against (sign -1) a strategy, strongest first. */
export function strongestReasons(
  reasons: Reason[],
  strategy: StrategyId,
  count: number,
  sign: 1 | -1 = 1,
): Reason[] {
  return reasons
    .filter((reason) => reason.strategy === strategy && Math.sign(reason.weight) === sign)
    .sort((a, b) => sign * (b.weight - a.weight))
    .slice(0, count);
}

/**
 * The reasons a recommendation shows: the strongest few for the primary, and for each complement
 * its strongest reason that the primary's list has not already given.
 */
export function displayedReasons(
  reasons: Reason[],
  primary: StrategyId,
  complementary: StrategyId[],
): { forPrimary: Reason[]; forComplement: Map<StrategyId, Reason> } {
  const forPrimary = strongestReasons(reasons, primary, REASONS_SHOWN);
  const shown = new Set(forPrimary.map((reason) => reason.ruleId));
  const forComplement = new Map<StrategyId, Reason>();
  for (const id of complementary) {
    const candidates = strongestReasons(reasons, id, reasons.length);
    const reason = candidates.find((candidate) => !shown.has(candidate.ruleId)) ?? candidates[0];
    if (reason) forComplement.set(id, reason);
  }
  return { forPrimary, forComplement };
}

/** The full recommendation for a completed (or defaulted) set of answers. */
export function recommend(advice: Advice, answers: Record<string, Answer>): Recommendation {
  const profile = profileOf(advice.flow, answers);
  const scoring = score(advice, profile);
  const [primary = 'prompting', runnerUp] = scoring.ranking;
  const primaryStrategy = advice.strategies.get(primary);

  const complementary = scoring.ranking
    .filter((id) => id !== primary && (primaryStrategy?.combines ?? []).includes(id))
    .filter((id) => scoring.fit[id] >= COMPLEMENT_THRESHOLD)
    .sort((a, b) => scoring.fit[b] - scoring.fit[a])
    .slice(0, 2);

  const reasons: Reason[] = [];
  for (const rule of scoring.fired) {
    for (const [strategy, weight] of Object.entries(rule.effects) as [StrategyId, number][]) {
      reasons.push({
        ruleId: rule.id,
        strategy,
        weight,
        text: reasonText(rule, answers, profile),
        cites: rule.cites,
      });
    }
  }
  for (const id of scoring.unmet) {
    const requires = advice.strategies.get(id)?.requires;
    if (!requires) continue;
    reasons.push({
      ruleId: `requires-${id}`,
      strategy: id,
      weight: UNMET_REQUIREMENT_PENALTY,
      text: `Not yet: ${requires.because}.`,
      cites: requires.cites,
    });
  }

  const shown = [primary, ...complementary];
  const guidance = shown.flatMap((id, index) =>
    (advice.strategies.get(id)?.guidance ?? [])
      .filter((item) => whenHolds(item.when, profile))
      .slice(0, index === 0 ? undefined : 1)
      .map((item) => ({ text: item.text.trim(), cites: item.cites })),
  );
  const caveats = shown.flatMap((id) =>
    (advice.strategies.get(id)?.caveats ?? [])
      .filter((item) => whenHolds(item.when, profile))
      .map((item) => ({ text: item.text.trim(), cites: item.cites })),
  );

  const assumptions = Object.entries(answers)
    .filter(([slot, answer]) => answer.source !== 'user' && slot in profile && slot !== 'dataUnit')
    .map(([, answer]) => answer.quote);

  const margin = runnerUp ? scoring.scores[primary] - scoring.scores[runnerUp] : Number.POSITIVE_INFINITY;
  const defaults = Object.entries(answers).filter(
    ([slot, a]) => a.source === 'default' && slot in profile,
  ).length;
  const confidence = margin <= 0 || defaults >= 2 ? 'low' : margin < 3 || defaults === 1 ? 'medium' : 'high';

  const displayed = displayedReasons(reasons, primary, complementary);
  const citations = unique([
    ...[...displayed.forPrimary, ...displayed.forComplement.values()].flatMap((reason) => reason.cites),
    ...guidance.flatMap((item) => item.cites),
    ...caveats.flatMap((item) => item.cites),
  ]);

  return {
    primary,
    complementary,
    ranking: scoring.ranking.map((strategy) => ({ strategy, score: scoring.scores[strategy] })),
    profile,
    confidence,
    reasons,
    guidance,
    caveats,
    flips: flipsFor(advice, answers, profile, primary),
    assumptions,
    citations,
  };
}

export { primaryFor };
