import { z } from 'zod';

export const MessageOptions = z.object({ type: z.literal('message') });
export type MessageOptions = z.infer<typeof MessageOptions>;
