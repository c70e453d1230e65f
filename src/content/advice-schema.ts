import { z } from 'zod';
import { When } from './flow-schema.js';
import { StrategyId } from './knowledge-schema.js';

export { When };

const cites = z.array(z.string().min(2)).min(1);

export const CitedText = z.strictObject({ when: When.optional(), text: z.string().min(20), cites });
export type CitedText = z.infer<typeof CitedText>;

export const Rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  when: When,
  effects: z.partialRecord(StrategyId, z.number().int().min(-10).max(10)),
  because: z.string().min(5),
  finding: z.string().min(20),
  cites,
});
export type Rule = z.infer<typeof Rule>;

/**
 * A stage that may follow a strategy in a plan: the order and its reason ("DPO starts from the
 * SFT model"). The first item whose `when` holds is appended, and its own `next` is followed.
 */
const NextStage = z.strictObject({
  strategy: StrategyId,
  when: When.optional(),
  /** Why this stage comes after the one before it. */
  why: z.string().min(20),
  cites,
});
export type NextStage = z.infer<typeof NextStage>;

export const Strategy = z.strictObject({
  id: StrategyId,
  name: z.string().min(2),
  short: z.string().min(2),
  aliases: z.array(z.string().min(2)).min(1),
  what: z.string().min(40),
  requires: z.strictObject({ when: When, because: z.string().min(10), cites }).optional(),
  combines: z.array(StrategyId),
  next: z.array(NextStage).default([]),
  /**
   * How to begin this strategy when it leads the plan, the first whose `when` holds ("you already
   * run retrieval: find where it falls short first"); otherwise the plan says "start here".
   */
  start: z.array(CitedText).default([]),
  guidance: z.array(CitedText).min(1),
  caveats: z.array(CitedText).default([]),
  /**
   * "Is 200 examples enough?": verdicts by amount, the first whose `below` the amount is under
   * (the last has none). `{amount}` is the amount asked about.
   */
  enough: z
    .array(
      z.strictObject({
        below: z.number().positive().optional(),
        say: z.string().includes('{amount}'),
        cites,
      }),
    )
    .default([]),
});
export type Strategy = z.infer<typeof Strategy>;

export const Rules = z.array(Rule).min(1);
export const Strategies = z.array(Strategy).min(1);

/**
 * A lawful flip: a change of one answer that may move the first stage from one strategy to
 * another, licensed by a numbered decision rule of the research fact sheet (findings.md).
 */
export const LawfulFlip = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  slot: z.string().min(2),
  /** Enum slots: the old and new answers this covers (absent: any). */
  values: z.strictObject({ from: z.array(z.string()).min(1), to: z.array(z.string()).min(1) }).optional(),
  /** Number slots: whether the amount grows or shrinks. */
  direction: z.enum(['up', 'down']).optional(),
  from: z.array(StrategyId).min(1),
  to: z.array(StrategyId).min(1),
  /** The decision rule in findings.md ("Decision rules a practitioner can derive") that licenses it. */
  rule: z.number().int().min(1),
  why: z.string().min(20),
});
export type LawfulFlip = z.infer<typeof LawfulFlip>;

/** knowledge/flips.yaml: the numbered decision rules it relies on, and the allowed flips. */
export const FlipTable = z.strictObject({
  /** Each decision rule of findings.md used below, by its number, with its title there. */
  rules: z.record(z.string().regex(/^\d+$/, 'a rule number such as "10"'), z.string().min(10)),
  flips: z.array(LawfulFlip).min(1),
});
export type FlipTable = z.infer<typeof FlipTable>;

/** knowledge/plan.yaml: what the exported plan says per stage, and around the stages. */
const PlanStage = z.strictObject({
  /** How much data and how to curate it. */
  data: z.array(CitedText).min(1),
  /** The format of one training (or index) item; no figures. */
  example: z.strictObject({ format: z.enum(['json', 'text']), text: z.string().min(10) }),
  /** Training choices with their evidence. */
  training: z.array(CitedText).default([]),
  evaluation: z.array(CitedText).default([]),
  /** Only figures a source gives; otherwise say there is none. */
  cost: z.array(CitedText).min(1),
  /** The first that holds is the stage's biggest risk. */
  risk: z.array(CitedText).min(1),
  /** The first that holds is the cheapest experiment that would show the stage wrong. */
  experiment: z.array(CitedText).min(1),
});
export type PlanStage = z.infer<typeof PlanStage>;

export const PlanContent = z.strictObject({
  stages: z.partialRecord(StrategyId, PlanStage),
  /** Before and after: what to measure, whatever the stages. */
  evaluation: z.array(CitedText).min(1),
  /** Notes that depend on where and on what GPU they train. */
  training: z.array(CitedText).default([]),
});
export type PlanContent = z.infer<typeof PlanContent>;
