import { z } from 'zod';

/** A `*` is a gap of up to three words between two words of a cue ("answer * questions"). */
const phrase = z
  .string()
  .min(1)
  .refine((text) => !/^\s*\*|\*\s*$|\S\*|\*\S/.test(text), {
    message: "a '*' gap stands alone between two words of the phrase",
  });
const phrases = z.array(phrase).min(1);

const Cues = z.strictObject({ strong: phrases, weak: phrases.optional() });

export const CONTROL_INTENTS = [
  'restart',
  'back',
  'skip',
  'help',
  'status',
  'resume',
  'greeting',
  'thanks',
] as const;
export type ControlIntent = (typeof CONTROL_INTENTS)[number];

export const Language = z.strictObject({
  /** slot -> value -> cue phrases found anywhere in a message. */
  slots: z.record(z.string(), z.record(z.string(), Cues)),
  /** slot -> value -> short answers, valid in reply to that slot's question or next to a scope word. */
  answers: z.record(z.string(), z.record(z.string(), phrases)),
  /** slot -> topic words that let its short answers count outside its own question. */
  scopes: z.record(z.string(), phrases),
  controls: z.strictObject(
    Object.fromEntries(CONTROL_INTENTS.map((intent) => [intent, phrases])) as Record<
      ControlIntent,
      typeof phrases
    >,
  ),
  fillers: phrases,
  /**
   * Phrases that dismiss what their clause names ("the tone is fine", "the facts come from the
   * ticket"): cues in such a clause say what the user does not need, so they do not count.
   */
  dismissals: z.array(z.string().min(2)).default([]),
  /**
   * Phrases that describe what the model drifts into ("after a few turns it turns into a generic
   * assistant"): cues after them in their clause describe the failure, not what the user wants.
   */
  drifts: z.array(z.string().min(2)).default([]),
  /**
   * slot -> value -> words (one suffices) without which the classifier may not read that value:
   * "datasets for many tasks" is never meant by a reply that names no task or dataset.
   */
  modelNeeds: z.record(z.string(), z.record(z.string(), phrases)).default({}),
  /**
   * slot -> the names a user calls it by when setting it outright: "change tried to nothing",
   * "style: high", "tasks = many".
   */
  slotNames: z.record(z.string(), phrases).default({}),
});
export type Language = z.infer<typeof Language>;

/**
 * A slot's name as typed, compared without case, articles or punctuation: "the data", "Data" and
 * "our data" are one name. Validation and reading use it alike, so a clash found at load is real.
 */
export function slotNameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\b(the|my|our|your)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
