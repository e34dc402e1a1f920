import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../config/loader.js';
import { ConfigError } from '../../src/errors.js';

const FILE = 'config/example-inputs.yaml';

describe(FILE, () => {
  const text = readFileSync(FILE, 'utf8');

  it('parses as a whole config, the token taken from the environment', () => {
    const config = parseConfig(text, { HA_TOKEN: 'secret-from-env' });
    expect(config.homeassistant).toEqual({
      url: 'http://homeassistant.local:8123',
      token: 'secret-from-env',
      timeoutMs: 5000,
    });
    const signals = config.signals as Record<string, unknown>[];
    expect(signals.map((s) => `${s.type}:${s.signal}`)).toEqual([
      'mqtt:grid.powerW',
      'homeassistant:zone.living.tempC',
      'homeassistant:pv.powerW',
      'homeassistant:outdoor.tempC',
    ]);
    expect(signals[0]).toMatchObject({ invert: true, field: 'ENERGY.Power', maxAgeSeconds: 60 });
    expect(signals[1]).toMatchObject({ mode: 'rest', entity: 'sensor.living_room_temperature' });
    expect(signals[2]).toMatchObject({ mode: 'websocket', intervalSeconds: 60, scale: 1, invert: false });
    expect(config.miners.map((m) => `${m.id}:${m.type}`)).toEqual([
      's9-garage:tasmota',
      'l3-shed:mqtt-switch',
      's19-basement:homeassistant-switch',
    ]);
    expect(config.miners[1]).toMatchObject({ payloadOn: '{"state":"ON"}', stateField: 'state' });
  });

  it('names the missing connection sections by key path', () => {
    const raw = parse(text) as Record<string, unknown>;
    delete raw.homeassistant;
    delete raw.mqtt;
    const error = (() => {
      try {
        parseConfig(stringify(raw), {});
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues).toEqual([
      'signals[0].type: type "mqtt" needs the mqtt section',
      'signals[1].type: type "homeassistant" needs the homeassistant section',
      'signals[2].type: type "homeassistant" needs the homeassistant section',
      'signals[3].type: type "homeassistant" in statestream mode needs the mqtt section',
      'miners[0].type: type "tasmota" needs the mqtt section',
      'miners[1].type: type "mqtt-switch" needs the mqtt section',
      'miners[2].type: type "homeassistant-switch" needs the homeassistant section',
    ]);
  });

  it('rejects an entity id that is not one and a unit that does not fit', () => {
    const raw = parse(text) as { signals: Record<string, unknown>[] };
    raw.signals[1]!.entity = 'living room';
    raw.signals[0]!.unit = '°C';
    expect(() => parseConfig(stringify(raw), { HA_TOKEN: 'x' })).toThrow(
      /signals\[0\]\.unit: unit °C does not fit grid\.powerW[\s\S]*signals\[1\]\.entity: an entity id such as sensor\.grid_power/,
    );
  });
});
