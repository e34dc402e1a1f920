import { z } from 'zod';

/** The `agent` section: its tick, data directory, dry run, exit behaviour, logging and command pacing. */
export const agentSchema = z
  .object({
    tick: z
      .string()
      .default('*/30 * * * * *')
      .describe(
        'cron expression (6 fields with seconds, or 5) in site.timeZone for the decision tick; node-cron syntax without L, W and #',
      ),
    dataDir: z.string().default('./data').describe('where state is persisted'),
    dryRun: z.boolean().default(false).describe('decide and report, never command a miner'),
    onExit: z.enum(['keep', 'off']).default('keep').describe('what to do with the miners on shutdown'),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
    minCommandSeconds: z
      .number()
      .nonnegative()
      .default(10)
      .describe('at most one command per miner per this many seconds (stops excepted)'),
    fastReaction: z
      .object({
        importThresholdW: z
          .number()
          .default(100)
          .describe('grid import (W) whose appearance re-evaluates at once'),
        jumpW: z.number().positive().default(300).describe('a grid jump (W) that re-evaluates at once'),
      })
      .strict()
      .prefault({})
      .describe('re-evaluate within a second when grid power moves, instead of waiting for the tick'),
  })
  .strict();
