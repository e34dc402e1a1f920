import { z } from 'zod';
import { companionSchema } from '../adapters/plugs/registry.js';
import { minerPolicyFields } from './policies.js';

/** A level id: lower-case letters, digits, `-` and `_` (it ends up in MQTT topics and HA entities). */
export const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_"')
  .describe('identifier');

/** One operating point as the config declares it. */
export const levelSchema = z
  .object({
    id: idSchema,
    powerW: z.number().nonnegative().describe('power draw at this level (W)'),
    ths: z.number().nonnegative().describe('hashrate at this level (TH/s)'),
  })
  .strict();

/** Anti-flap guards; every field optional here, defaults come from the top-level `guards`. */
export const guardsSchema = z
  .object({
    minOnSeconds: z.number().nonnegative().describe('a started miner runs at least this long'),
    minOffSeconds: z.number().nonnegative().describe('a stopped miner stays off at least this long'),
    minDwellSeconds: z.number().nonnegative().describe('minimum time at one level before changing level'),
    hysteresisPerHour: z
      .number()
      .nonnegative()
      .describe('a switch must gain at least this much money per hour'),
    maxStartsPerDay: z.number().int().positive().describe('cap on starts per local day'),
    enableDelaySeconds: z.number().nonnegative().describe('a start waits until it has been wanted this long'),
    disableDelaySeconds: z
      .number()
      .nonnegative()
      .describe('a stop waits until it has been wanted this long (the miner steps down meanwhile)'),
    disableThresholdW: z
      .number()
      .nonnegative()
      .describe('grid import of a miner above which stepping down skips the minimum dwell (W)'),
  })
  .strict();

/** Fields every miner has, whatever its family. Families extend this with their connection details. */
export const minerBaseSchema = z.object({
  id: idSchema,
  name: z.string().optional(),
  zone: idSchema.optional().describe('heating zone the miner heats'),
  priority: z.number().int().default(100).describe('lower gets scarce surplus first'),
  poolFee: z.number().min(0).max(1).optional().describe('pool fee fraction; default revenue.poolFee'),
  coin: z
    .enum(['btc', 'xmr'])
    .default('btc')
    .describe(
      'what it mines: btc uses the hashprice signal, xmr (RandomX) hashprice.xmr; hashrate always in TH/s',
    ),
  levels: z.array(levelSchema).min(1).optional().describe('running levels (off is implicit)'),
  continuous: z
    .object({
      minW: z
        .number()
        .positive()
        .optional()
        .describe('lowest power target (W); default: the device range or lowest level'),
      maxW: z
        .number()
        .positive()
        .optional()
        .describe('highest power target (W); default: the device range or top level'),
      stepW: z.number().positive().default(50).describe('power-target step (W)'),
    })
    .strict()
    .optional()
    .describe('power-target miners: follow surplus with any power in the range'),
  guards: guardsSchema.partial().optional(),
  staleFallback: z.enum(['off', 'lowest', 'hold']).optional().describe('when prices are unknown'),
  timeoutMs: z.number().int().positive().default(5000).describe('per-call timeout to the device'),
  companion: companionSchema.optional(),
  ...minerPolicyFields,
});

/** The parsed base fields of a miner. */
export type MinerBaseConfig = z.infer<typeof minerBaseSchema>;
