import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../config/loader.js';
import { configIssues } from '../fakes/config-issues.js';

const FILE = 'config/example-plugs.yaml';
const env = { SHELLY_PASSWORD: 'from-env' };

describe('config/example-plugs.yaml', () => {
  it('parses through the schemas with every documented key', () => {
    const config = loadConfig(FILE, env);
    const [plugMiner, withCompanion] = config.miners;
    expect(plugMiner).toMatchObject({
      id: 'hallway-s9',
      type: 'shelly',
      host: '192.168.1.31',
      switchId: 0,
      powerW: 1350,
      ths: 13.5,
      standbyW: 15,
      timeoutMs: 3000,
    });
    expect(config.followers).toEqual([
      {
        id: 'garage-fan',
        miners: ['garage'],
        zones: [],
        runOnMinutes: 5,
        plug: {
          type: 'shelly',
          host: '192.168.1.33',
          switchId: 0,
          timeoutMs: 3000,
          hardOffDelaySeconds: 60,
          bootSeconds: 180,
        },
      },
    ]);
    expect(withCompanion?.companion).toEqual({
      type: 'shelly',
      host: '192.168.1.32',
      switchId: 0,
      password: 'from-env',
      hardOffDelaySeconds: 60,
      bootSeconds: 180,
      timeoutMs: 3000,
    });
  });

  it('fills companion defaults and names a wrong key or plug type by its path', () => {
    const text = readFileSync(FILE, 'utf8');
    const minimal = text.replace(
      / {4}companion:[\s\S]*$/,
      '    companion: { type: shelly, host: 10.0.0.9 }\n',
    );
    expect(parseConfig(minimal, env).miners[1]?.companion).toEqual({
      type: 'shelly',
      host: '10.0.0.9',
      switchId: 0,
      hardOffDelaySeconds: 60,
      bootSeconds: 180,
      timeoutMs: 3000,
    });
    const issues = (yaml: string) => configIssues(yaml, env);
    expect(issues(minimal.replace('type: shelly, host', 'type: kasa, host'))).toEqual([
      'miners[1].companion.type: unknown type "kasa"; expected one of shelly, tasmota',
    ]);
    expect(issues(minimal.replace('host: 10.0.0.9', 'host: 10.0.0.9, hardOffDelay: 5'))).toEqual([
      'miners[1].companion.hardOffDelay: unknown key',
    ]);
    expect(issues(minimal.replace('powerW: 1350 ', ''))).toEqual([
      'miners[0].powerW: set powerW and ths (or one entry in levels)',
    ]);
  });
  it('rejects a follower of a miner that does not exist, naming the key', () => {
    const text = readFileSync(FILE, 'utf8').replace('miners: [garage]', 'miners: [gargae]');
    expect(() => parseConfig(text, env)).toThrow(/followers\[0\]\.miners\[0\]: no miner "gargae"/);
  });
  it('rejects a tasmota follower without the mqtt section', () => {
    const text = readFileSync(FILE, 'utf8').replace(
      'type: shelly\n      host: 192.168.1.33',
      'type: tasmota\n      topic: fan',
    );
    expect(() => parseConfig(text, env)).toThrow(
      /followers\[0\]\.plug\.type: a tasmota plug needs the mqtt section/,
    );
  });
});
