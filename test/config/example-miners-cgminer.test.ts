import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { avalonMiner } from '../../adapters/miners/avalon/avalon.js';
import { cgminerMiner } from '../../adapters/miners/cgminer/cgminer.js';
import { minerBaseSchema } from '../../config/common.js';
import { parseConfig } from '../../config/loader.js';
import { testAdapterDeps } from '../fakes/adapter-deps.js';
import { exampleMiners, expectMinersParse } from '../fakes/example-miners.js';

const FILE = 'config/example-miners-cgminer.yaml';
const plugins = [avalonMiner, cgminerMiner];

describe(FILE, () => {
  const text = readFileSync(FILE, 'utf8');
  const raw = { miners: exampleMiners(FILE) };

  it('parses every entry through its family schema', () => {
    expectMinersParse(raw.miners, plugins);
    expect(raw.miners.map((m) => `${m.id}:${m.type}`)).toEqual([
      'nano:avalon',
      'nano-bedroom:avalon',
      's9:cgminer',
      's9-bos:cgminer',
    ]);
  });

  it('loads as the miners of a whole config and builds adapters with the documented levels', () => {
    const whole = stringify({
      prices: { import: { type: 'fixed', perKWh: 0.3 } },
      revenue: { hashprice: { type: 'static', perThsDay: 0.034 } },
      zones: ['living', 'garage'].map((id) => ({ id, heater: { type: 'resistive' } })),
      miners: raw.miners,
    });
    const config = parseConfig(whole, {});
    const { deps } = testAdapterDeps();
    const levels = config.miners.map((m) => {
      const adapter = plugins.find((p) => p.type === m.type)!.create(m, deps);
      return `${m.id}: ${adapter
        .levels()
        .map((l) => `${l.id}/${l.powerW}W`)
        .join(' ')}`;
    });
    expect(levels).toEqual([
      'nano: off/0W eco/80W standard/110W super/140W',
      'nano-bedroom: off/0W quiet/78W warm/138W',
      's9: off/0W full/1350W',
      's9-bos: off/0W full/1200W',
    ]);
    expect(config.miners[0]).toMatchObject({
      port: 4028,
      softOff: 'auto',
      softSwitchLeadS: 5,
      timeoutMs: 5000,
    });
  });

  it('documents every family key', () => {
    const base = new Set(Object.keys(minerBaseSchema.shape));
    for (const plugin of plugins) {
      const own = Object.keys(plugin.schema.shape).filter((k) => !base.has(k) && k !== 'type');
      for (const key of own) expect(text, `${plugin.type}.${key}`).toMatch(new RegExp(`\\b${key}:`));
    }
    for (const key of ['workmode', 'command', 'parameter', 'off', 'on'])
      expect(text).toMatch(new RegExp(`\\b${key}:`));
  });
});
