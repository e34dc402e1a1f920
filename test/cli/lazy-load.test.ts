import { execFile, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
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

const REQUIRE_LOG = fileURLToPath(new URL('../history/require-log.mjs', import.meta.url));

/**
 * The ES modules and CommonJS files (as `pkg:<name>` for packages) a running `hashheat run` loaded by
 * the time its web page answers (its history open), stopped then with SIGTERM; and how
 * `GET /api/history` answered.
 */
function loadedByRunningAgent(
  config: string,
): Promise<{ modules: string[]; required: string[]; output: string; historyStatus: number | undefined }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [
      '--import',
      MODULE_LOG,
      '--import',
      REQUIRE_LOG,
      ...cliArgs(['run', '--dry-run', '--config', config]),
    ]);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    // The agent logs to stderr, beside the module lists. Once its page listens, one request to its
    // history API (which answers only with a history attached; and by then the agent handles SIGTERM).
    let historyStatus: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /"url":"([^"]+)","msg":"web page and API listening"/.exec(stderr)?.[1];
      if (url && historyStatus === undefined) {
        historyStatus = 0;
        fetch(`${url}api/history`).then(
          (reply) => {
            historyStatus = reply.status;
            child.kill('SIGTERM');
          },
          () => child.kill('SIGTERM'),
        );
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      const root = new URL('../../', import.meta.url);
      const asPackage = (path: string) =>
        path.replace(/^.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'pkg:$1');
      const lines = stderr.split('\n');
      resolve({
        modules: lines.filter((l) => l.startsWith('MODULE ')).map((l) => l.slice(7).replace(root.href, '')),
        required: lines.filter((l) => l.startsWith('REQUIRED ')).map((l) => asPackage(l.slice(9))),
        output: stdout + stderr,
        historyStatus,
      });
    });
  });
}

// Issue 16: the history is plain files; SQLite (WebAssembly, ~9 MiB resident) loads only to migrate or
// read an earlier version's history.sqlite.
it('hashheat run with a history section opens its history without loading SQLite', async () => {
  const dir = tempDataDir();
  const config = join(dir, 'hashheat.yaml');
  writeFileSync(
    config,
    `agent: { dataDir: ./state }
http: { listen: 127.0.0.1:0 }
history: {}
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners: [{ id: nano, type: simulated, levels: [{ id: low, powerW: 80, ths: 4 }] }]
`,
  );
  const { modules, required, output, historyStatus } = await loadedByRunningAgent(config);
  expect(historyStatus, output).toBe(200);
  expect(modules, output).toEqual(
    expect.arrayContaining([expect.stringMatching(/src\/history\/store\.[jt]s$/)]),
  );
  expect(required.length, output).toBeGreaterThan(0);
  expect(required.filter((p) => p === 'pkg:node-sqlite3-wasm')).toEqual([]);
  expect(existsSync(join(dir, 'state', 'history')), output).toBe(true);
}, 60_000);
