import { z } from 'zod';
import { idSchema } from '../../config/common.js';
import { defineSource } from '../plugin.js';

/**
 * A room as one thermal mass: C·dT/dt = heat in − UA·(T − T_out). Heat in is the simulated miners
 * in the zone plus a base heater; time steps come from the clock between polls (capped at 1 h).
 */
export const simulatedRoom = defineSource({
  type: 'simulated-room',
  description: 'a room whose temperature follows outdoor temperature and the miners’ heat',
  schema: z
    .object({
      type: z.literal('simulated-room'),
      zone: idSchema,
      startC: z.number().default(20).describe('room temperature at start (°C)'),
      outdoorC: z.number().default(5).describe('constant outdoor temperature (°C)'),
      heatLossWPerK: z.number().positive().default(15).describe('heat loss per K indoor − outdoor (W/K)'),
      capacityKWhPerK: z.number().positive().default(0.5).describe('thermal capacity (kWh/K)'),
      baseHeatW: z.number().nonnegative().default(0).describe('other heat into the room (W)'),
      intervalSeconds: z.number().positive().default(10),
    })
    .strict(),
  create(config, deps) {
    let tempC = config.startC;
    let lastAt: number | undefined;
    return {
      id: deps.id,
      keys: [`zone.${config.zone}.tempC`],
      intervalMs: config.intervalSeconds * 1000,
      async poll() {
        const at = deps.clock.now();
        if (lastAt !== undefined) {
          const hours = Math.min(1, Math.max(0, (at - lastAt) / 3_600_000));
          const heatInW = deps.sim.heatIntoZoneW(config.zone) + config.baseHeatW;
          const lossW = config.heatLossWPerK * (tempC - config.outdoorC);
          tempC += (hours * (heatInW - lossW)) / (config.capacityKWhPerK * 1000);
        }
        lastAt = at;
        const value = Math.round(tempC * 100) / 100;
        return [{ key: `zone.${config.zone}.tempC`, reading: { value, at, source: deps.id } }];
      },
    };
  },
});
