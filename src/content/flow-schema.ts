import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9-]*$/, 'use letters, digits and hyphens, starting with a letter');

const Range = z
  .strictObject({ min: z.number().optional(), max: z.number().optional() })
  .refine((range) => range.min !== undefined || range.max !== undefined, 'give min, max or both');

/** `amount`: some kind of data held, in a unit, within a range ("a corpus of at least 1B tokens"). */
const Amount = z.strictObject({
  kind: z.array(z.string()).min(1),
  unit: z.array(z.string()).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

/**
 * Condition keys that are not slots. The data keys look at both kinds of data the user holds
 * (dataKind and extraDataKind, compared as a set); the plan keys look at the plan computed from
 * the answers given before the step (flow steps only: a rule that depended on the plan would
 * depend on itself). See src/core/flow/conditions.ts.
 */
export const DATA_KEYS = ['has', 'hasAny', 'lacks', 'amount'] as const;
export const PLAN_KEYS = ['leading', 'plan'] as const;
/** `except: [platform=hosted-api]`: holds unless one of these slot=value pairs is answered. */
export const EXCEPT_KEY = 'except';
export const RESERVED_KEYS: readonly string[] = [...DATA_KEYS, ...PLAN_KEYS, EXCEPT_KEY];

/**
 * A condition: every named slot must hold one of the listed values (numbers compare with
 * min/max). All entries must hold. Slots that are not answered yet never satisfy a condition.
 * Reserved keys: `has` (every listed kind of data is held), `hasAny` (some listed kind is held),
 * `lacks` (no listed kind is held), `amount` (some held kind matches kind, unit and range),
 * `leading` (the plan's first stage is one of these strategies), `plan` (some stage is),
 * `except` (none of the listed `slot=value` pairs is answered: unanswered slots do not block).
 */
export const Condition = z.record(id, z.union([z.array(z.string()).min(1), Range, Amount]));
export type Condition = z.infer<typeof Condition>;

/** One condition, or a list of conditions of which any may hold. */
export const When = z.union([Condition, z.array(Condition).min(1)]);
export type When = z.infer<typeof When>;

const EnumValue = z.strictObject({
  /** Button text: at most 75 characters (Slack's limit). */
  label: z.string().min(1).max(75),
  /** Used inside sentences: "you said the goal is <short>". */
  short: z.string().min(1),
  /** The button that says "not this": the public profile leaves the slot out (extraDataKind none). */
  absent: z.boolean().default(false),
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
    counts: id.optional(),
    /** The derived enum slot set with this amount from what was counted ("8 billion tokens" -> tokens). */
    unit: id.optional(),
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
  when: When.optional(),
  question: z.string().min(5).optional(),
  /** Enum steps list value ids; the labels come from the slot. */
  choices: z.array(z.string()).optional(),
  /** Enum steps: the button for the value this other slot holds is left out ("another kind of data"). */
  distinctFrom: id.optional(),
  /** Number steps word the question by context: the first variant whose `when` holds is used. */
  variants: z.array(Variant).optional(),
  help: z.string().min(10),
  /** The question put differently, with examples, for a user whose reply was not understood. */
  rephrase: z.string().min(10).optional(),
  skip: Skip.optional(),
  /** Asked only when its answer can change the plan (two choices give different stages). */
  decisive: z.boolean().default(false),
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
