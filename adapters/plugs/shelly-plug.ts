import { z } from 'zod';
import { companionBaseSchema, definePlug } from './power-switch.js';
import { createShellyClient, shellyConnectionSchema } from './shelly-client.js';

const schema = companionBaseSchema
  .extend({
    type: z.literal('shelly'),
    ...shellyConnectionSchema.shape,
  })
  .strict();

/** A Shelly Gen2+ plug (Plus Plug S, Plus 1PM, Pro …) as a miner's companion: relay plus metering. */
export const shellyPlug = definePlug({
  type: 'shelly',
  description: 'Shelly Gen2+ plug or relay over HTTP RPC',
  schema,
  create(config) {
    const client = createShellyClient({
      host: config.host,
      switchId: config.switchId,
      timeoutMs: config.timeoutMs,
      ...(config.password ? { password: config.password } : {}),
    });
    return {
      label: `shelly ${config.host}`,
      async read() {
        const s = await client.switchStatus();
        return s.powerW !== undefined ? { on: s.output, powerW: s.powerW } : { on: s.output };
      },
      async set(on) {
        await client.setSwitch(on);
      },
      async close() {},
    };
  },
});
