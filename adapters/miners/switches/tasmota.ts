import { z } from 'zod';
import type { MinerAdapter } from '../../../src/ports.js';
import { defineMiner } from '../../plugin.js';
import { switchedMiner } from './switch-device.js';
import { switchMinerBaseSchema } from './switch-schema.js';
import { tasmotaDevice, tasmotaFields } from './tasmota-device.js';

/** A miner powered through a Tasmota plug or relay: off and one running level. */
export const tasmotaMiner = defineMiner({
  type: 'tasmota',
  description: 'a miner switched by a Tasmota plug/relay over MQTT (power from its energy meter)',
  schema: switchMinerBaseSchema.extend({ type: z.literal('tasmota'), ...tasmotaFields }),
  create(config, deps): MinerAdapter {
    const device = tasmotaDevice(config, deps);
    return switchedMiner(device, { id: config.id, family: 'tasmota', level: config.levels[0]! }, deps);
  },
});
