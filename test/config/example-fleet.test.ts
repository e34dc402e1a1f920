import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';

const FILE = 'config/example-fleet.yaml';
const ENV = { MQTT_PASSWORD: 'x', BRAIINS_PASSWORD: 'y' };

describe(FILE, () => {
  it('parses as a whole config with a fleet shard', () => {
    const config = parseConfig(readFileSync(FILE, 'utf8'), ENV);
    expect(config.fleet).toEqual({
      site: 'greenhouse-1',
      shard: 'rack-a',
      offerTtlSeconds: 90,
      surplusOnly: false,
      heatDemandZone: 'greenhouse',
    });
    expect(config.site.maxPowerW).toBe(1_500_000);
  });

  it('rejects a fleet without mqtt or without site.maxPowerW, and a shard name that is not one topic level', () => {
    const text = readFileSync(FILE, 'utf8');
    const noMqtt = text.replace(/^mqtt:\n( {2}.*\n)+/m, '');
    expect(() => parseConfig(noMqtt, ENV)).toThrow(/fleet.*mqtt/s);
    const noLimit = text.replace(/^ {2}maxPowerW: .*\n/m, '');
    expect(() => parseConfig(noLimit, ENV)).toThrow(/fleet.*site\.maxPowerW/s);
    expect(() => parseConfig(text.replace('shard: rack-a', 'shard: rack/+'), ENV)).toThrow(/fleet\.shard/);
    const noZone = text.replace('heatDemandZone: greenhouse', 'heatDemandZone: barn');
    expect(() => parseConfig(noZone, ENV)).toThrow(/fleet\.heatDemandZone.*no zone "barn"/s);
  });
});
