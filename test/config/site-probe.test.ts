import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { buildModel } from '../../src/agent/build-model.js';

const MINIMAL = `
site: { timeZone: Europe/Berlin, currency: EUR, probe: { probeSeconds: 30 } }
prices:
  import: { type: fixed, perKWh: 0.30 }
  export: { type: fixed, perKWh: 0 }
revenue:
  hashprice: { type: static, perThsDay: 0.034 }
signals:
  - { type: static, signal: pv.availableW, value: 1200 }
miners:
  - { id: garage, type: simulated, levels: [{ id: eco, powerW: 400, ths: 20 }] }
`;

describe('site.probe and pv.availableW (issue 19)', () => {
  it('a probe section is on with its defaults filled in, and the model carries it in ms', () => {
    const config = parseConfig(MINIMAL, {});
    expect(config.site.probe).toEqual({
      enabled: true,
      probeSeconds: 30,
      everyMinutes: 5,
      importToleranceW: 50,
      stepW: 100,
    });
    expect(buildModel(config, {}).probe).toEqual({
      probeMs: 30_000,
      everyMs: 300_000,
      importToleranceW: 50,
      stepW: 100,
    });
    expect(config.signals[0]).toMatchObject({ signal: 'pv.availableW' });
  });

  it('the example documents it switched off, and switched off the model has none', () => {
    const config = parseConfig(readFileSync('config/example.yaml', 'utf8'), {
      MINER_PASSWORD: 'x',
      HA_TOKEN: 't',
      HASHHEAT_HTTP_TOKEN: 'a-token-of-16-chars',
    });
    expect(config.site.probe?.enabled).toBe(false);
    expect(buildModel(config, {}).probe).toBeUndefined();
  });

  it('rejects an unknown probe key', () => {
    expect(() => parseConfig(MINIMAL.replace('probeSeconds: 30', 'probeSecs: 30'), {})).toThrow(/probe/);
  });
});
