import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { checkBacktestConfig, isBacktestConfig } from '../../src/cli/backtest-check.js';
import { configJsonSchema } from '../../src/cli/schema.js';
import { tempDataDir } from '../fakes/agent-config.js';
import { hashheatCli } from '../fakes/cli.js';

// One week cut from the shared data (see the file's header), data files beside it.
const WEEK = 'test/fixtures/backtest/backtest-week.yaml';

function check(file: string): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = checkBacktestConfig(file, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

/** The week's config copied into an empty folder, edited by `edit`: its relative data are not there. */
function copied(edit: (text: string) => string = (t) => t): string {
  const file = join(tempDataDir(), 'backtest.yaml');
  copyFileSync(WEEK, file);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return file;
}

describe('the backtest section in schema and check (issue 11: check said `backtest: unknown key`)', () => {
  it('hashheat schema describes the backtest section', () => {
    const schema = configJsonSchema() as {
      properties: Record<string, { properties?: Record<string, unknown> }>;
    };
    const backtest = schema.properties.backtest;
    expect(backtest).toBeDefined();
    expect(Object.keys(backtest!.properties ?? {})).toEqual(
      expect.arrayContaining([
        'dataDir',
        'from',
        'to',
        'stepMinutes',
        'prices',
        'outdoor',
        'hashprice',
        'house',
      ]),
    );
  });

  it('the config loader accepts a backtest section beside a full agent config', () => {
    const text = readFileSync(WEEK, 'utf8').replace(
      'site:',
      'prices: { import: { type: fixed, perKWh: 0.3 } }\nrevenue: { hashprice: { type: static, perThsDay: 0.034 } }\nsite:',
    );
    expect(parseConfig(text, {}).backtest).toMatchObject({ from: '2024-01-08', to: '2024-01-15' });
  });

  it('check validates a backtest config as backtest does and loads its data once', () => {
    expect(isBacktestConfig(WEEK)).toBe(true);
    expect(isBacktestConfig('config/example.yaml')).toBe(false);
    const { code, stdout, stderr } = check(WEEK);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /config +test\/fixtures\/backtest\/backtest-week\.yaml +ok +backtest 2024-01-08 → 2024-01-15, 1 miner; run it with hashheat backtest/,
    );
    expect(stdout).toMatch(/data +\S+test\/fixtures\/backtest +ok +168 steps of 60 min/);
  });

  it('check names missing data (exit 1) and a wrong backtest key (exit 2)', () => {
    const missing = check(copied());
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/data .* FAILED +ENOENT: .*prices-week\.csv/);

    const wrong = check(copied((t) => t.replace('from: 2024-01-08', 'from: 2024-01-08\n  stepMinutes: 45')));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /^hashheat: .*backtest\.yaml: invalid config:\n {2}- backtest\.stepMinutes: /,
    );
  });

  it('hashheat check on a backtest config, as a user runs it', async () => {
    const run = await hashheatCli(['check', '--config', WEEK]);
    expect(run.stderr).not.toContain('unknown key');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('run it with hashheat backtest');
  }, 60_000); // a CLI start-up through tsx
});
