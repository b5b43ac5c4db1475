import { z } from 'zod';

export const ChecklistOptions = z.object({ type: z.literal('checklist') });
export type ChecklistOptions = z.infer<typeof ChecklistOptions>;
