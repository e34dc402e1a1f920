import { z } from 'zod';
import { DeviceError } from '../../src/errors.js';
import { ENTITY_ID } from '../homeassistant/entity-state.js';
import { defineSpeedTarget, type SpeedTarget } from './target.js';

const timeoutMs = z.number().int().positive().default(3000).describe('how long to wait for the device (ms)');
const fullScale = z
  .number()
  .positive()
  .default(100)
  .describe('the value sent for 100 % (100 for a percentage, 255 for an 8-bit PWM duty)');

/** The value sent for `percent` on a device whose full scale is `full` (rounded to whole steps). */
const scaled = (percent: number, full: number) => Math.round((percent / 100) * full);

/**
 * A speed on MQTT: the value published to one topic, raw (`42`) or as `{ "<field>": 42 }` (e.g. an
 * ESPHome `number` command topic, or a zigbee2mqtt `…/set` topic with the device's speed key). QoS 1;
 * done when the broker acknowledged it (nothing reads the speed back).
 */
export const mqttNumberTarget = defineSpeedTarget({
  type: 'mqtt-number',
  description: 'a fan or pump speed on an MQTT command topic (raw number or a JSON field)',
  schema: z
    .object({
      type: z.literal('mqtt-number'),
      commandTopic: z
        .string()
        .min(1)
        .describe('where the speed goes, e.g. esphome/garage/number/fan/command'),
      field: z.string().optional().describe('send {"<field>": value} instead of the bare number'),
      fullScale,
      retain: z
        .boolean()
        .default(false)
        .describe('publish retained (the device gets it after its own restart)'),
      timeoutMs,
    })
    .strict(),
  create(config, deps): SpeedTarget {
    const label = `mqtt-number ${config.commandTopic}`;
    return {
      label,
      setPercent(percent) {
        const bus = deps.mqtt;
        if (!bus?.connected) throw new DeviceError('UNREACHABLE', `${label}: no MQTT connection`);
        const value = scaled(percent, config.fullScale);
        const payload = config.field ? JSON.stringify({ [config.field]: value }) : String(value);
        return new Promise<void>((resolve, reject) => {
          const timer = deps.clock.setTimeout(
            () => reject(new DeviceError('TIMEOUT', `${label}: not acknowledged in ${config.timeoutMs} ms`)),
            config.timeoutMs,
          );
          bus.publish(config.commandTopic, payload, {
            qos: 1,
            retain: config.retain,
            onSent: () => {
              deps.clock.clearTimeout(timer);
              resolve();
            },
          });
        });
      },
      close: async () => undefined,
    };
  },
});

/**
 * A speed in Home Assistant (REST): `fan.set_percentage` with `percentage` for a `fan.*` entity,
 * `<domain>.set_value` with `value` for a `number.*` or `input_number.*` one
 * (https://www.home-assistant.io/integrations/fan/#action-fanset_percentage,
 * https://www.home-assistant.io/integrations/number/#actions).
 */
export const haNumberTarget = defineSpeedTarget({
  type: 'homeassistant-speed',
  description: 'a Home Assistant fan (set_percentage) or number / input_number (set_value) entity',
  schema: z
    .object({
      type: z.literal('homeassistant-speed'),
      entity: z
        .string()
        .regex(ENTITY_ID, 'an entity id such as fan.garage')
        .refine((e) => /^(fan|number|input_number)\./.test(e), 'a fan.*, number.* or input_number.* entity')
        .describe('the fan, number or input_number entity that takes the speed'),
      fullScale: fullScale.describe('the value sent for 100 % to a number entity (fans always take percent)'),
      timeoutMs,
    })
    .strict(),
  create(config, deps): SpeedTarget {
    const label = `homeassistant ${config.entity}`;
    const domain = config.entity.split('.')[0]!;
    return {
      label,
      async setPercent(percent) {
        const ha = deps.homeassistant;
        if (!ha) throw new DeviceError('UNSUPPORTED', `${label} needs the homeassistant section`, false);
        if (domain === 'fan')
          await ha.callService('fan', 'set_percentage', {
            entity_id: config.entity,
            percentage: Math.round(percent),
          });
        else
          await ha.callService(domain, 'set_value', {
            entity_id: config.entity,
            value: scaled(percent, config.fullScale),
          });
      },
      close: async () => undefined,
    };
  },
});
