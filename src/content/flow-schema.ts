import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9-]*$/, 'use letters, digits and hyphens, starting with a letter');

/**
 * A condition: every named slot must hold one of the listed values (numbers compare with
 * min/max). All entries must hold. Slots that are not answered yet never satisfy a condition.
 */
export const Condition = z.record(
  id,
  z.union([
    z.array(z.string()).min(1),
    z
      .strictObject({ min: z.number().optional(), max: z.number().optional() })
      .refine((range) => range.min !== undefined || range.max !== undefined, 'give min, max or both'),
  ]),
);
export type Condition = z.infer<typeof Condition>;

const EnumValue = z.strictObject({
  /** Button text: at most 75 characters (Slack's limit). */
  label: z.string().min(1).max(75),
  /** Used inside sentences: "you said the goal is <short>". */
  short: z.string().min(1),
});

const Slot = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('enum'),
    label: z.string(),
    /** How "what would change this" words another answer: "the facts changed {value}". */
    hypothesis: z.string().includes('{value}').optional(),
    /** Set by the engine from another answer, never asked. */
    derived: z.boolean().default(false),
    values: z.record(id, EnumValue),
  }),
  z.strictObject({
    type: z.literal('number'),
    label: z.string(),
    hypothesis: z.string().includes('{value}').optional(),
    /** The enum slot whose kind this amount counts ("dataSize" counts the "dataKind"). */
    counts: z.string().optional(),
    /** The derived slot that records what was counted (items or tokens). */
    unit: z.string().optional(),
  }),
]);
export type SlotDefinition = z.infer<typeof Slot>;

const NumberChoice = z.strictObject({ label: z.string().min(1).max(75), value: z.string() });

const Skip = z.strictObject({ value: z.string(), assumption: z.string().min(10) });

const Variant = z.strictObject({
  when: Condition.optional(),
  question: z.string().min(5),
  choices: z.array(NumberChoice).default([]),
  skip: Skip.optional(),
});

const Step = z.strictObject({
  id,
  slot: id,
  when: Condition.optional(),
  question: z.string().min(5).optional(),
  /** Enum steps list value ids; the labels come from the slot. */
  choices: z.array(z.string()).optional(),
  /** Number steps word the question by context: the first variant whose `when` holds is used. */
  variants: z.array(Variant).optional(),
  help: z.string().min(10),
  /** The question put differently, with examples, for a user whose reply was not understood. */
  rephrase: z.string().min(10).optional(),
  skip: Skip.optional(),
});
export type FlowStep = z.infer<typeof Step>;

const Inference = z.strictObject({
  when: Condition,
  set: z.record(id, z.string()),
  note: z.string().min(5),
});

export const Flow = z.strictObject({
  id,
  version: z.number().int().positive(),
  slots: z.record(id, Slot),
  inferences: z.array(Inference).default([]),
  steps: z.array(Step).min(1),
});
export type Flow = z.infer<typeof Flow>;
