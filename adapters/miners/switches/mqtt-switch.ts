import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import type { MinerAdapter } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import { defineMiner } from '../../plugin.js';
import { mqttSwitchDevice } from './mqtt-switch-device.js';
import { type SwitchDevice, switchedMiner, unusableDevice } from './switch-device.js';
import { switchMinerBaseSchema } from './switch-schema.js';

const topic = z.string().min(1);

/** The MQTT relay's own keys (topics, payloads), shared by the miner and the follower target. */
export const mqttSwitchFields = {
  commandTopic: topic.describe('where on/off commands go, e.g. zigbee2mqtt/miner_plug/set'),
  payloadOn: z.string().default('ON').describe('command payload to switch on'),
  payloadOff: z.string().default('OFF').describe('command payload to switch off'),
  stateTopic: topic.describe('where the device reports its relay state'),
  stateField: z.string().optional().describe('JSON path of the state in the payload, e.g. state'),
  stateOn: z.string().default('ON').describe('state value meaning on'),
  stateOff: z.string().default('OFF').describe('state value meaning off'),
  queryTopic: topic.optional().describe('publish here to make the device report its state now'),
  queryPayload: z.string().default('').describe('payload of the state query'),
  powerTopic: topic.optional().describe('where the device reports measured power'),
  powerField: z.string().optional().describe('JSON path of the power in its payload'),
  powerUnit: z.enum(['W', 'kW']).default('W').describe('unit of the reported power'),
  powerMaxAgeSeconds: z.number().positive().default(300).describe('older power is not reported (s)'),
  availabilityTopic: topic.optional().describe('LWT / availability topic'),
  availabilityField: z.string().optional().describe('JSON path of availability, e.g. state'),
  payloadAvailable: z.string().default('online').describe('availability payload meaning online'),
  payloadNotAvailable: z.string().default('offline').describe('availability payload meaning offline'),
};

const schema = switchMinerBaseSchema.extend({ type: z.literal('mqtt-switch'), ...mqttSwitchFields }).strict();

/** The parsed MQTT relay keys plus the timeout. */
type MqttSwitchKeys = z.infer<z.ZodObject<typeof mqttSwitchFields>> & { timeoutMs: number };

/** The MQTT relay a config describes, or a device that fails with UNSUPPORTED when there is no `mqtt` section. */
export function mqttSwitchFromConfig(config: MqttSwitchKeys, deps: AdapterDeps): SwitchDevice {
  const label = `mqtt-switch ${config.commandTopic}`;
  if (!deps.mqtt)
    return unusableDevice(label, new DeviceError('UNSUPPORTED', `${label} needs the mqtt section`, false));
  return mqttSwitchDevice(
    deps.mqtt,
    {
      label,
      command: { topic: config.commandTopic, on: config.payloadOn, off: config.payloadOff },
      states: [{ topic: config.stateTopic, field: config.stateField }],
      stateOn: [config.stateOn],
      stateOff: [config.stateOff],
      query: config.queryTopic ? { topic: config.queryTopic, payload: config.queryPayload } : undefined,
      power: config.powerTopic
        ? {
            sources: [{ topic: config.powerTopic, field: config.powerField }],
            scaleToW: config.powerUnit === 'kW' ? 1000 : 1,
            maxAgeMs: config.powerMaxAgeSeconds * 1000,
          }
        : undefined,
      availability: config.availabilityTopic
        ? {
            topic: config.availabilityTopic,
            field: config.availabilityField,
            online: config.payloadAvailable,
            offline: config.payloadNotAvailable,
          }
        : undefined,
      timeoutMs: config.timeoutMs,
    },
    deps,
  );
}

/**
 * Any relay on MQTT as an on/off miner (zigbee2mqtt, ESPHome, Shelly MQTT, …): command topic and
 * payloads, state read back from a state topic (queried when `queryTopic` is set, else the last
 * state the device pushed), optional power and availability topics.
 */
export const mqttSwitchMiner = defineMiner({
  type: 'mqtt-switch',
  description: 'a miner switched by any MQTT relay (command topic + state topic, optional power)',
  schema,
  create(config, deps): MinerAdapter {
    const device = mqttSwitchFromConfig(config, deps);
    return switchedMiner(device, { id: config.id, family: 'mqtt-switch', level: config.levels[0]! }, deps);
  },
});
