import { z } from 'zod';

export const DecisionOptions = z.object({
  type: z.literal('decision'),
  /** The declared set the model must choose its label from. */
  labels: z.array(z.string().min(1)).min(2),
});
export type DecisionOptions = z.infer<typeof DecisionOptions>;
