import type { Flow, FlowStep, SlotDefinition } from '../../content/flow-schema.js';
import type { Answer, Choice, Profile } from '../types.js';
import { type ConditionContext, holds, slotsRead, whenHolds } from './conditions.js';
import { parseSizeValue } from './size.js';

/**
 * The flow interpreter. A flow is an ordered list of questions, each relevant under a condition;
 * the next question is the first relevant one whose slot is unanswered. Everything here is pure.
 *
 * A step may depend on the plan (`leading`, `plan`): "have you tried prompting?" matters only when
 * the advice would start with prompting. The plan comes from the recommender, which is bound to
 * the flow once at load time (bindPlanner); the engine asks it about the answers given *before*
 * the step, with the defaults of questions not yet answered, so a step never depends on itself.
 */

export interface Question {
  step: FlowStep;
  text: string;
  choices: Choice[];
  skip: { value: string; assumption: string } | undefined;
}

/** The ordered stages (strategy ids) recommended for a profile. Must not walk the flow's plan steps. */
export type Planner = (profile: Profile) => readonly string[];

const planners = new WeakMap<Flow, Planner>();
/** The slots the planner reads: a decisive step weighs the later ones at each of their values. */
const plannerReads = new WeakMap<Flow, ReadonlySet<string>>();

/** Makes `leading` and `plan` conditions answerable for this flow (done by the content loader). */
export function bindPlanner(flow: Flow, planner: Planner, reads: ReadonlySet<string> = new Set()): void {
  planners.set(flow, planner);
  plannerReads.set(flow, reads);
}

function plannerOf(flow: Flow): Planner {
  const planner = planners.get(flow);
  if (!planner)
    throw new Error(
      `flow '${flow.id}': a step depends on the plan but no recommender is bound to the flow (bindPlanner)`,
    );
  return planner;
}

/** The derived slot that records what a number slot counted ("tokens"), if it has one. */
export function unitSlotOf(flow: Flow, slot: string): string | undefined {
  const definition = flow.slots[slot];
  return definition?.type === 'number' ? definition.unit : undefined;
}

/** What the engine derives from a flow's shape, computed once per flow: profiles are built often. */
interface Shape {
  units: Set<string>;
  /** Derived slots other than units: known before any question is weighed. */
  derived: string[];
  /** Per step index: the slots (and their units) of the steps before it. */
  earlier: Set<string>[];
  /** Every slot, in declaration order: a stable order for memo keys. */
  order: string[];
}

const shapes = new WeakMap<Flow, Shape>();

function shapeOf(flow: Flow): Shape {
  const known = shapes.get(flow);
  if (known) return known;
  const units = new Set(
    Object.values(flow.slots).flatMap((definition) =>
      definition.type === 'number' && definition.unit ? [definition.unit] : [],
    ),
  );
  const derived = Object.entries(flow.slots)
    .filter(([slot, definition]) => definition.type === 'enum' && definition.derived && !units.has(slot))
    .map(([slot]) => slot);
  const earlier: Set<string>[] = [];
  const seen = new Set<string>();
  for (const step of flow.steps) {
    earlier.push(new Set(seen));
    seen.add(step.slot);
    const unit = unitSlotOf(flow, step.slot);
    if (unit) seen.add(unit);
  }
  earlier.push(new Set(seen));
  const shape = { units, derived, earlier, order: Object.keys(flow.slots) };
  shapes.set(flow, shape);
  return shape;
}

/** The derived slots that record what a number counted. */
export function unitSlotSet(flow: Flow): Set<string> {
  return shapeOf(flow).units;
}

/** A memo key for a profile: its values in the flow's slot order. */
export function profileKey(flow: Flow, profile: Profile): string {
  let key = '';
  for (const slot of shapeOf(flow).order) {
    const value = profile[slot];
    if (value !== undefined) key += `${slot}=${value}&`;
  }
  return key;
}

/** The context for a step's condition: the plan for the answers before it. */
function contextAt(flow: Flow, index: number, profile: () => Profile): ConditionContext {
  let stages: readonly string[] | undefined;
  return {
    stages: () => {
      stages ??= planBefore(flow, index, profile());
      return stages;
    },
  };
}

// Keyed by the planner, not the flow: binding other advice to the same flow starts afresh.
const plansBefore = new WeakMap<Planner, Map<string, readonly string[]>>();

/** The plan for the answers before step `index`, defaults filled in; memoised per set of answers. */
function planBefore(flow: Flow, index: number, profile: Profile): readonly string[] {
  const planner = plannerOf(flow);
  let memo = plansBefore.get(planner);
  if (!memo) {
    memo = new Map();
    plansBefore.set(planner, memo);
  }
  const key = `${index}:${profileKey(flow, profile)}`;
  const known = memo.get(key);
  if (known) return known;
  const plan = planner(defaultsBefore(flow, profile, index));
  if (memo.size >= 10_000) memo.clear();
  memo.set(key, plan);
  return plan;
}

/** Whether the step at `index` applies given a profile (only earlier slots are consulted). */
function relevantAt(flow: Flow, index: number, profile: Profile): boolean {
  const step = flow.steps[index];
  if (!step) return false;
  const before = () => prefix(flow, profile, index);
  if (step.when && !whenHolds(step.when, profile, contextAt(flow, index, before))) return false;
  return !step.decisive || decisive(flow, index, before());
}

/**
 * A `decisive` step is asked only when its answer can change the plan: two of its choices give
 * different stages for the answers before it. Later questions are left unanswered in that check,
 * so only a step whose later questions do not change the plan may be decisive (validated at load).
 */
const decisions = new WeakMap<Planner, Map<string, boolean>>();

function decisive(flow: Flow, index: number, profile: Profile): boolean {
  const step = flow.steps[index];
  if (!step) return false;
  // The answer depends only on the answers before the step: worked out once per set of them.
  const planner = plannerOf(flow);
  let memo = decisions.get(planner);
  if (!memo) {
    memo = new Map();
    decisions.set(planner, memo);
  }
  const key = `${index}:${profileKey(flow, profile)}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const result = decides(flow, index, step, profile);
  if (memo.size >= 10_000) memo.clear();
  memo.set(key, result);
  return result;
}

function decides(flow: Flow, index: number, step: FlowStep, profile: Profile): boolean {
  const base = defaultsBefore(flow, profile, index);
  const planner = plannerOf(flow);
  const choices = questionFor(flow, step, base).choices;
  // "Have you tried prompting?" can matter only once a hosted API has ruled out pretraining: the
  // later questions with buttons that the plan reads are weighed at each of their values.
  return laterValues(flow, index, base).some(
    (later) =>
      new Set(
        choices.map((choice) =>
          planner({ ...base, ...later, ...valuesFor(flow, step.slot, choice.value) }).join('>'),
        ),
      ).size > 1,
  );
}

/** Every combination of values of the later, unanswered enum slots the planner reads ({} among them). */
function laterValues(flow: Flow, index: number, profile: Profile): Profile[] {
  const reads = plannerReads.get(flow) ?? new Set<string>();
  let combinations: Profile[] = [{}];
  for (const later of flow.steps.slice(index + 1)) {
    const definition = flow.slots[later.slot];
    if (!reads.has(later.slot) || definition?.type !== 'enum' || profile[later.slot] !== undefined) continue;
    // Each value, or none: the question may never be asked.
    const values: (string | undefined)[] = [undefined, ...Object.keys(definition.values)];
    combinations = combinations.flatMap((combination) =>
      values.map((value) => (value === undefined ? combination : { ...combination, [later.slot]: value })),
    );
  }
  return combinations;
}

/** The part of a profile the steps before `index` (and derived slots) account for. */
function prefix(flow: Flow, profile: Profile, index: number): Profile {
  const shape = shapeOf(flow);
  const earlier = shape.earlier[index] ?? new Set<string>();
  const out: Profile = {};
  for (const [slot, value] of Object.entries(profile)) {
    if (earlier.has(slot) || shape.derived.includes(slot)) out[slot] = value;
  }
  return out;
}

/** A profile of the steps before `index`, with the default of each relevant one left unanswered. */
function defaultsBefore(flow: Flow, profile: Profile, index: number): Profile {
  const filled: Profile = { ...profile };
  for (let earlier = 0; earlier < index; earlier++) {
    const step = flow.steps[earlier];
    if (!step || filled[step.slot] !== undefined || !relevantAt(flow, earlier, filled)) continue;
    const skip = questionFor(flow, step, filled).skip;
    if (!skip) continue;
    Object.assign(filled, valuesFor(flow, step.slot, skip.value));
  }
  return filled;
}

/** The profile values a flow value sets: "2000000 tokens" sets the amount and its unit. */
export function valuesFor(flow: Flow, slot: string, value: string): Profile {
  if (flow.slots[slot]?.type !== 'number') return { [slot]: value };
  const size = parseSizeValue(value);
  if (!size) return {};
  const unit = unitSlotOf(flow, slot);
  return unit ? { [slot]: size.size, [unit]: size.unit } : { [slot]: size.size };
}

/** The answers that count: those whose step is relevant given the other answers, plus derived slots. */
export function profileOf(flow: Flow, answers: Record<string, Answer>): Profile {
  const all: Profile = {};
  for (const [slot, answer] of Object.entries(answers)) all[slot] = answer.value;
  const profile: Profile = {};
  // Derived slots (a skill named in passing) are known before any question is weighed.
  for (const slot of shapeOf(flow).derived) {
    if (all[slot] !== undefined) profile[slot] = all[slot];
  }
  // Steps are ordered and conditions only look backwards, so one pass settles relevance.
  flow.steps.forEach((step, index) => {
    const value = all[step.slot];
    if (value === undefined) return;
    // A decisive step's answer that cannot change the plan still counts when the user gave it:
    // every value gives the same stages, so it changes only the reasons ("prompting fell short").
    if (step.when) {
      const before = { ...profile };
      if (
        !whenHolds(
          step.when,
          profile,
          contextAt(flow, index, () => before),
        )
      )
        return;
    }
    profile[step.slot] = value;
    const unit = unitSlotOf(flow, step.slot);
    if (unit && all[unit] !== undefined) profile[unit] = all[unit];
  });
  return profile;
}

export function isRelevant(flow: Flow, step: FlowStep, profile: Profile): boolean {
  return relevantAt(flow, flow.steps.indexOf(step), profile);
}

/** The next question to ask, or undefined when everything that matters is answered. */
export function nextStep(
  flow: Flow,
  answers: Record<string, Answer>,
  /** The answers' profile, when the caller has it already (profileOf(flow, answers)). */
  known?: Profile,
): FlowStep | undefined {
  const profile = known ?? profileOf(flow, answers);
  const index = flow.steps.findIndex(
    (step, at) => answers[step.slot] === undefined && relevantAt(flow, at, profile),
  );
  return index === -1 ? undefined : flow.steps[index];
}

export function stepForSlot(flow: Flow, slot: string): FlowStep | undefined {
  return flow.steps.find((step) => step.slot === slot);
}

/** Fills answers implied by others (datasets for many tasks -> many tasks), never over the user's. */
export function applyInferences(flow: Flow, answers: Record<string, Answer>): Record<string, Answer> {
  const next = { ...answers };
  for (const [slot, answer] of Object.entries(next)) {
    if (answer.source === 'inferred') delete next[slot];
  }
  // An inference can only hold when the slots it reads are answered; most turns none is.
  const possible = flow.inferences.filter((inference) =>
    slotsRead(inference.when).every((slot) => next[slot] !== undefined),
  );
  if (possible.length === 0) return next;
  const profile = profileOf(flow, next);
  for (const inference of possible) {
    if (!holds(inference.when, profile)) continue;
    for (const [slot, value] of Object.entries(inference.set)) {
      if (next[slot] === undefined) next[slot] = { value, source: 'inferred', quote: inference.note };
    }
  }
  return next;
}

export function enumLabel(definition: SlotDefinition | undefined, value: string): string {
  if (definition?.type !== 'enum') return value;
  return definition.values[value]?.label ?? value;
}

/** Values that stand for "not this" (extraDataKind none) and are left out of the public profile. */
export function isAbsentValue(flow: Flow, slot: string, value: unknown): boolean {
  const definition = flow.slots[slot];
  return definition?.type === 'enum' && definition.values[String(value)]?.absent === true;
}

/** The question's wording and buttons for this user's situation. */
export function questionFor(flow: Flow, step: FlowStep, profile: Profile): Question {
  const definition = flow.slots[step.slot];
  if (step.variants) {
    const variant =
      step.variants.find((candidate) => !candidate.when || holds(candidate.when, profile)) ??
      step.variants[step.variants.length - 1];
    if (!variant) throw new Error(`flow step '${step.id}' has no variants`);
    return {
      step,
      text: variant.question,
      choices: variant.choices.map((choice) => ({ label: choice.label, value: choice.value })),
      skip: variant.skip ?? step.skip,
    };
  }
  const taken = step.distinctFrom ? profile[step.distinctFrom] : undefined;
  return {
    step,
    text: step.question ?? '',
    choices: (step.choices ?? [])
      .filter((value) => taken === undefined || value !== String(taken))
      .map((value) => ({ label: enumLabel(definition, value), value })),
    skip: step.skip,
  };
}
