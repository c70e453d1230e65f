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

/**
 * What kind of question a concept passage answers. The question module ranks passages whose facet
 * matches the question's type first ("how do I prevent X" wants a `how-to` passage, not a figure).
 */
export const FACETS = [
  'define',
  'compare',
  'why',
  'how-much-data',
  'how-to',
  'evidence',
  'risks',
  'cost-hardware',
  'training-choice',
] as const;
export const Facet = z.enum(FACETS);
export type Facet = z.infer<typeof Facet>;

/** One claim about a concept, with its figures and the entries it rests on. */
const ConceptPassage = z.strictObject({
  /** In our own words; a secondary figure says so in the sentence itself ("secondary sources report …"). */
  text: z.string().min(20),
  facets: z.array(Facet).min(1),
  /** Knowledge entries (papers or guides) the claim rests on; every figure must appear in one of them. */
  sources: z.array(kebabId).min(1),
  reliability: Reliability,
  /** Says what the sources do not give ("no source prices a run"): such a passage answers "I don't know". */
  gap: z.boolean().optional(),
});
export type ConceptPassage = z.infer<typeof ConceptPassage>;

/**
 * A concept (a technique, a goal, a kind of data, a practice or a distinction between two of
 * them), explained in our own words. It cites no paper of its own: its `sources` are the papers and
 * guides it rests on, so every claim can be traced and every link shown is a paper's or guide's.
 */
export const Concept = z.strictObject({
  id: kebabId,
  kind: z.literal('concept'),
  /** How the advisor names it in running text: "QLoRA", "instruction tuning vs fine-tuning". */
  name: z.string().min(2),
  /** Lowercase names and phrasings a user may type ("q-lora", "4-bit lora", "β"). */
  aliases: z.array(z.string().min(1)).default([]),
  category: z.enum(['technique', 'goal', 'data', 'practice', 'distinction']),
  /** What it is, first, in two or three sentences: the start of every "what is X" answer. */
  definition: z.string().min(60),
  /** Everything the definition and the passages rest on; each passage cites a subset. */
  sources: z.array(kebabId).min(1),
  passages: z.array(ConceptPassage).default([]),
  /**
   * For a distinction: the concepts it tells apart. A comparison naming any two of them is
   * answered by this distinction ("instruction tuning vs SFT", "… vs normal fine-tuning").
   */
  compares: z.array(kebabId).min(2).optional(),
  /** The strategy of the advisor this concept is, if any ("sft"). */
  strategy: StrategyId.optional(),
  related: z.array(kebabId).default([]),
  last_reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-11-21'),
});
export type Concept = z.infer<typeof Concept>;

/** "LIMA (2023)", or a guide's name alone when its date is not known. */
export function entryName(entry: Pick<KnowledgeEntry, 'short' | 'year'>): string {
  return entry.year === undefined ? entry.short : `${entry.short} (${entry.year})`;
}
export type KnowledgeEntry = z.infer<typeof KnowledgeEntry>;
