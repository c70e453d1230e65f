import { z } from 'zod';

const replies = z.array(z.string().min(1)).min(1);

/**
 * flows/examples/<slot>.yaml: realistic replies to one question, each labelled with the value it
 * means, plus replies that answer with none of them. They train the statistical layer of
 * understanding; they are never evaluation data (the blind sets in test/dev and test/heldout are).
 */
export const SlotExamples = z.strictObject({
  slot: z.string().min(1),
  /** The question in substance, for whoever adds examples. */
  question: z.string().min(5).optional(),
  values: z.record(z.string(), replies),
  unclear: replies,
  /**
   * Values that mean two others together ("both" is knowledge and alignment). The classifier does
   * not learn them as a class of their own (their replies would look like either half); it says
   * such a value when the two halves are about equally likely.
   */
  composite: z.record(z.string(), z.tuple([z.string(), z.string()])).default({}),
});
export type SlotExamples = z.infer<typeof SlotExamples>;
