import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import { ENTITY_ID } from '../../homeassistant/entity-state.js';
import { defineSource } from '../../plugin.js';
import { haPriceShape, haSlots } from './ha-price-shape.js';
import { marketTariff } from './market-tariff.js';

/**
 * A price series from a Home Assistant price entity's attributes (Nord Pool `raw_today`/`raw_tomorrow`,
 * Amber `forecasts`, ENTSO-E `prices_today`…), read over HA's REST API with the `homeassistant` connection.
 */
export const homeAssistantTariff = defineSource({
  type: 'homeassistant',
  description: 'a price series from a Home Assistant price entity (raw_today/raw_tomorrow, forecasts, …)',
  schema: z
    .object({
      type: z.literal('homeassistant'),
      entity: z
        .string()
        .regex(ENTITY_ID, 'an entity id such as sensor.nordpool_kwh_se3')
        .describe('price entity'),
      intervalSeconds: z.number().positive().default(300).describe('how often to read the entity (s)'),
      ...haPriceShape,
    })
    .strict(),
  create(config, deps) {
    const what = `Home Assistant ${config.entity}`;
    return marketTariff({
      deps,
      config,
      what,
      intervalMs: config.intervalSeconds * 1000,
      async fetch() {
        if (!deps.homeassistant)
          throw new DeviceError(
            'UNSUPPORTED',
            'a homeassistant tariff needs the homeassistant section',
            false,
          );
        const state = await deps.homeassistant.getState(config.entity);
        return haSlots(state.attributes, config, what);
      },
    });
  },
});
