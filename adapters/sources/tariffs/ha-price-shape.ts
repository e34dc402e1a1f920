import { z } from 'zod';
import type { PriceSlot } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import { parsePriceAttributes } from './ha-price-attributes.js';
import { normaliseSeries } from './price-series.js';
import { marketShape } from './tariff-common.js';

/** Keys shared by the tariffs that read a price series published by Home Assistant (entity or MQTT). */
export const haPriceShape = {
  attributes: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      'attributes holding the series; default raw_today, raw_tomorrow, forecasts, prices_today, prices_tomorrow, prices',
    ),
  unit: z
    .enum(['perKWh', 'perMWh', 'centsPerKWh'])
    .default('perKWh')
    .describe('unit of the published values (most HA price sensors: perKWh)'),
  invert: z.boolean().default(false).describe('negate every price (a feed-in sensor quoting what you pay)'),
  ...marketShape,
};

/** Published rows → slots per kWh (before retail); a shape problem is BAD_RESPONSE with the reason. */
export function haSlots(
  input: unknown,
  config: { attributes?: string[] | undefined; unit: 'perKWh' | 'perMWh' | 'centsPerKWh'; invert: boolean },
  what: string,
): PriceSlot[] {
  const parsed = parsePriceAttributes(input, config.attributes);
  if (!parsed.ok) throw new DeviceError('BAD_RESPONSE', `${what}: ${parsed.reason}`, true);
  const slots = normaliseSeries(parsed.rows, { unit: config.unit });
  return config.invert ? slots.map((s) => ({ ...s, perKWh: s.perKWh === 0 ? 0 : -s.perKWh })) : slots;
}
