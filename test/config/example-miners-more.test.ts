import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { antminerMiner } from '../../adapters/miners/antminer/antminer.js';
import { luxosMiner } from '../../adapters/miners/luxos/luxos.js';
import { vnishMiner } from '../../adapters/miners/vnish/vnish.js';
import { whatsminerMiner } from '../../adapters/miners/whatsminer/whatsminer.js';
import { minerBaseSchema } from '../../config/common.js';
import { parseConfig } from '../../config/loader.js';
import { exampleMiners, expectMinersParse } from '../fakes/example-miners.js';

const FILE = 'config/example-miners-more.yaml';
const plugins = [whatsminerMiner, luxosMiner, vnishMiner, antminerMiner];
const ENV = { WHATSMINER_PASSWORD: 'w', VNISH_PASSWORD: 'v', ANTMINER_PASSWORD: 'a' };

/** The keys of a family's level objects beyond id, powerW and ths. */
function levelKeys(plugin: (typeof plugins)[number]): string[] {
  const levels = plugin.schema.shape.levels as unknown as { element?: { shape?: Record<string, unknown> } };
  return Object.keys(levels.element?.shape ?? {}).filter((k) => !['id', 'powerW', 'ths'].includes(k));
}

describe(FILE, () => {
  const text = readFileSync(FILE, 'utf8');
  const raw = { miners: exampleMiners(FILE) };

  it('parses every entry through its family schema', () => {
    const miners = expectMinersParse(raw.miners, plugins, ENV);
    expect(new Set(miners.map((m) => m.type))).toEqual(new Set(plugins.map((p) => p.type)));
  });

  it('loads as the miners of a whole config (registered families, secrets from the environment)', () => {
    const whole = stringify({
      prices: { import: { type: 'fixed', perKWh: 0.3 } },
      revenue: { hashprice: { type: 'static', perThsDay: 0.034 } },
      zones: [{ id: 'living', heater: { type: 'resistive' } }],
      miners: raw.miners,
    });
    const config = parseConfig(whole, ENV);
    expect(config.miners.map((m) => `${m.id}:${m.type}`)).toEqual([
      'm50:whatsminer',
      's19-lux:luxos',
      's19-vnish:vnish',
      's19-vnish-throttled:vnish',
      's19-stock:antminer',
    ]);
    expect(config.miners[0]).toMatchObject({ password: 'w', api: 'auto', v3Port: 4433, account: 'super' });
    expect(config.miners[0]!.levels?.[0]).toMatchObject({ id: 'eco', powerLimitW: 2500 });
    expect(config.miners[2]!.levels?.[0]).toMatchObject({ preset: '1100' });
    expect(config.miners[4]).toMatchObject({ username: 'root', password: 'a', modeAsString: false });
    expect(config.miners[4]!.companion).toMatchObject({ type: 'shelly', host: '10.0.0.63' });
  });

  it('documents every family key and every level key', () => {
    const base = new Set(Object.keys(minerBaseSchema.shape));
    for (const plugin of plugins) {
      const own = Object.keys(plugin.schema.shape).filter((k) => !base.has(k) && k !== 'type');
      for (const key of [...own, ...levelKeys(plugin)])
        expect(text, `${plugin.type}.${key}`).toMatch(new RegExp(`\\b${key}:`));
    }
  });

  it('takes every secret from the environment', () => {
    for (const miner of raw.miners)
      if ('password' in miner) expect(miner.password, String(miner.id)).toMatch(/^\$\{[A-Z0-9_]+\}$/);
  });
});
