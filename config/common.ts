import { z } from 'zod';

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
  guards: guardsSchema.partial().optional(),
  staleFallback: z.enum(['off', 'lowest', 'hold']).optional().describe('when prices are unknown'),
  timeoutMs: z.number().int().positive().default(5000).describe('per-call timeout to the device'),
});

/** The parsed base fields of a miner. */
export type MinerBaseConfig = z.infer<typeof minerBaseSchema>;
