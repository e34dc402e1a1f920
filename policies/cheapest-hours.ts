import { z } from 'zod';
import { formatPerKWh } from '../src/core/money.js';
import type { Policy, PolicyResult } from '../src/core/policy.js';
import { priceNow, slotAt } from '../src/core/signals.js';
import type { Instant, PriceSlot, Snapshot } from '../src/core/types.js';
import type { PolicyPlugin } from './plugin.js';
import { ruleLevelId, runAt, stopAll, unknownLevel } from './rule-levels.js';
import type { CheapestHoursRule } from './rules.js';

const POLICY = 'cheapest-hours';
const HOUR_MS = 3_600_000;

/** The cheapest slots of a window: which slot starts were picked, and how much of the window has prices. */
export interface CheapestPick {
  /** Start (epoch ms) of every picked slot. */
  picked: Set<Instant>;
  /** Highest price among the picked slots (currency per kWh); undefined when none was picked. */
  thresholdPerKWh: number | undefined;
  /** Window length and the part of it with known prices (ms). */
  windowMs: number;
  knownMs: number;
  /** Run time picked for (ms): the hours asked for, scaled down when only part of the window is known. */
  targetMs: number;
}

/**
 * Picks the cheapest slots of [startAt, endAt) until they cover `hours` (whole slots, so a 15-min
 * series picks quarter hours and an hourly one whole hours; ties go to the earlier slot). When only
 * part of the window has prices, the hours are scaled by the known share: 6 of 24 h known with
 * `hours: 4` picks the cheapest hour of those 6. Works on any slot length and on 23/25 h days.
 */
export function pickCheapest(
  slots: readonly PriceSlot[],
  window: { startAt: Instant; endAt: Instant },
  hours: number,
): CheapestPick {
  const inWindow = slots
    .map((slot) => ({ slot, ms: Math.min(slot.end, window.endAt) - Math.max(slot.start, window.startAt) }))
    .filter((s) => s.ms > 0);
  const windowMs = window.endAt - window.startAt;
  const knownMs = inWindow.reduce((acc, s) => acc + s.ms, 0);
  const targetMs = hours * HOUR_MS * Math.min(1, knownMs / windowMs);
  const ranked = [...inWindow].sort((a, b) => a.slot.perKWh - b.slot.perKWh || a.slot.start - b.slot.start);
  const picked = new Set<Instant>();
  let thresholdPerKWh: number | undefined;
  let coveredMs = 0;
  for (const { slot, ms } of ranked) {
    if (coveredMs >= targetMs - 1) break;
    picked.add(slot.start);
    thresholdPerKWh = slot.perKWh;
    coveredMs += ms;
  }
  return { picked, thresholdPerKWh, windowMs, knownMs, targetMs };
}

/** The window a rule ranks the current slot in. */
function windowOf(rule: CheapestHoursRule, snapshot: Snapshot, slot: PriceSlot) {
  if (rule.window === 'day') return { startAt: snapshot.local.dayStartAt, endAt: snapshot.local.dayEndAt };
  return { startAt: slot.start, endAt: slot.start + rule.windowHours * HOUR_MS };
}

const hoursText = (ms: number) => `${Number((ms / HOUR_MS).toFixed(2))} h`;

/**
 * Cheapest hours (a simple rule): the miner runs at the configured level (the top level by
 * default) in the N cheapest hours of each local day, or of the next `windowHours` from now, and
 * stays off otherwise. The ranking uses the known import price series; a window whose prices are
 * only partly known gets a proportional share of the N hours among the known slots.
 */
export function cheapestHoursPolicy(rule: CheapestHoursRule): Policy {
  return {
    name: POLICY,
    evaluate({ snapshot, model, miner }): PolicyResult {
      const levelId = ruleLevelId(miner, rule.levelId);
      if (!levelId) return { abstentions: [unknownLevel(POLICY, miner, rule.levelId)] };
      const now = priceNow(snapshot, model, 'price.import');
      const slots = snapshot.series['price.import']?.value ?? [];
      const slot = slotAt(slots, snapshot.now);
      if (!now.ok || !slot) {
        const why = now.ok ? 'price.import has no slot for now' : now.why;
        return {
          abstentions: [{ policy: POLICY, reason: `cheapest hours unknown: ${why}`, essential: true }],
        };
      }
      const pick = pickCheapest(slots, windowOf(rule, snapshot, slot), rule.hours);
      const fmt = (v: number) => formatPerKWh(v, model.currency);
      const where = rule.window === 'day' ? 'today' : `of the next ${rule.windowHours} h`;
      let reason = pick.picked.has(slot.start)
        ? `${fmt(slot.perKWh)} is among the ${rule.hours} cheapest hours ${where}`
        : `${fmt(slot.perKWh)} is not among the ${rule.hours} cheapest hours ${where}`;
      if (pick.thresholdPerKWh !== undefined) reason += ` (those cost at most ${fmt(pick.thresholdPerKWh)})`;
      if (pick.knownMs < pick.windowMs) {
        reason += `; prices known for ${hoursText(pick.knownMs)} of ${hoursText(pick.windowMs)}, so the cheapest ${hoursText(pick.targetMs)} of those count`;
      }
      return {
        constraints: [
          pick.picked.has(slot.start) ? runAt(POLICY, levelId, reason) : stopAll(POLICY, miner, reason),
        ],
      };
    },
  };
}

/** The rule's own fields as the config writes them (the shorthand `cheapestHours:` takes these). */
export const cheapestHoursFields = {
  hours: z.number().positive().describe('hours to run per window (whole price slots)'),
  window: z
    .enum(['day', 'rolling'])
    .default('day')
    .describe('day = each local calendar day; rolling = the next windowHours from now'),
  windowHours: z.number().positive().default(24).describe('length of a rolling window (h)'),
  level: z.string().optional().describe('level to run at in a cheap slot; default the top level'),
};

/** Rolling windows must hold the hours. */
export function hoursFit(r: { window: string; hours: number; windowHours: number }): boolean {
  return r.window === 'day' || r.hours <= r.windowHours;
}

const schema = z
  .object({ type: z.literal(POLICY), ...cheapestHoursFields })
  .strict()
  .refine(hoursFit, 'hours must fit in windowHours');

/** `{ type: cheapest-hours, hours, window?, windowHours?, level? }`; the shorthand `cheapestHours: {...}` means the same. */
export const cheapestHoursPlugin: PolicyPlugin<z.infer<typeof schema>> = {
  type: POLICY,
  schema,
  create: ({ hours, window, windowHours, level }) =>
    cheapestHoursPolicy({ hours, window, windowHours, ...(level !== undefined ? { levelId: level } : {}) }),
};
