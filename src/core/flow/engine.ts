import type { Flow, FlowStep, SlotDefinition } from '../../content/flow-schema.js';
import type { Answer, Choice, Profile } from '../types.js';
import { holds } from './conditions.js';

/**
 * The flow interpreter. A flow is an ordered list of questions, each relevant under a condition;
 * the next question is the first relevant one whose slot is unanswered. Everything here is pure.
 */

export interface Question {
  step: FlowStep;
  text: string;
  choices: Choice[];
  skip: { value: string; assumption: string } | undefined;
}

/** The answers that count: those whose step is relevant given the other answers, plus derived slots. */
export function profileOf(flow: Flow, answers: Record<string, Answer>): Profile {
  const all: Profile = {};
  for (const [slot, answer] of Object.entries(answers)) all[slot] = answer.value;
  const profile: Profile = {};
  // Steps are ordered and conditions only look backwards, so one pass settles relevance.
  for (const step of flow.steps) {
    const value = all[step.slot];
    if (value === undefined) continue;
    if (step.when && !holds(step.when, profile)) continue;
    profile[step.slot] = value;
  }
  for (const [slot, definition] of Object.entries(flow.slots)) {
    if (definition.type === 'enum' && definition.derived && all[slot] !== undefined)
      profile[slot] = all[slot];
  }
  if (profile.dataSize === undefined) delete profile.dataUnit;
  return profile;
}

export function isRelevant(step: FlowStep, profile: Profile): boolean {
  return !step.when || holds(step.when, profile);
}

/** The next question to ask, or undefined when everything that matters is answered. */
export function nextStep(flow: Flow, answers: Record<string, Answer>): FlowStep | undefined {
  const profile = profileOf(flow, answers);
  return flow.steps.find((step) => answers[step.slot] === undefined && isRelevant(step, profile));
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
  const profile = profileOf(flow, next);
  for (const inference of flow.inferences) {
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
  return {
    step,
    text: step.question ?? '',
    choices: (step.choices ?? []).map((value) => ({ label: enumLabel(definition, value), value })),
    skip: step.skip,
  };
}
