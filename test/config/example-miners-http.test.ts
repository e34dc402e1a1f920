import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { bitaxeMiner } from '../../adapters/miners/bitaxe/bitaxe.js';
import { braiinsMiner } from '../../adapters/miners/braiins/braiins.js';
import { xmrigMiner } from '../../adapters/miners/xmrig/xmrig.js';
import { minerBaseSchema } from '../../config/common.js';
import { parseConfig } from '../../config/loader.js';
import { exampleMiners, expectMinersParse } from '../fakes/example-miners.js';

const FILE = 'config/example-miners-http.yaml';
const plugins = [braiinsMiner, bitaxeMiner, xmrigMiner];
const ENV = {
  BRAIINS_PASSWORD: 'p1',
  BRAIINS_S9_PASSWORD: 'p2',
  BRAIINS_S21_PASSWORD: 'p3',
  XMRIG_TOKEN: 't',
};

describe(FILE, () => {
  const text = readFileSync(FILE, 'utf8');
  const raw = { miners: exampleMiners(FILE) };

  it('parses every entry through its family schema', () => {
    const miners = expectMinersParse(raw.miners, plugins, ENV);
    expect(new Set(miners.map((m) => m.type))).toEqual(new Set(['braiins', 'bitaxe', 'xmrig']));
  });

  it('loads as the miners of a whole config (registered families, secrets from the environment)', () => {
    const whole = stringify({
      prices: { import: { type: 'fixed', perKWh: 0.3 } },
      revenue: { hashprice: { type: 'static', perThsDay: 0.034 } },
      zones: ['garage', 'den'].map((id) => ({ id, heater: { type: 'resistive' } })),
      miners: raw.miners,
    });
    const config = parseConfig(whole, ENV);
    expect(config.miners.map((m) => `${m.id}:${m.type}:${m.coin}`)).toEqual([
      's19:braiins:btc',
      's9:braiins:btc',
      's21:braiins:btc',
      'gamma:bitaxe:btc',
      'ultra:bitaxe:btc',
      'den-pc:xmrig:xmr',
    ]);
    expect(config.miners[0]).toMatchObject({ password: 'p1', username: 'root', timeoutMs: 5000 });
  });

  it('documents every family key', () => {
    const base = new Set(Object.keys(minerBaseSchema.shape));
    for (const plugin of plugins) {
      const own = Object.keys(plugin.schema.shape).filter((k) => !base.has(k) && k !== 'type');
      for (const key of own) expect(text, `${plugin.type}.${key}`).toMatch(new RegExp(`\\b${key}:`));
    }
  });

  it('takes every secret from the environment', () => {
    for (const miner of raw.miners) {
      for (const key of ['password', 'accessToken']) {
        if (key in miner) expect(miner[key], `${String(miner.id)}.${key}`).toMatch(/^\$\{[A-Z0-9_]+\}$/);
      }
    }
  });
});
