import type { DateTime } from 'luxon';
import { z } from 'zod';
import { defineSource } from '../plugin.js';
import { localSlots } from './local-slots.js';
import { retailPrice, retailShape } from './tariff-common.js';

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'a local time "HH:MM"');

const periodSchema = z
  .object({
    perKWh: z.number().describe('price in this period'),
    from: hhmm.describe('local start time, inclusive'),
    to: hhmm.describe('local end time, exclusive; may wrap past midnight'),
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .optional()
      .describe('ISO weekdays 1 = Mon … 7 = Sun; all when omitted'),
    months: z.array(z.number().int().min(1).max(12)).optional().describe('months 1–12; all when omitted'),
  })
  .strict();

type Period = z.infer<typeof periodSchema>;

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/** Whether a local time falls in a period; a period with to ≤ from wraps past midnight. */
export function inPeriod(period: Period, local: DateTime): boolean {
  if (period.weekdays && !period.weekdays.includes(local.weekday)) return false;
  if (period.months && !period.months.includes(local.month)) return false;
  const m = local.hour * 60 + local.minute;
  const from = minutes(period.from);
  const to = minutes(period.to);
  return from < to ? m >= from && m < to : m >= from || m < to;
}

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
    const boundaries = config.periods.flatMap((p) => [minutes(p.from), minutes(p.to)]);
    const stepMin = boundaries.every((m) => m % 60 === 0)
      ? 60
      : boundaries.every((m) => m % 30 === 0)
        ? 30
        : 15;
    const priceAt = (local: DateTime) =>
      retailPrice(config.periods.find((p) => inPeriod(p, local))?.perKWh ?? config.defaultPerKWh, config);
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
