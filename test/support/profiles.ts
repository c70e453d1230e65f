import { reachableProfiles } from '../../src/content/semantics';
import { slotsReadByTheDecision } from '../../src/core/recommend/recommend';
import type { Answer, Profile } from '../../src/core/types';
import { realContent } from './advisor';

/**
 * The slots no rule, prerequisite or next stage reads: they shape the exported plan (LoRA or
 * full fine-tuning, GPU memory) but never the strategies, so profiles differing only in them
 * decide the same way.
 */
export function slotsOutsideTheDecision(): string[] {
  const content = realContent();
  const { flow } = content;
  const read = slotsReadByTheDecision(content);
  // The plan conditions of later steps read the decision too; only the last questions qualify.
  return flow.steps
    .map((step) => step.slot)
    .filter((slot) => !read.has(slot) && ['platform', 'gpu'].includes(slot));
}

let cached: Profile[] | undefined;

/**
 * Every reachable set of answers, one per decision: those that differ only in slots outside the
 * decision (where they would train, on what GPU) are walked once, since they decide alike.
 */
export function decisionProfiles(): Profile[] {
  if (cached) return cached;
  const outside = new Set(slotsOutsideTheDecision());
  const seen = new Set<string>();
  cached = reachableProfiles(realContent().flow).profiles.filter((profile) => {
    const key = JSON.stringify(Object.entries(profile).filter(([slot]) => !outside.has(slot)));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return cached;
}

export function asAnswers(profile: Profile, source: Answer['source'] = 'user'): Record<string, Answer> {
  return Object.fromEntries(
    Object.entries(profile).map(([slot, value]) => [slot, { value, source, quote: String(value) }]),
  );
}
