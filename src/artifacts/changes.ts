import { z } from 'zod';

export const ChangesOptions = z.object({ type: z.literal('changes') });
export type ChangesOptions = z.infer<typeof ChangesOptions>;
