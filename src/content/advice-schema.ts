import { z } from 'zod';
import { Condition } from './flow-schema.js';
import { StrategyId } from './knowledge-schema.js';

/** One condition, or a list of conditions of which any may hold. */
export const When = z.union([Condition, z.array(Condition).min(1)]);
export type When = z.infer<typeof When>;

const cites = z.array(z.string().min(2)).min(1);

const CitedText = z.strictObject({ when: When.optional(), text: z.string().min(20), cites });

export const Rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  when: When,
  effects: z.partialRecord(StrategyId, z.number().int().min(-10).max(10)),
  because: z.string().min(5),
  finding: z.string().min(20),
  cites,
});
export type Rule = z.infer<typeof Rule>;

export const Strategy = z.strictObject({
  id: StrategyId,
  name: z.string().min(2),
  short: z.string().min(2),
  aliases: z.array(z.string().min(2)).min(1),
  what: z.string().min(40),
  requires: z.strictObject({ when: When, because: z.string().min(10), cites }).optional(),
  combines: z.array(StrategyId),
  guidance: z.array(CitedText).min(1),
  caveats: z.array(CitedText).default([]),
});
export type Strategy = z.infer<typeof Strategy>;

export const Rules = z.array(Rule).min(1);
export const Strategies = z.array(Strategy).min(1);
