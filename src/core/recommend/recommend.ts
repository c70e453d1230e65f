import type { LawfulFlip, Rule, Strategy } from '../../content/advice-schema.js';
import type { Condition, Flow } from '../../content/flow-schema.js';
import { STRATEGY_IDS, type StrategyId } from '../../content/knowledge-schema.js';
import { conditionsOf, DATA_SLOTS, holds, slotsRead, whenHolds } from '../flow/conditions.js';
import {
  applyInferences,
  bindPlanner,
  isAbsentValue,
  nextStep,
  profileKey,
  profileOf,
  questionFor,
  unitSlotOf,
  unitSlotSet,
} from '../flow/engine.js';
import { parseSizeValue } from '../flow/size.js';
import type { Answer, Flip, Profile, Reason, Recommendation, Stage } from '../types.js';

/** What a strategy loses when its prerequisite (strategies.yaml `requires`) does not hold. */
export const UNMET_REQUIREMENT_PENALTY = -10;
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
  /** The changes "what would change this" may propose (knowledge/flips.yaml); absent: all. */
  flips?: LawfulFlip[];
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

/** The advice for loaded content, with the planner bound so flow steps may ask about the plan. */
export function adviceOf(content: {
  flow: Flow;
  rules: Rule[];
  strategies: Strategy[];
  flips?: LawfulFlip[];
}): Advice {
  const advice: Advice = {
    flow: content.flow,
    rules: content.rules,
    strategies: new Map(content.strategies.map((strategy) => [strategy.id, strategy])),
    ...(content.flips ? { flips: content.flips } : {}),
  };
  bindPlanner(content.flow, plannerFor(advice), slotsReadByTheDecision(content));
  return advice;
}

/** The slots that decide the plan: read by a rule, a strategy's prerequisite or its next stages. */
export function slotsReadByTheDecision(content: { rules: Rule[]; strategies: Strategy[] }): Set<string> {
  const read = new Set<string>();
  const conditions = [
    ...content.rules.flatMap((rule) => conditionsOf(rule.when)),
    ...content.strategies.flatMap((strategy) => [
      ...conditionsOf(strategy.requires?.when),
      ...strategy.next.flatMap((item) => conditionsOf(item.when)),
    ]),
  ];
  for (const condition of conditions) for (const slot of slotsRead(condition)) read.add(slot);
  return read;
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

/**
 * The stages after the first: follow each stage's `next` (strategies.yaml), taking the first item
 * whose condition holds, until none does. A strategy appears once.
 */
export function followingStages(advice: Advice, profile: Profile, primary: StrategyId): Stage[] {
  const stages: Stage[] = [];
  const seen = new Set<StrategyId>([primary]);
  for (let current = primary; ; ) {
    const next = (advice.strategies.get(current)?.next ?? []).find(
      (item) => !seen.has(item.strategy) && whenHolds(item.when, profile),
    );
    if (!next) return stages;
    stages.push({ strategy: next.strategy, why: next.why.trim(), cites: next.cites });
    seen.add(next.strategy);
    current = next.strategy;
  }
}

/** The strategy ids of the plan for a profile, as the flow's `leading` and `plan` conditions see it. */
function plannerFor(advice: Advice): (profile: Profile) => readonly string[] {
  const memo = new Map<string, readonly string[]>();
  return (profile) => {
    const key = profileKey(advice.flow, profile);
    const known = memo.get(key);
    if (known) return known;
    const primary = score(advice, profile).ranking[0] ?? 'prompting';
    const plan = [primary, ...followingStages(advice, profile, primary).map((stage) => stage.strategy)];
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, plan);
    return plan;
  };
}

/**
 * Primaries already worked out, per set of advice: "what would change this" asks about a dozen
 * neighbouring answer sets for every recommendation, and users keep landing on the same ones.
 * The result depends only on the answer values, so a bounded memo is exact.
 */
const primaries = new WeakMap<Advice, Map<string, StrategyId>>();
const MEMO_LIMIT = 10_000;

/** The primary strategy for a set of answers, filling unanswered relevant slots with their defaults. */
function primaryFor(advice: Advice, answers: Record<string, Answer>): StrategyId {
  const values: Profile = {};
  for (const [slot, answer] of Object.entries(answers)) values[slot] = answer.value;
  const key = profileKey(advice.flow, values);
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
  const ranking = score(advice, defaulted(advice.flow, answers).profile).ranking;
  return ranking[0] ?? 'prompting';
}

/** The answers with every question still relevant answered by its default ("skip"). */
export function withDefaults(flow: Flow, answers: Record<string, Answer>): Record<string, Answer> {
  return defaulted(flow, answers).answers;
}

/** withDefaults, with the profile it ends on (each profile is worked out once: flips ask often). */
function defaulted(
  flow: Flow,
  answers: Record<string, Answer>,
): { answers: Record<string, Answer>; profile: Profile } {
  let filled = applyInferences(flow, answers);
  for (;;) {
    const profile = profileOf(flow, filled);
    const step = nextStep(flow, filled, profile);
    if (!step) return { answers: filled, profile };
    const question = questionFor(flow, step, profile);
    if (!question.skip) return { answers: filled, profile };
    filled = { ...filled, ...answersForValue(flow, step.slot, question.skip.value, 'default', '') };
    filled = applyInferences(flow, filled);
  }
}

/** Answers for a slot from a flow value ("300", "2000000 tokens", "high"); number slots set their unit too. */
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
    const unit = unitSlotOf(flow, slot);
    return {
      [slot]: { value: size.size, source, quote },
      ...(unit ? { [unit]: { value: size.unit, source, quote } } : {}),
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

/** Unit slots are not quoted on their own: the amount they go with is. */
function unitSlotsOf(flow: Flow): Set<string> {
  return unitSlotSet(flow);
}

/** "(you said “…”; assumed: …)" for the answers a rule's condition looked at. */
function evidence(flow: Flow, rule: Rule, answers: Record<string, Answer>, profile: Profile): string {
  const condition = conditionsOf(rule.when).find((candidate) => holds(candidate, profile));
  const units = unitSlotsOf(flow);
  const slots = Object.entries(condition ?? {})
    .flatMap(([slot, allowed]) => dataSlotsBehind(slot, allowed, profile))
    .filter((slot) => !units.has(slot));
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

/**
 * The answered slots a condition key stands for. `has: [demonstrations]` quotes the answer that
 * gave the demonstrations, not the documents beside them ("you said “4k findings”", never
 * "“200M tokens”"); `amount` quotes the kind it counts and its size; `lacks` every kind held.
 */
function dataSlotsBehind(key: string, allowed: Condition[string], profile: Profile): string[] {
  // "No other data" is not worth quoting back.
  const held = (slot: string) => profile[slot] !== undefined && profile[slot] !== 'none';
  const ofKinds = (kinds: readonly string[] | null) =>
    DATA_SLOTS.filter(
      (slots) => held(slots.kind) && (kinds === null || kinds.includes(String(profile[slots.kind]))),
    );
  if (key === 'has' || key === 'hasAny')
    return ofKinds(Array.isArray(allowed) ? allowed : null).map((slots) => slots.kind);
  if (key === 'lacks') return ofKinds(null).map((slots) => slots.kind);
  if (key === 'amount') {
    const kinds = !Array.isArray(allowed) && 'kind' in allowed ? allowed.kind : null;
    return ofKinds(kinds).flatMap((slots) => [slots.kind, ...(held(slots.size) ? [slots.size] : [])]);
  }
  return [key];
}

export function reasonText(
  flow: Flow,
  rule: Rule,
  answers: Record<string, Answer>,
  profile: Profile,
): string {
  const because = rule.because.charAt(0).toUpperCase() + rule.because.slice(1);
  return `${because}${evidence(flow, rule, answers, profile)}: ${rule.finding}`;
}

/** The decision rule licensing a change of one answer from one first stage to another, if any. */
export function lawfulFlip(
  flow: Flow,
  table: LawfulFlip[],
  change: { slot: string; from: string | number; to: string | number; before: StrategyId; after: StrategyId },
): LawfulFlip | undefined {
  const numeric = flow.slots[change.slot]?.type === 'number';
  return table.find((entry) => {
    if (entry.slot !== change.slot) return false;
    if (!entry.from.includes(change.before) || !entry.to.includes(change.after)) return false;
    if (numeric) {
      if (!entry.direction) return true;
      return entry.direction === (Number(change.to) > Number(change.from) ? 'up' : 'down');
    }
    return (
      !entry.values ||
      (entry.values.from.includes(String(change.from)) && entry.values.to.includes(String(change.to)))
    );
  });
}

/**
 * Every single-answer change that moves the first stage, lawful or not. "What would change this"
 * shows only those knowledge/flips.yaml licenses; the test of the table walks these.
 */
export function candidateFlips(
  advice: Advice,
  answers: Record<string, Answer>,
  profile: Profile,
  primary: StrategyId,
): Flip[] {
  const { flow } = advice;
  const flips: Flip[] = [];
  const units = unitSlotsOf(flow);
  for (const step of flow.steps) {
    const current = profile[step.slot];
    if (current === undefined || units.has(step.slot)) continue;
    const definition = flow.slots[step.slot];
    const question = questionFor(flow, step, profile);
    const alternatives =
      definition?.type === 'enum'
        ? question.choices.map((choice) => choice.value).filter((value) => value !== current)
        : question.choices
            .map((choice) => choice.value)
            .filter((value) => parseSizeValue(value)?.size !== current);
    for (const value of alternatives) {
      const changed = { ...answers, ...answersForValue(flow, step.slot, value, 'user', '') };
      for (const [slot, answer] of Object.entries(changed)) {
        // Answers that only made sense under the old value are asked again, so assume their defaults.
        if (slot !== step.slot && !units.has(slot) && answer.source !== 'user') delete changed[slot];
      }
      const flipped = primaryFor(advice, changed);
      if (flipped === primary) continue;
      const newProfile = profileOf(flow, changed);
      const to = newProfile[step.slot] ?? value;
      flips.push({
        slot: step.slot,
        from: current,
        to,
        primary: flipped,
        text: `If ${hypothesis(flow, step.slot, describeValue(flow, step.slot, to, newProfile))} instead of ${describeValue(flow, step.slot, current, profile)}, ${advice.strategies.get(flipped)?.short ?? flipped} would come first.`,
      });
    }
  }
  // Later questions are the finer levers (how much data, how strict the style); changing the goal
  // changes everything and is the least informative, so it comes last.
  const order = flow.steps.map((step) => step.slot);
  return flips.sort((a, b) => order.indexOf(b.slot) - order.indexOf(a.slot));
}

function flipsFor(
  advice: Advice,
  answers: Record<string, Answer>,
  profile: Profile,
  primary: StrategyId,
): Flip[] {
  const candidates = candidateFlips(advice, answers, profile, primary);
  const table = advice.flips;
  if (!table) return candidates;
  return candidates.flatMap((flip) => {
    const entry = lawfulFlip(advice.flow, table, { ...flip, before: primary, after: flip.primary });
    return entry ? [{ ...flip, rule: entry.rule }] : [];
  });
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

/** The plan of a recommendation, also for one saved before plans existed. */
export function stagesOf(recommendation: Recommendation): Stage[] {
  if (recommendation.stages && recommendation.stages.length > 0) return recommendation.stages;
  return [recommendation.primary, ...recommendation.complementary].map((strategy) => ({
    strategy,
    why: '',
    cites: [],
  }));
}

/** The profile as the public contract shows it: "no other data" is the slot left out. */
function publicProfile(flow: Flow, profile: Profile): Profile {
  return Object.fromEntries(
    Object.entries(profile).filter(([slot, value]) => !isAbsentValue(flow, slot, value)),
  );
}

/** The full recommendation for a completed (or defaulted) set of answers. */
export function recommend(
  advice: Advice,
  answers: Record<string, Answer>,
  /** `flips: false` skips "what would change this" (a dozen re-scorings) where it is not shown. */
  options: { flips?: boolean } = {},
): Recommendation {
  const { flow } = advice;
  const profile = profileOf(flow, answers);
  const scoring = score(advice, profile);
  const [primary = 'prompting', runnerUp] = scoring.ranking;

  const reasons: Reason[] = [];
  for (const rule of scoring.fired) {
    for (const [strategy, weight] of Object.entries(rule.effects) as [StrategyId, number][]) {
      reasons.push({
        ruleId: rule.id,
        strategy,
        weight,
        text: reasonText(flow, rule, answers, profile),
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

  const later = followingStages(advice, profile, primary);
  const complementary = later.map((stage) => stage.strategy);
  const [first] = strongestReasons(reasons, primary, 1);
  const start = advice.strategies.get(primary)?.start.find((item) => whenHolds(item.when, profile));
  const stages: Stage[] = [
    {
      strategy: primary,
      why: first?.text ?? '',
      cites: first?.cites ?? [],
      ...(start ? { start: { text: start.text.trim(), cites: start.cites } } : {}),
    },
    ...later,
  ];

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

  const units = unitSlotsOf(flow);
  const assumptions = Object.entries(answers)
    .filter(([slot, answer]) => answer.source !== 'user' && slot in profile && !units.has(slot))
    .map(([, answer]) => answer.quote);

  const margin = runnerUp ? scoring.scores[primary] - scoring.scores[runnerUp] : Number.POSITIVE_INFINITY;
  const defaults = Object.entries(answers).filter(
    ([slot, a]) => a.source === 'default' && slot in profile,
  ).length;
  const confidence = margin <= 0 || defaults >= 2 ? 'low' : margin < 3 || defaults === 1 ? 'medium' : 'high';

  const displayed = displayedReasons(reasons, primary, complementary);
  const citations = unique([
    ...[...displayed.forPrimary, ...displayed.forComplement.values()].flatMap((reason) => reason.cites),
    ...stages.flatMap((stage) => [...stage.cites, ...(stage.start?.cites ?? [])]),
    ...guidance.flatMap((item) => item.cites),
    ...caveats.flatMap((item) => item.cites),
  ]);

  return {
    primary,
    stages,
    complementary,
    ranking: scoring.ranking.map((strategy) => ({ strategy, score: scoring.scores[strategy] })),
    profile: publicProfile(flow, profile),
    confidence,
    reasons,
    guidance,
    caveats,
    flips: options.flips === false ? [] : flipsFor(advice, answers, profile, primary),
    assumptions,
    citations,
  };
}

export { primaryFor };
