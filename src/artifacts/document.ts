import { z } from 'zod';

export const DocumentOptions = z.object({ type: z.literal('document') });
export type DocumentOptions = z.infer<typeof DocumentOptions>;
