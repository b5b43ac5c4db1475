import { z } from 'zod';

export const TableOptions = z.object({
  type: z.literal('table'),
  /** Column keys of every row, in display order (a table block holds at most 20 cells a row). */
  columns: z.array(z.string().min(1)).min(1).max(20),
});
export type TableOptions = z.infer<typeof TableOptions>;
