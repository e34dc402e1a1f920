import { z } from 'zod';
import { defineSource } from '../plugin.js';
import { scalarKeySchema } from './static.js';

/**
 * A simulated signal for demos: a base value plus a sine of the given period, plus optional
 * deterministic "clouds" (square dips). Good enough to watch surplus come and go in a few minutes.
 */
export const waveformSignal = defineSource({
  type: 'simulated',
  description: 'a simulated periodic signal (sine plus dips) for demos',
  schema: z
    .object({
      type: z.literal('simulated'),
      signal: scalarKeySchema,
      base: z.number().describe('mean value'),
      amplitude: z.number().default(0).describe('sine amplitude'),
      periodSeconds: z.number().positive().default(600),
      dip: z.number().default(0).describe('added during the last fifth of each period (a passing cloud)'),
      intervalSeconds: z.number().positive().default(10),
    })
    .strict(),
  create(config, deps) {
    const periodMs = config.periodSeconds * 1000;
    return {
      id: deps.id,
      keys: [config.signal],
      intervalMs: config.intervalSeconds * 1000,
      async poll() {
        const at = deps.clock.now();
        const phase = (at % periodMs) / periodMs;
        const value =
          config.base + config.amplitude * Math.sin(2 * Math.PI * phase) + (phase > 0.8 ? config.dip : 0);
        return [{ key: config.signal, reading: { value, at, source: deps.id } }];
      },
    };
  },
});
