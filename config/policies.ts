import { DateTime } from 'luxon';
import { z } from 'zod';

/** A local time `HH:MM` (00:00–24:00). */
export const hhmmSchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a local time "HH:MM"');

/** Minutes since midnight of an `HH:MM` string. */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const quietWindowSchema = z
  .object({
    from: hhmmSchema.describe('local start time, inclusive'),
    to: hhmmSchema.describe('local end time, exclusive; may wrap past midnight; equal to from = all day'),
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .optional()
      .describe('ISO weekdays (1 = Monday) the window starts on; every day when omitted'),
    maxLevel: z.string().optional().describe('highest level allowed in the window (`off` = stopped)'),
    maxPowerW: z.number().nonnegative().optional().describe('highest power allowed in the window (W)'),
  })
  .strict()
  .refine((w) => w.maxLevel !== undefined || w.maxPowerW !== undefined, 'set maxLevel or maxPowerW');

const overrideSchema = z
  .object({
    level: z.string().describe('auto, off or a level id'),
    until: z
      .string()
      .refine(
        (s) => /^\d{4}-\d{2}-\d{2}/.test(s) && DateTime.fromISO(s).isValid,
        'an ISO date-time such as 2025-12-24T18:00',
      )
      .optional()
      .describe('end of the override (ISO; local site time unless it has an offset); none = until changed'),
  })
  .strict();

const priceCapSchema = z
  .object({
    maxPerKWh: z.number().describe('run only while the import price is at or below this (currency per kWh)'),
    level: z.string().optional().describe('level to run at while cheap enough; default the top level'),
  })
  .strict();

const cheapestHoursSchema = z
  .object({
    hours: z.number().positive().describe('hours to run per window (whole price slots)'),
    window: z
      .enum(['day', 'rolling'])
      .default('day')
      .describe('day = each local calendar day; rolling = the next windowHours from now'),
    windowHours: z.number().positive().default(24).describe('length of a rolling window (h)'),
    level: z.string().optional().describe('level to run at in a cheap slot; default the top level'),
  })
  .strict()
  .refine((r) => r.window === 'day' || r.hours <= r.windowHours, 'hours must fit in windowHours');

const failSafeSchema = z.enum(['stop', 'lowest', 'hold']);

/** Chip temperature limits (°C). */
export const chipLimitsSchema = z
  .object({
    stepDownC: z.number().describe('at or above: step down one level'),
    stopC: z.number().describe('at or above: stop at once'),
    resumeBandC: z
      .number()
      .nonnegative()
      .default(5)
      .describe('no step up or start within this band below stepDownC'),
    settleSeconds: z.number().positive().default(300).describe('time a step down gets to cool before a stop'),
  })
  .strict()
  .refine((c) => c.stopC > c.stepDownC, 'stopC must be above stepDownC');

const onStaleSchema = z
  .object({
    grid: failSafeSchema.optional().describe('grid power unknown'),
    zoneTemp: failSafeSchema.optional().describe("the miner's room temperature unknown"),
    chipTemp: failSafeSchema.optional().describe('chip temperature of a running miner unknown'),
  })
  .strict();

/** Site-wide safety defaults; every miner may override them under its own `safety`. */
export const safetySchema = z
  .object({
    chip: chipLimitsSchema
      .optional()
      .describe('chip temperature limits; none by default (they vary by model)'),
    maxCommandFailures: z
      .number()
      .int()
      .positive()
      .default(3)
      .describe('failed commands in a row after which a miner is reported faulty'),
    onStale: onStaleSchema.prefault({}).describe('fail-safe per input kind while it is unknown'),
  })
  .strict();

/** Per-miner policy keys, spread into `minerBaseSchema`. */
export const minerPolicyFields = {
  quietHours: z.array(quietWindowSchema).optional().describe('local-time windows with a power or level cap'),
  override: overrideSchema.optional().describe('manual override applied at every start'),
  priceCap: priceCapSchema.optional().describe('simple rule: run only at or below an import price'),
  cheapestHours: cheapestHoursSchema.optional().describe('simple rule: run in the N cheapest hours'),
  safety: z
    .object({
      chip: chipLimitsSchema.optional(),
      maxCommandFailures: z.number().int().positive().optional(),
      onStale: onStaleSchema.optional(),
    })
    .strict()
    .optional()
    .describe('overrides of the site-wide safety settings'),
};

/** The policy keys of one parsed miner. */
export interface MinerPolicyConfig {
  levels?: readonly { id: string }[] | undefined;
  quietHours?: readonly { maxLevel?: string | undefined }[] | undefined;
  override?: { level: string } | undefined;
  priceCap?: { level?: string | undefined } | undefined;
  cheapestHours?: { level?: string | undefined } | undefined;
}

/** Level ids named by a miner's policy keys that its configured levels lack (only when levels are configured). */
export function unknownPolicyLevels(
  miner: MinerPolicyConfig,
): { path: (string | number)[]; message: string }[] {
  if (!miner.levels) return [];
  const running = miner.levels.map((l) => l.id);
  const withOff = ['off', ...running];
  const named: { path: (string | number)[]; id: string | undefined; allowed: string[] }[] = [
    ...(miner.quietHours ?? []).map((w, j) => ({
      path: ['quietHours', j, 'maxLevel'],
      id: w.maxLevel,
      allowed: withOff,
    })),
    { path: ['priceCap', 'level'], id: miner.priceCap?.level, allowed: running },
    { path: ['cheapestHours', 'level'], id: miner.cheapestHours?.level, allowed: running },
    { path: ['override', 'level'], id: miner.override?.level, allowed: ['auto', ...withOff] },
  ];
  return named
    .filter((n) => n.id !== undefined && !n.allowed.includes(n.id))
    .map((n) => ({
      path: n.path,
      message: `no level "${n.id}" here; expected one of ${n.allowed.join(', ')}`,
    }));
}
