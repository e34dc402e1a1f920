import { DateTime } from 'luxon';
import { z } from 'zod';
import type { PriceSlot } from '../../../src/core/types.js';
import { minutesOf, periodSchema, type Schedule, scheduleStepMin, scheduleValue } from './tou-schedule.js';

const QUARTER_MS = 15 * 60_000;

/**
 * Grid charges that vary by local time of day, weekday and season (Germany's §14a EnWG module 3
 * time-variable network fees, US/UK TOU delivery charges; evcc's `chargesZones`, evcc-io/evcc#29766):
 * the `time-of-use` tariff's shape. Boundaries on quarter hours, so one 15-min slot has one charge.
 */
export const chargesScheduleSchema = z
  .object({
    defaultPerKWh: z.number().describe('charges outside every period (currency per kWh)'),
    periods: z
      .array(periodSchema)
      .default([])
      .refine((ps) => ps.every((p) => minutesOf(p.from) % 15 === 0 && minutesOf(p.to) % 15 === 0), {
        message: 'charge periods start and end on a quarter hour (HH:00, :15, :30, :45)',
      }),
  })
  .strict();

/**
 * Retail composition shared by every tariff type (a zod shape to `.extend` a schema with):
 *
 *   price = (spot × multiplier + charges) × (1 + tax)
 *
 * with `negative: zero` turning any slot whose spot or composed price is below zero into 0 (feed-in
 * contracts that pay nothing at negative spot prices, e.g. the German §51 EEG rule). `charges` is a
 * number or a schedule by local time. Defaults leave the provider's price unchanged.
 */
export const retailShape = {
  multiplier: z
    .number()
    .default(1)
    .describe('factor on the provider price (a supplier factor or an exchange rate, e.g. EUR → SEK)'),
  charges: z
    .union([z.number(), chargesScheduleSchema])
    .default(0)
    .describe(
      'added per kWh before tax: grid fees, levies, supplier margin (currency per kWh); a number, or a schedule { defaultPerKWh, periods } like the time-of-use tariff',
    ),
  tax: z.number().min(0).max(1).default(0).describe('fraction added on top, e.g. 0.19 for 19 % VAT'),
  negative: z
    .enum(['pay', 'zero'])
    .default('pay')
    .describe('below-zero prices: pay = pass them through; zero = count them as 0 (mostly for export)'),
};

/** Charges per kWh: constant, or by local time. */
export type Charges = number | Schedule;

/** The parsed retail fields. */
export interface Retail {
  multiplier: number;
  charges: Charges;
  tax: number;
  negative: 'pay' | 'zero';
}

/** Fields every market-data tariff has besides retail composition. */
export const marketShape = {
  ...retailShape,
  average: z
    .enum(['none', 'hourly'])
    .default('none')
    .describe('hourly = average 15-min prices per hour (for meters billed hourly)'),
  timeoutMs: z.number().int().positive().default(10_000).describe('per-request timeout (ms)'),
};

/** Charges per kWh at a local time; a schedule needs the local time. */
export function chargesAt(charges: Charges, local?: DateTime): number {
  if (typeof charges === 'number') return charges;
  if (!local) throw new Error('time-varying charges need the local time of the slot');
  return scheduleValue(charges, local);
}

/** The slot length (min) at which the charges are constant: 60 for a number, else the schedule's. */
export function chargesStepMin(charges: Charges): 60 | 30 | 15 {
  return typeof charges === 'number' ? 60 : scheduleStepMin(charges.periods);
}

/**
 * The retail price per kWh for a spot price per kWh at local time `local` (needed only for
 * time-varying charges). The one place charges are applied: every tariff source (so live decisions,
 * `hashheat signals` and the planner, which read their series) and the backtest call it.
 */
export function retailPrice(spotPerKWh: number, retail: Retail, local?: DateTime): number {
  const price = (spotPerKWh * retail.multiplier + chargesAt(retail.charges, local)) * (1 + retail.tax);
  if (retail.negative === 'zero' && (spotPerKWh < 0 || price < 0)) return 0;
  return Math.round(price * 1e7) / 1e7;
}

/** A slot cut into quarters when the charges change inside it, else the slot itself. */
function piecesOf(slot: PriceSlot, charges: Charges, timeZone: string): PriceSlot[] {
  if (typeof charges === 'number' || slot.end - slot.start <= QUARTER_MS) return [slot];
  const pieces: PriceSlot[] = [];
  for (let start = slot.start; start < slot.end; start += QUARTER_MS)
    pieces.push({ ...slot, start, end: Math.min(start + QUARTER_MS, slot.end) });
  const first = chargesAt(charges, DateTime.fromMillis(slot.start, { zone: timeZone }));
  const uniform = pieces.every(
    (p) => chargesAt(charges, DateTime.fromMillis(p.start, { zone: timeZone })) === first,
  );
  return uniform ? [slot] : pieces;
}

/** Applies `retailPrice` to every slot (charges at each slot's local start; a slot is split where they change). */
export function applyRetail(slots: readonly PriceSlot[], retail: Retail, timeZone: string): PriceSlot[] {
  return slots
    .flatMap((s) => piecesOf(s, retail.charges, timeZone))
    .map((s) => ({
      ...s,
      perKWh: retailPrice(s.perKWh, retail, DateTime.fromMillis(s.start, { zone: timeZone })),
    }));
}

/** Whether retail settings change prices at all (so fixed tariffs can skip the work). */
export function isIdentityRetail(retail: Retail): boolean {
  return retail.multiplier === 1 && retail.charges === 0 && retail.tax === 0 && retail.negative === 'pay';
}
