import type { DateTime } from 'luxon';
import { z } from 'zod';
import { defineSource } from '../../plugin.js';
import { localSlots } from './local-slots.js';
import { chargesStepMin, retailPrice, retailShape } from './tariff-common.js';
import { periodSchema, scheduleStepMin, scheduleValue } from './tou-schedule.js';

/** Time-of-use tariff: the first matching period's price, else the default, after retail composition; periods in the site's time zone. */
export const touTariff = defineSource({
  type: 'time-of-use',
  description: 'prices by weekday, month and local time of day',
  schema: z
    .object({
      type: z.literal('time-of-use'),
      defaultPerKWh: z.number().describe('price outside every period'),
      periods: z.array(periodSchema).default([]),
      ...retailShape,
    })
    .strict(),
  create(config, deps) {
    const key = deps.role ?? 'price.import';
    const stepMin = Math.min(scheduleStepMin(config.periods), chargesStepMin(config.charges));
    const priceAt = (local: DateTime) => retailPrice(scheduleValue(config, local), config, local);
    return {
      id: deps.id,
      keys: [key],
      intervalMs: 3_600_000,
      async poll() {
        const at = deps.clock.now();
        return [
          { key, reading: { value: localSlots(at, deps.timeZone, stepMin, priceAt), at, source: deps.id } },
        ];
      },
    };
  },
});
