import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import type { AdapterDeps } from '../../deps.js';
import { mqttSwitchDevice } from './mqtt-switch-device.js';
import { type SwitchDevice, unusableDevice } from './switch-device.js';

/** Fields that locate one Tasmota relay on MQTT (shared by the miner and the companion plug). */
export const tasmotaFields = {
  topic: z
    .string()
    .regex(/^[^/#+\s]+$/, 'the device topic only, e.g. tasmota_A1B2C3')
    .describe('Tasmota device topic (default tasmota_<last 6 MAC hex digits>)'),
  fullTopic: z
    .string()
    .regex(/%prefix%/, 'must contain %prefix%')
    .regex(/%topic%/, 'must contain %topic%')
    .default('%prefix%/%topic%/')
    .describe('Tasmota FullTopic setting; default %prefix%/%topic%/'),
  relay: z
    .number()
    .int()
    .min(1)
    .max(32)
    .optional()
    .describe('relay number on multi-relay devices (POWER<n>); omit for a single relay'),
  sensorMaxAgeSeconds: z
    .number()
    .positive()
    .default(600)
    .describe('measured power older than this is not reported (s); Tasmota TelePeriod defaults to 300 s'),
};

/** Parsed Tasmota location fields. */
export interface TasmotaLocation {
  topic: string;
  fullTopic: string;
  relay?: number | undefined;
  sensorMaxAgeSeconds: number;
  timeoutMs: number;
}

/**
 * A Tasmota relay over MQTT (reference/miners.md §8.2): `cmnd/<topic>/POWER` ON/OFF (empty payload
 * queries), replies on `stat/<topic>/RESULT` {"POWER":"ON"} and `stat/<topic>/POWER`, power from
 * `tele/<topic>/SENSOR` ENERGY.Power or a `Status 10` reply, reachability from the retained LWT.
 */
export function tasmotaDevice(location: TasmotaLocation, deps: AdapterDeps): SwitchDevice {
  const label = `tasmota ${location.topic}`;
  if (!deps.mqtt)
    return unusableDevice(label, new DeviceError('UNSUPPORTED', `${label} needs the mqtt section`, false));
  const at = (prefix: string, command: string) =>
    `${location.fullTopic.replace('%prefix%', prefix).replace('%topic%', location.topic).replace(/\/+$/, '')}/${command}`;
  const power = location.relay === undefined ? 'POWER' : `POWER${location.relay}`;
  return mqttSwitchDevice(
    deps.mqtt,
    {
      label,
      command: { topic: at('cmnd', power), on: 'ON', off: 'OFF' },
      states: [
        { topic: at('stat', power) },
        { topic: at('stat', 'RESULT'), field: power },
        // A single-relay device answers POWER1 as POWER: accept both for relay 1.
        ...(location.relay === 1
          ? [{ topic: at('stat', 'POWER') }, { topic: at('stat', 'RESULT'), field: 'POWER' }]
          : []),
      ],
      stateOn: ['ON', '1'],
      stateOff: ['OFF', '0'],
      query: { topic: at('cmnd', power), payload: '' },
      power: {
        sources: [
          { topic: at('tele', 'SENSOR'), field: 'ENERGY.Power' },
          { topic: at('stat', 'STATUS10'), field: 'StatusSNS.ENERGY.Power' },
        ],
        index: (location.relay ?? 1) - 1,
        scaleToW: 1,
        maxAgeMs: location.sensorMaxAgeSeconds * 1000,
      },
      powerQuery: { topic: at('cmnd', 'Status'), payload: '10' },
      availability: { topic: at('tele', 'LWT'), online: 'Online', offline: 'Offline' },
      timeoutMs: location.timeoutMs,
    },
    deps,
  );
}
