import { z } from 'zod';
import { haSwitchFields, haSwitchFromConfig } from '../miners/switches/ha-switch.js';
import { mqttSwitchFields, mqttSwitchFromConfig } from '../miners/switches/mqtt-switch.js';
import { defineSwitchTarget } from './target.js';

const timeoutMs = z
  .number()
  .int()
  .positive()
  .default(3000)
  .describe('how long to wait for the device to confirm (ms)');

/** Any relay on MQTT as a follower target: the same keys and device code as the `mqtt-switch` miner. */
export const mqttSwitchTarget = defineSwitchTarget({
  type: 'mqtt-switch',
  description: 'any MQTT relay (command topic + state topic), as for an mqtt-switch miner',
  schema: z.object({ type: z.literal('mqtt-switch'), ...mqttSwitchFields, timeoutMs }).strict(),
  create: (config, deps) => mqttSwitchFromConfig(config, deps),
});

/** A Home Assistant switch entity as a follower target: the same keys and device code as the `homeassistant-switch` miner. */
export const haSwitchTarget = defineSwitchTarget({
  type: 'homeassistant-switch',
  description:
    'a Home Assistant switch entity (REST turn_on / turn_off), as for a homeassistant-switch miner',
  schema: z.object({ type: z.literal('homeassistant-switch'), ...haSwitchFields, timeoutMs }).strict(),
  create: (config, deps) => haSwitchFromConfig(config, deps),
});
