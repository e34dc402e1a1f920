import { z } from 'zod';
import type { MinerModel } from '../src/core/model.js';
import type { Abstention, Constraint, Policy, PolicyContext, PolicyResult } from '../src/core/policy.js';
import type { PolicyPlugin } from './plugin.js';
import type { ChipLimits, SafetySettings } from './rules.js';

const POLICY = 'safety';
/** Default maximum age of a miner status before its chip temperature counts as unknown (ms). */
export const CHIP_TEMP_MAX_AGE_MS = 300_000;

/** Power of a level id on this miner (W); undefined when the miner has no such level. */
export function levelPowerW(miner: MinerModel, levelId: string | undefined): number | undefined {
  return miner.levels.find((l) => l.id === levelId)?.powerW;
}

/** A safety forbid: acts at once and not even a manual override may use the levels. */
function forbid(miner: MinerModel, keep: (powerW: number) => boolean, reason: string): Constraint[] {
  const levelIds = miner.levels.filter((l) => l.id !== 'off' && !keep(l.powerW)).map((l) => l.id);
  if (levelIds.length === 0) return [];
  return [{ policy: POLICY, kind: 'forbid', levelIds, reason, bypassGuards: true, safety: true }];
}

/** Chip temperature (°C) of the miner's status while fresh; undefined when unknown. */
export function freshChipTempC(ctx: PolicyContext): number | undefined {
  const { status, snapshot, model } = ctx;
  if (status?.chipTempC === undefined) return undefined;
  const maxAgeMs = model.maxAgeMs.chipTemp ?? CHIP_TEMP_MAX_AGE_MS;
  return snapshot.now - status.at <= maxAgeMs ? status.chipTempC : undefined;
}

/**
 * Chip temperature rules: at or above `stopC` stop at once; at or above `stepDownC` step down one
 * level (give it `settleMs` to cool, then stop if it is still too hot); within `resumeBandC` below
 * `stepDownC` never step up or start.
 */
export function chipConstraints(ctx: PolicyContext, limits: ChipLimits): Constraint[] {
  const tempC = freshChipTempC(ctx);
  if (tempC === undefined) return [];
  const { miner, memory, snapshot } = ctx;
  const t = `chip ${tempC.toFixed(0)} °C`;
  if (tempC >= limits.stopC)
    return forbid(miner, () => false, `${t} is at or above the stop limit ${limits.stopC} °C`);
  const currentW =
    memory.levelId === 'off' ? 0 : (levelPowerW(miner, memory.levelId) ?? ctx.status?.powerW ?? 0);
  if (tempC >= limits.stepDownC) {
    const hot = `${t} is at or above ${limits.stepDownC} °C`;
    if (currentW <= 0) return forbid(miner, () => false, `${hot}: not starting`);
    // "After a step down" = the current level was entered from a higher one within two settle times
    // (ticks come far more often, so a miner that stays hot is caught in the second one).
    const previousW = levelPowerW(miner, memory.previousLevelId);
    const sinceMs = snapshot.now - (memory.levelSince ?? Number.NEGATIVE_INFINITY);
    const steppedDown = previousW !== undefined && previousW > currentW && sinceMs < 2 * limits.settleMs;
    if (steppedDown && sinceMs < limits.settleMs) {
      const leftMin = Math.ceil((limits.settleMs - sinceMs) / 60_000);
      return forbid(
        miner,
        (w) => w <= currentW,
        `${hot}: cooling at ${memory.levelId}, stop in ${leftMin} min`,
      );
    }
    if (steppedDown)
      return forbid(miner, () => false, `${hot} even after stepping down to ${memory.levelId}`);
    return forbid(miner, (w) => w < currentW, `${hot}: stepping down from ${memory.levelId}`);
  }
  if (tempC >= limits.stepDownC - limits.resumeBandC) {
    return forbid(
      miner,
      (w) => w <= currentW,
      `${t} is within ${limits.resumeBandC} °C of ${limits.stepDownC} °C: no step up`,
    );
  }
  return [];
}

/** Whether an abstention marks a miner as faulty (it keeps failing to obey commands). */
export function isFaultAbstention(abstention: Abstention): boolean {
  return abstention.policy === POLICY && abstention.reason.startsWith('faulty');
}

/** The abstention of a miner that failed `maxCommandFailures` commands in a row. */
function faultAbstention(ctx: PolicyContext, maxFailures: number): Abstention[] {
  const failures = ctx.status?.commandFailures ?? 0;
  if (failures < maxFailures) return [];
  const reason = `faulty: ${failures} commands in a row were not taken${ctx.status?.error ? ` (${ctx.status.error})` : ''}`;
  return [{ policy: POLICY, reason, essential: false }];
}

/**
 * Safety: chip temperature limits (forbid constraints with `safety` and `bypassGuards`) and a
 * miner that keeps failing to obey marked faulty in its decision (an abstention the agent logs once).
 */
export function safetyPolicy(settings: Pick<SafetySettings, 'chip' | 'maxCommandFailures'>): Policy {
  return {
    name: POLICY,
    evaluate(ctx): PolicyResult {
      return {
        constraints: settings.chip ? chipConstraints(ctx, settings.chip) : [],
        abstentions: faultAbstention(ctx, settings.maxCommandFailures),
      };
    },
  };
}

/** Chip temperature limits (°C) as the config writes them. */
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

const schema = z
  .object({
    type: z.literal(POLICY),
    chip: chipLimitsSchema.optional(),
    maxCommandFailures: z.number().int().positive().default(3),
  })
  .strict();

/**
 * Every miner gets one, built from the site's `safety:` with the miner's own `safety:` on top (the
 * agent does that merge); it is not listed under `policies:`.
 */
export const safetyPlugin: PolicyPlugin<z.infer<typeof schema>> = {
  type: POLICY,
  schema,
  create: ({ chip, maxCommandFailures }) =>
    safetyPolicy({
      maxCommandFailures,
      ...(chip
        ? {
            chip: {
              stepDownC: chip.stepDownC,
              stopC: chip.stopC,
              resumeBandC: chip.resumeBandC,
              settleMs: chip.settleSeconds * 1000,
            },
          }
        : {}),
    }),
};
