import { z } from 'zod';
import { defineSource } from '../plugin.js';
import { localSlots } from './local-slots.js';

/** One price per kWh around the clock, as an hourly series from yesterday to the end of tomorrow. */
export const fixedTariff = defineSource({
  type: 'fixed',
  description: 'a fixed price per kWh',
  schema: z
    .object({
      type: z.literal('fixed'),
      perKWh: z.number().describe('price in the configured currency per kWh'),
    })
    .strict(),
  create(config, deps) {
    const key = deps.role ?? 'price.import';
    return {
      id: deps.id,
      keys: [key],
      intervalMs: 3_600_000,
      async poll() {
        const at = deps.clock.now();
        const value = localSlots(at, deps.timeZone, 60, () => config.perKWh);
        return [{ key, reading: { value, at, source: deps.id } }];
      },
    };
  },
});
