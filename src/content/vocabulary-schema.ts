import { z } from 'zod';

const DATA_KINDS = ['demonstrations', 'raw-text', 'preferences', 'multitask'] as const;
const DataKind = z.enum(DATA_KINDS);

/** flows/vocabulary.yaml: the nouns that count training data, and what settles an ambiguous one. */
export const Vocabulary = z.strictObject({
  dataNouns: z.record(
    z.string().regex(/^[a-z][a-z-]*$/, 'a singular noun in lowercase, e.g. "ticket"'),
    z.array(DataKind),
  ),
  kindHints: z.partialRecord(DataKind, z.array(z.string().min(2)).min(1)),
  /** Words right after a noun of text that give each one its output (input -> output examples). */
  pairedHints: z.array(z.string().min(2)).default([]),
  /** Nouns for people: "from our team of 25 agents" counts who made the data, never the data. */
  people: z
    .array(z.string().regex(/^[a-z][a-z-]*$/, 'a singular noun in lowercase, e.g. "nurse"'))
    .default([]),
});
export type Vocabulary = z.infer<typeof Vocabulary>;
