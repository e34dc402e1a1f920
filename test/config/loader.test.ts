import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { configProblems } from '../fakes/config-issues.js';

const MINIMAL = `
prices:
  import: { type: fixed, perKWh: 0.3 }
revenue:
  hashprice: { type: static, perThsDay: 0.034 }
miners:
  - id: nano
    type: simulated
    levels: [{ id: high, powerW: 140, ths: 6 }]
`;

function problems(text: string, env: Record<string, string> = {}): string[] {
  return configProblems(text, env);
}

describe('config loader', () => {
  it('fills in defaults and freezes the result', () => {
    const config = parseConfig(MINIMAL, {});
    expect(config.agent.tick).toBe('*/30 * * * * *');
    expect(config.guards.minOnSeconds).toBe(300);
    expect(config.site.currency).toBe('EUR');
    expect(config.miners[0]).toMatchObject({ id: 'nano', priority: 100, timeoutMs: 5000, coin: 'btc' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.miners[0])).toBe(true);
  });

  it('names a missing key', () => {
    expect(problems(MINIMAL.replace(/revenue:\n.*\n/, ''))).toEqual(['revenue: required (expected object)']);
  });

  it('names a wrong type with what was expected', () => {
    const issues = problems(MINIMAL.replace('perKWh: 0.3', 'perKWh: cheap'));
    expect(issues).toEqual(['prices.import.perKWh: Invalid input: expected number, received string']);
  });

  it('names an unknown miner type and lists the known ones', () => {
    const [issue] = problems(MINIMAL.replace('type: simulated', 'type: toaster'));
    expect(issue).toMatch(/^miners\[0\]\.type: unknown type "toaster"; expected one of .*simulated/);
  });

  it('names an unknown environment variable with its key path', () => {
    const text = MINIMAL.replace('perThsDay: 0.034', 'perThsDay: 0.034, note: "${HASHHEAT_NOPE}"');
    expect(problems(text)).toEqual(['revenue.hashprice.note: environment variable HASHHEAT_NOPE is not set']);
  });

  it('substitutes environment variables and keeps $${ as a literal', () => {
    const text = MINIMAL.replace('id: nano', () => 'id: ${MINER_ID}\n    name: "$${NOT_A_VAR}"');
    const config = parseConfig(text, { MINER_ID: 'attic' });
    expect(config.miners[0]).toMatchObject({ id: 'attic', name: '${NOT_A_VAR}' });
  });

  it('rejects unknown keys, bad references, time zones and cron expressions', () => {
    expect(problems(`${MINIMAL}\nsurprise: 1\n`)).toEqual(['surprise: unknown key']);
    expect(problems(MINIMAL.replace('type: simulated', 'type: simulated\n    zone: attic'))).toEqual([
      'miners[0].zone: no zone "attic" in zones',
    ]);
    expect(problems(`${MINIMAL}\nsite: { timeZone: Mars/Olympus }\n`)).toEqual([
      'site.timeZone: unknown time zone "Mars/Olympus"',
    ]);
    expect(problems(`${MINIMAL}\nagent: { tick: "every now and then" }\n`)).toEqual([
      'agent.tick: invalid cron expression "every now and then": 4 fields, expected 5 or 6',
    ]);
  });

  it('reports broken YAML', () => {
    expect(problems('miners: [\n')[0]).toMatch(/^YAML line \d+, column \d+: /);
  });

  it('accepts the demo and every example config', () => {
    const files = readdirSync('config').filter((f) => f === 'demo.yaml' || /^example.*\.yaml$/.test(f));
    expect(files).toContain('demo.yaml');
    expect(files).toContain('example.yaml');
    for (const file of files.filter((f) => f === 'demo.yaml' || f === 'example.yaml')) {
      expect(
        () =>
          parseConfig(readFileSync(`config/${file}`, 'utf8'), {
            MINER_PASSWORD: 'x',
            HA_TOKEN: 't',
            HASHHEAT_HTTP_TOKEN: 'a-token-of-16-chars',
          }),
        file,
      ).not.toThrow();
    }
  });
});
