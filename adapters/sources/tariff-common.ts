import { z } from 'zod';
import type { PriceSlot } from '../../src/core/types.js';

/**
 * Retail composition shared by every tariff type (a zod shape to `.extend` a schema with):
 *
 *   price = (spot × multiplier + charges) × (1 + tax)
 *
 * with `negative: zero` turning any slot whose spot or composed price is below zero into 0 (feed-in
 * contracts that pay nothing at negative spot prices, e.g. the German §51 EEG rule). Defaults leave
 * the provider's price unchanged.
 */
export const retailShape = {
  multiplier: z
    .number()
    .default(1)
    .describe('factor on the provider price (a supplier factor or an exchange rate, e.g. EUR → SEK)'),
  charges: z
    .number()
    .default(0)
    .describe('added per kWh before tax: grid fees, levies, supplier margin (currency per kWh)'),
  tax: z.number().min(0).max(1).default(0).describe('fraction added on top, e.g. 0.19 for 19 % VAT'),
  negative: z
    .enum(['pay', 'zero'])
    .default('pay')
    .describe('below-zero prices: pay = pass them through; zero = count them as 0 (mostly for export)'),
};

/** The parsed retail fields. */
export interface Retail {
  multiplier: number;
  charges: number;
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

/** The retail price per kWh for a spot price per kWh. */
export function retailPrice(spotPerKWh: number, retail: Retail): number {
  const price = (spotPerKWh * retail.multiplier + retail.charges) * (1 + retail.tax);
  if (retail.negative === 'zero' && (spotPerKWh < 0 || price < 0)) return 0;
  return Math.round(price * 1e7) / 1e7;
}

/** Applies `retailPrice` to every slot. */
export function applyRetail(slots: readonly PriceSlot[], retail: Retail): PriceSlot[] {
  return slots.map((s) => ({ ...s, perKWh: retailPrice(s.perKWh, retail) }));
}

/** Whether retail settings change prices at all (so fixed tariffs can skip the work). */
export function isIdentityRetail(retail: Retail): boolean {
  return retail.multiplier === 1 && retail.charges === 0 && retail.tax === 0 && retail.negative === 'pay';
}
