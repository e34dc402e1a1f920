import { z } from 'zod';
import { defineSource } from '../plugin.js';
import { localSlots } from './local-slots.js';
import { retailPrice, retailShape } from './tariff-common.js';

/** One price per kWh around the clock (after retail composition), as an hourly series from yesterday to the end of tomorrow. */
export const fixedTariff = defineSource({
  type: 'fixed',
  description: 'a fixed price per kWh',
  schema: z
    .object({
      type: z.literal('fixed'),
      perKWh: z.number().describe('price in the configured currency per kWh'),
      ...retailShape,
    })
    .strict(),
  create(config, deps) {
    const key = deps.role ?? 'price.import';
    const perKWh = retailPrice(config.perKWh, config);
    return {
      id: deps.id,
      keys: [key],
      intervalMs: 3_600_000,
      async poll() {
        const at = deps.clock.now();
        const value = localSlots(at, deps.timeZone, 60, () => perKWh);
        return [{ key, reading: { value, at, source: deps.id } }];
      },
    };
  },
});
