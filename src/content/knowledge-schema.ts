import { z } from 'zod';

/** How far a number can be trusted; mirrors the source tags in the research fact sheet. */
export const Reliability = z.enum(['primary', 'secondary-verified', 'secondary']);
export type Reliability = z.infer<typeof Reliability>;

export const STRATEGY_IDS = [
  'continued-pretraining',
  'sft',
  'instruction-tuning',
  'rag',
  'dpo',
  'prompting',
] as const;
export const StrategyId = z.enum(STRATEGY_IDS);
export type StrategyId = z.infer<typeof StrategyId>;

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase words joined by hyphens, e.g. "lima-2023"');

const KeyNumber = z.strictObject({
  /** One fact with its figure, in our own words. */
  text: z.string().min(10),
  reliability: Reliability,
});

/** One research finding (a paper) or one practitioner guide, written in our own words. */
export const KnowledgeEntry = z
  .strictObject({
    id: kebabId,
    kind: z.enum(['paper', 'guide']),
    title: z.string().min(3),
    /** The short name the advisor uses in running text, e.g. "LIMA" or "Ovadia et al.". */
    short: z.string().min(2),
    /** Other names a user may type for it (lowercase). */
    aliases: z.array(z.string().min(2)).default([]),
    /** Guides may name no author; the organisation or publisher goes in the title or short name. */
    authors: z.array(z.string().min(2)),
    /** Required for papers; guides carry one only when the research notes give it. */
    year: z.number().int().min(2000).max(2100).optional(),
    venue: z.string().optional(),
    arxiv: z
      .string()
      .regex(/^\d{4}\.\d{4,5}$/, 'an arXiv id such as "2305.11206"')
      .optional(),
    url: z.url(),
    summary: z.string().min(80),
    numbers: z.array(KeyNumber).min(1),
    implications: z.array(z.string().min(20)).min(1),
    /** Figures people quote that could not be verified: the advisor says so instead of stating them. */
    unverified: z.array(z.string().min(10)).default([]),
    tags: z.array(kebabId).min(1),
    strategies: z.array(StrategyId).default([]),
    last_reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-11-21'),
  })
  .refine((entry) => entry.kind !== 'paper' || entry.arxiv !== undefined, {
    message: 'a paper needs its arXiv id',
    path: ['arxiv'],
  })
  .refine((entry) => entry.kind !== 'paper' || entry.year !== undefined, {
    message: 'a paper needs its year',
    path: ['year'],
  })
  .refine((entry) => entry.kind !== 'paper' || entry.authors.length > 0, {
    message: 'a paper needs its authors',
    path: ['authors'],
  });

/** "LIMA (2023)", or a guide's name alone when its date is not known. */
export function entryName(entry: Pick<KnowledgeEntry, 'short' | 'year'>): string {
  return entry.year === undefined ? entry.short : `${entry.short} (${entry.year})`;
}
export type KnowledgeEntry = z.infer<typeof KnowledgeEntry>;
