import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../config/loader.js';
import { parseBacktestConfig } from '../../src/backtest/config.js';
import { ConfigError } from '../../src/errors.js';
import { hashheatCli } from '../fakes/cli.js';

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config errors a person can act on (issue 11)', () => {
  it('a YAML syntax error names the line and column and shows the offending line', () => {
    const text = 'site: { timeZone: Europe/Berlin, currency: EUR }\nagent:\n  tick: a: b\n';
    const error = configErrorOf(() => parseConfig(text, {}));
    expect(error.issues).toEqual([
      'YAML line 3, column 9: Nested mappings are not allowed in compact mappings\n' +
        '        tick: a: b\n' +
        '              ^',
    ]);
    expect(error.message).not.toMatch(/:\s*$/);
  });

  it('a backtest config reports YAML errors the same way', () => {
    const error = configErrorOf(() => parseBacktestConfig('backtest:\n  from: [2024\n', '.'));
    expect(error.issues[0]).toMatch(/^YAML line \d+, column \d+: .+\n {6}.*\n {6} *\^$/);
  });

  it('a missing config file says it is missing and how to start, not "invalid config"', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hashheat-')), 'hashheat.yaml');
    const error = configErrorOf(() => loadConfig(file, {}));
    expect(error.message).toMatch(/^config file missing:/);
    expect(error.message).not.toContain('invalid config');
    expect(error.issues[0]).toContain(`${file} does not exist`);
    expect(error.issues[0]).toContain(`cp config/example.yaml ${file}`);
  });

  it('`hashheat check` without a config file exits 2 with that hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hashheat-'));
    writeFileSync(join(dir, 'README'), 'an empty project folder\n');
    const run = await hashheatCli(['check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^hashheat: config\/hashheat\.yaml: config file missing:\n/);
    // From a folder without the repository's config/, the hint names the shipped example by its full path.
    const example = resolve('config/example.yaml');
    expect(run.stderr).toContain(`cp ${example} config/hashheat.yaml`);
    expect(run.stderr).toContain(`hashheat run --config ${resolve('config/demo.yaml')}`);
    expect(existsSync(example)).toBe(true);
  }, 40_000);
});
