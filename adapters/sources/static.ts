import { z } from 'zod';
import type { ScalarKey } from '../../src/core/types.js';
import { defineSource } from '../plugin.js';

/** Scalar signal keys a config may name. */
export const scalarKeySchema = z
  .string()
  .regex(
    /^(grid\.(powerW|windowAvgW|monthPeakW)|pv\.(powerW|availableW)|battery\.powerW|battery\.socPct|outdoor\.tempC|zone\.[a-z0-9_-]+\.(tempC|heatDemandW|inlet\.tempC|outlet\.tempC))$/,
    'one of grid.powerW, grid.windowAvgW, grid.monthPeakW, pv.powerW, pv.availableW, battery.powerW, battery.socPct, outdoor.tempC, zone.<id>.tempC, zone.<id>.heatDemandW, zone.<id>.inlet.tempC, zone.<id>.outlet.tempC',
  )
  .transform((s) => s as ScalarKey);

/** A constant value for any scalar signal, re-stamped on every poll so it never goes stale. */
export const staticSignal = defineSource({
  type: 'static',
  description: 'a constant value for one signal',
  schema: z
    .object({
      type: z.literal('static'),
      signal: scalarKeySchema,
      value: z.number(),
      intervalSeconds: z.number().positive().default(60),
    })
    .strict(),
  create(config, deps) {
    return {
      id: deps.id,
      keys: [config.signal],
      intervalMs: config.intervalSeconds * 1000,
      async poll() {
        return [
          { key: config.signal, reading: { value: config.value, at: deps.clock.now(), source: deps.id } },
        ];
      },
    };
  },
});

/** A static hashprice in the configured currency per TH/s per day. */
export const staticHashprice = defineSource({
  type: 'static',
  description: 'a constant hashprice (currency per TH/s per day)',
  schema: z
    .object({
      type: z.literal('static'),
      perThsDay: z.number().nonnegative().describe('hashprice in currency per TH/s per day'),
    })
    .strict(),
  create(config, deps) {
    return {
      id: deps.id,
      keys: ['hashprice'],
      intervalMs: 600_000,
      async poll() {
        return [
          { key: 'hashprice', reading: { value: config.perThsDay, at: deps.clock.now(), source: deps.id } },
        ];
      },
    };
  },
});
