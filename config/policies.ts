import { DateTime } from 'luxon';
import { z } from 'zod';
import { cheapestHoursFields, hoursFit } from '../policies/cheapest-hours.js';
import { policyPlugins } from '../policies/index.js';
import { priceCapFields } from '../policies/price-cap.js';
import { quietWindowSchema } from '../policies/quiet-hours.js';
import { chipLimitsSchema } from '../policies/safety.js';
import { onStaleSchema } from '../policies/stale-fail-safe.js';

export { hhmmSchema, minutesOf } from '../policies/hhmm.js';
export { chipLimitsSchema } from '../policies/safety.js';

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

const priceCapSchema = z.object(priceCapFields).strict();

const cheapestHoursSchema = z
  .object(cheapestHoursFields)
  .strict()
  .refine(hoursFit, 'hours must fit in windowHours');

/** One entry of a miner's `policies:` list: a discriminated union on `type` over the policy registry. */
const policyEntrySchema = z.discriminatedUnion(
  'type',
  policyPlugins.map((p) => p.schema) as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<{ type: string } & Record<string, unknown>>;

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
  policies: z
    .array(policyEntrySchema)
    .optional()
    .describe('policies of this miner, each with its `type` (see config/example-policies.yaml)'),
  quietHours: z
    .array(quietWindowSchema)
    .optional()
    .describe('shorthand for a `quiet-hours` policy: local-time windows with a power or level cap'),
  override: overrideSchema.optional().describe('manual override applied at every start'),
  priceCap: priceCapSchema
    .optional()
    .describe('shorthand for a `price-cap` policy: run only at or below an import price'),
  cheapestHours: cheapestHoursSchema
    .optional()
    .describe('shorthand for a `cheapest-hours` policy: run in the N cheapest hours'),
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
  policies?: readonly ({ type: string } & Record<string, unknown>)[] | undefined;
}

/** Level ids named inside one `policies:` entry, with their paths relative to the entry. */
function levelsNamedBy(entry: { type: string } & Record<string, unknown>) {
  const named: { path: (string | number)[]; id: string | undefined; off: boolean }[] = [];
  if (typeof entry.level === 'string') named.push({ path: ['level'], id: entry.level, off: false });
  if (Array.isArray(entry.windows)) {
    entry.windows.forEach((w: { maxLevel?: string }, k: number) => {
      named.push({ path: ['windows', k, 'maxLevel'], id: w.maxLevel, off: true });
    });
  }
  return named;
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
    ...(miner.policies ?? []).flatMap((entry, j) =>
      levelsNamedBy(entry).map((n) => ({
        path: ['policies', j, ...n.path],
        id: n.id,
        allowed: n.off ? withOff : running,
      })),
    ),
  ];
  return named
    .filter((n) => n.id !== undefined && !n.allowed.includes(n.id))
    .map((n) => ({
      path: n.path,
      message: `no level "${n.id}" here; expected one of ${n.allowed.join(', ')}`,
    }));
}
