import { z } from 'zod';
import type { GridEventEffect } from '../../../src/core/grid-events.js';

/**
 * What an event does, as a config writes it (issue 18): `stop`, or one of `capW`, `capLevel`,
 * `pricePerKWh`, `rewardPerKWh`. Sources whose events carry no effect of their own (a calendar, a
 * binary sensor) take it from their config; Octopus sessions know theirs.
 */
export const effectSchema = z.union([
  z.literal('stop'),
  z.object({ capW: z.number().nonnegative().describe('each miner at or below this power (W)') }).strict(),
  z.object({ capLevel: z.string().min(1).describe('each miner at or below this level id') }).strict(),
  z.object({ pricePerKWh: z.number().describe('grid power costs this in the window (0: free)') }).strict(),
  z
    .object({
      rewardPerKWh: z.number().nonnegative().describe('each kWh drawn less than the baseline earns this'),
    })
    .strict(),
]);

/** An effect as a config writes it. */
export type EffectConfig = z.infer<typeof effectSchema>;

/** The core's form of a configured effect. */
export function toEffect(config: EffectConfig): GridEventEffect {
  if (config === 'stop') return { kind: 'stop' };
  if ('capW' in config) return { kind: 'cap', maxW: config.capW };
  if ('capLevel' in config) return { kind: 'cap-level', levelId: config.capLevel };
  if ('pricePerKWh' in config) return { kind: 'price', perKWh: config.pricePerKWh };
  return { kind: 'reward', perKWh: config.rewardPerKWh };
}
