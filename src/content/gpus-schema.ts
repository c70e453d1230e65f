import { z } from 'zod';

/** flows/gpus.yaml: the GPUs people name, with one card's memory, and where consumer cards end. */
export const GpuCatalogue = z.strictObject({
  models: z.record(
    z.string().regex(/^[a-z0-9]+$/, 'a model name in lowercase letters and digits, e.g. "4090" or "a100"'),
    z.number().positive(),
  ),
  consumerMaxGb: z.number().positive(),
  /** Several cards with at least this much memory together are a cluster. */
  clusterMinGb: z.number().positive(),
  /** What fine-tuning needs by method and model size, to say whether it fits on a GPU. */
  needs: z
    .strictObject({
      source: z.string().min(2),
      /** The entry for DPO's frozen reference model, cited when a DPO question is answered. */
      referenceSource: z.string().min(2),
      sizes: z.array(z.number().positive()).min(1),
      methods: z.record(
        z.enum(['full', 'lora', 'qlora']),
        z.strictObject({
          name: z.string().min(3),
          gb: z.array(z.number().positive()).min(1),
          /** With mixed precision, as most recipes train, where it differs from `gb` (full fine-tuning). */
          mixed: z.array(z.number().positive()).optional(),
        }),
      ),
      classes: z.record(
        z.enum(['consumer', 'datacenter', 'cluster']),
        z.strictObject({ gb: z.number().positive(), say: z.string().min(3) }),
      ),
      say: z.strictObject({
        fits: z.string().includes('{need}'),
        'too-big': z.string().includes('{need}'),
        alternatives: z.string().includes('{list}'),
        'nothing-fits': z.string().min(10),
        'by-method': z.string().includes('{list}'),
        scaled: z.string().includes('{from}'),
        'with-reference': z.string().includes('{reference}'),
        'assumed-size': z.string().min(10),
        dpo: z.string().min(10),
        /** Said after a pure-bf16 figure that fits: what mixed precision needs. */
        'mixed-precision': z.string().includes('{mixed}').optional(),
        /** Instead of `fits` when only the pure-bf16 figure fits. */
        'fits-pure-only': z.string().includes('{need}').optional(),
      }),
    })
    .refine(
      (needs) =>
        Object.values(needs.methods).every(
          (method) =>
            method.gb.length === needs.sizes.length &&
            (method.mixed === undefined || method.mixed.length === needs.sizes.length),
        ),
      {
        message: 'every method needs one figure per size in sizes',
      },
    )
    .optional(),
});
export type GpuCatalogue = z.infer<typeof GpuCatalogue>;
