import { z } from 'zod';

/** The `history` section: 15-minute energy and money per miner in `<dataDir>/history/YYYY-MM.jsonl` (src/history/store.ts). */
export const historySchema = z
  .object({
    retentionDays: z
      .number()
      .int()
      .positive()
      .default(400)
      .describe('days of 15-minute history kept; older intervals are deleted'),
  })
  .strict();

export type HistoryConfig = z.infer<typeof historySchema>;
