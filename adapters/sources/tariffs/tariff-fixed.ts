import { z } from 'zod';
import { defineSource } from '../../plugin.js';
import { localSlots } from './local-slots.js';
import { chargesStepMin, retailPrice, retailShape } from './tariff-common.js';

/** One price per kWh around the clock (after retail composition, charges possibly by time of day), from yesterday to the end of tomorrow. */
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
    // Slots as fine as the charges need (hourly for constant charges).
    const stepMin = chargesStepMin(config.charges);
    return {
      id: deps.id,
      keys: [key],
      intervalMs: 3_600_000,
      async poll() {
        const at = deps.clock.now();
        const value = localSlots(at, deps.timeZone, stepMin, (local) =>
          retailPrice(config.perKWh, config, local),
        );
        return [{ key, reading: { value, at, source: deps.id } }];
      },
    };
  },
});
