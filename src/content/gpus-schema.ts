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
});
export type GpuCatalogue = z.infer<typeof GpuCatalogue>;
