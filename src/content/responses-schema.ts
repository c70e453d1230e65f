import { z } from 'zod';

/** flows/responses.yaml: what the dialogue says, by response id (see src/core/dialogue/responses.ts). */
export const Responses = z.record(
  z.string().regex(/^[a-z][a-z0-9.-]*$/, 'a response id such as "repair.rephrase"'),
  z.string().min(1),
);
export type Responses = z.infer<typeof Responses>;
