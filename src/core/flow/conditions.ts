import type { When } from '../../content/advice-schema.js';
import type { Condition } from '../../content/flow-schema.js';
import type { Profile } from '../types.js';

/** True when every slot named in the condition holds one of its allowed values. */
export function holds(condition: Condition, profile: Profile): boolean {
  for (const [slot, allowed] of Object.entries(condition)) {
    const value = profile[slot];
    if (value === undefined) return false;
    if (Array.isArray(allowed)) {
      if (!allowed.includes(String(value))) return false;
    } else {
      if (typeof value !== 'number') return false;
      if (allowed.min !== undefined && value < allowed.min) return false;
      if (allowed.max !== undefined && value > allowed.max) return false;
    }
  }
  return true;
}

/** A `When` is one condition or a list of alternatives; absent means always. */
export function whenHolds(when: When | undefined, profile: Profile): boolean {
  if (when === undefined) return true;
  return Array.isArray(when) ? when.some((condition) => holds(condition, profile)) : holds(when, profile);
}

export function conditionsOf(when: When | undefined): Condition[] {
  if (when === undefined) return [];
  return Array.isArray(when) ? when : [when];
}
