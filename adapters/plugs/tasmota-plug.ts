import { z } from 'zod';
import { tasmotaDevice, tasmotaFields } from '../miners/switches/tasmota-device.js';
import { companionBaseSchema, definePlug } from './power-switch.js';

const schema = companionBaseSchema
  .extend({
    type: z.literal('tasmota'),
    ...tasmotaFields,
  })
  .strict();

/** A Tasmota plug or relay over MQTT as a miner's companion: relay, energy meter, LWT reachability. */
export const tasmotaPlug = definePlug({
  type: 'tasmota',
  description: 'Tasmota plug or relay over MQTT',
  schema,
  create(config, deps) {
    return tasmotaDevice(config, deps);
  },
});
