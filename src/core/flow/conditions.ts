import type { Condition, When } from '../../content/flow-schema.js';
import type { Profile } from '../types.js';

/**
 * The plan a condition on `leading` or `plan` looks at: the stages recommended for the answers
 * before the step being decided. Only the flow engine supplies it (rules must not depend on the
 * plan they shape); it is computed lazily, since most conditions never ask.
 */
export interface ConditionContext {
  stages: () => readonly string[];
}

/** The two data slots with their amounts: a user may hold two kinds of data (contract v2). */
export const DATA_SLOTS = [
  { kind: 'dataKind', size: 'dataSize', unit: 'dataUnit' },
  { kind: 'extraDataKind', size: 'extraDataSize', unit: 'extraDataUnit' },
] as const;

interface Held {
  kind: string;
  size: number | undefined;
  unit: string | undefined;
}

/** The kinds of data the user holds, whichever question each was given in ('none' is no data). */
export function heldData(profile: Profile): Held[] {
  const held: Held[] = [];
  for (const slots of DATA_SLOTS) {
    const kind = profile[slots.kind];
    if (kind === undefined || kind === 'none') continue;
    const size = profile[slots.size];
    const unit = profile[slots.unit];
    held.push({
      kind: String(kind),
      size: typeof size === 'number' ? size : undefined,
      unit: unit === undefined ? undefined : String(unit),
    });
  }
  return held;
}

type Allowed = Condition[string];

function inRange(value: number | undefined, range: { min?: number; max?: number }): boolean {
  if (value === undefined) return false;
  if (range.min !== undefined && value < range.min) return false;
  if (range.max !== undefined && value > range.max) return false;
  return true;
}

function list(allowed: Allowed): string[] {
  return Array.isArray(allowed) ? allowed : [];
}

/** One reserved key (`has`, `hasAny`, `lacks`, `amount`, `leading`, `plan`, `except`); undefined if not reserved. */
function reserved(
  key: string,
  allowed: Allowed,
  profile: Profile,
  context?: ConditionContext,
): boolean | undefined {
  switch (key) {
    case 'has':
    case 'hasAny':
    case 'lacks': {
      // Until the data is known, no statement about it holds.
      if (profile.dataKind === undefined) return false;
      const kinds = new Set(heldData(profile).map((held) => held.kind));
      const wanted = list(allowed);
      if (key === 'has') return wanted.every((kind) => kinds.has(kind));
      if (key === 'hasAny') return wanted.some((kind) => kinds.has(kind));
      return !wanted.some((kind) => kinds.has(kind));
    }
    case 'amount': {
      if (Array.isArray(allowed) || !('kind' in allowed)) return false;
      const amount = allowed;
      return heldData(profile).some(
        (held) =>
          amount.kind.includes(held.kind) &&
          (amount.unit === undefined || (held.unit !== undefined && amount.unit.includes(held.unit))) &&
          inRange(held.size, amount),
      );
    }
    case 'leading':
    case 'plan': {
      if (!context) throw new Error(`a condition on '${key}' needs the plan; only flow steps may use it`);
      const stages = context.stages();
      if (key === 'leading') return stages[0] !== undefined && list(allowed).includes(stages[0]);
      return stages.some((stage) => list(allowed).includes(stage));
    }
    case 'except':
      // "LoRA caveats, except for a hosted API": unanswered slots do not block.
      return !list(allowed).some((pair) => {
        const [slot, value] = pair.split('=');
        return slot !== undefined && profile[slot] !== undefined && String(profile[slot]) === value;
      });
    default:
      return undefined;
  }
}

/** True when every slot named in the condition holds one of its allowed values. */
export function holds(condition: Condition, profile: Profile, context?: ConditionContext): boolean {
  for (const [slot, allowed] of Object.entries(condition)) {
    const special = reserved(slot, allowed, profile, context);
    if (special !== undefined) {
      if (!special) return false;
      continue;
    }
    const value = profile[slot];
    if (value === undefined) return false;
    if (Array.isArray(allowed)) {
      if (!allowed.includes(String(value))) return false;
    } else {
      if (typeof value !== 'number' || 'kind' in allowed) return false;
      if (!inRange(value, allowed)) return false;
    }
  }
  return true;
}

/** A `When` is one condition or a list of alternatives; absent means always. */
export function whenHolds(when: When | undefined, profile: Profile, context?: ConditionContext): boolean {
  if (when === undefined) return true;
  return Array.isArray(when)
    ? when.some((condition) => holds(condition, profile, context))
    : holds(when, profile, context);
}

export function conditionsOf(when: When | undefined): Condition[] {
  if (when === undefined) return [];
  return Array.isArray(when) ? when : [when];
}

/** The slots a condition reads, reserved keys resolved to the slots behind them. */
export function slotsRead(condition: Condition): string[] {
  return Object.keys(condition).flatMap((key) => {
    if (key === 'has' || key === 'hasAny' || key === 'lacks') return DATA_SLOTS.map((slots) => slots.kind);
    if (key === 'amount') return DATA_SLOTS.flatMap((slots) => [slots.kind, slots.size]);
    if (key === 'leading' || key === 'plan') return [];
    if (key === 'except') {
      const pairs = condition[key];
      return Array.isArray(pairs) ? pairs.map((pair) => pair.split('=')[0] ?? '') : [];
    }
    return [key];
  });
}
