import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { tempDataDir } from '../fakes/agent-config.js';
import { cliArgs } from '../fakes/cli.js';

const MODULE_LOG = fileURLToPath(new URL('../fakes/module-log.mjs', import.meta.url));

/** The modules `hashheat <args>` resolved, relative to the project (packages as `pkg:<name>`). */
function modulesOf(args: string[]): Promise<{ code: number; modules: string[]; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', MODULE_LOG, ...cliArgs(args)],
      { timeout: 40_000, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        const root = new URL('../../', import.meta.url).href;
        const modules = stderr
          .split('\n')
          .filter((l) => l.startsWith('MODULE '))
          .map((l) => l.slice(7).replace(root, ''))
          .map((u) => u.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'pkg:$1'));
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, modules, stderr });
      },
    );
  });
}

// Issue 16: the agent loads what its config uses, not every command of the CLI. Each command's module
// is imported by its action (src/cli/program.ts), and ical.js with a calendar source's first read.
it('hashheat run loads no other command, no backtest and no calendar parser', async () => {
  const dir = tempDataDir();
  const config = join(dir, 'hashheat.yaml');
  writeFileSync(
    config,
    `agent: { dataDir: ./state }
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners: [{ id: nano, type: simulated, levels: [{ id: low, powerW: 80, ths: 4 }] }]
`,
  );
  const { code, modules, stderr } = await modulesOf(['run', '--once', '--dry-run', '--config', config]);
  expect(code, stderr).toBe(0);
  expect(modules).toEqual(expect.arrayContaining([expect.stringMatching(/src\/agent\/agent\.[jt]s$/)]));
  const unwanted = modules.filter(
    (m) =>
      /src\/cli\/(backtest|report|init|probe|check|signals|data|house|schema|override)\.[jt]s$/.test(m) ||
      /src\/backtest\/(?!fetch\/base-urls)/.test(m) ||
      m === 'pkg:ical.js',
  );
  expect(unwanted).toEqual([]);
}, 60_000);
