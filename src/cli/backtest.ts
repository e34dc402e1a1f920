import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { type BacktestConfig, loadBacktestConfig } from '../backtest/config.js';
import { resultHtml } from '../backtest/report-html.js';
import { resultJson, resultTable } from '../backtest/report-table.js';
import { STRATEGIES, type StrategyName } from '../backtest/run.js';
import { runBacktestInParallel } from '../backtest/run-parallel.js';
import { buildWorld } from '../backtest/world.js';
import { ConfigError } from '../errors.js';
import { EXIT_CONFIG } from './load.js';
import { progressBar } from './progress.js';

/** Options of `hashheat backtest`. */
export interface BacktestOptions {
  config: string;
  json?: boolean;
  /** HTML report path, or false for none. */
  report?: string | false;
  strategies?: string;
  from?: string;
  to?: string;
  progress?: boolean;
}

/** Where output goes; the CLI passes the process streams, tests pass buffers. */
export interface BacktestIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

function strategiesOf(list: string | undefined): StrategyName[] {
  if (!list) return [...STRATEGIES];
  const names = list.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !(STRATEGIES as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new ConfigError([`--strategies: unknown ${unknown.join(', ')}; use ${STRATEGIES.join(', ')}`]);
  return names as StrategyName[];
}

/** Default report path: `report-<config name>.html` in the working directory. */
export function defaultReportPath(configFile: string): string {
  return `report-${basename(configFile, extname(configFile))}.html`;
}

/**
 * `hashheat backtest`: replays the data with every strategy; prints a table (or JSON) and writes the
 * HTML report. Returns the exit code. `workerFlags`: the V8 flags to set again once the optimum's
 * worker thread runs (the CLI's heap flags, src/heap-flags.ts; tests pass none and leave their
 * process alone).
 */
export async function backtestCommand(
  options: BacktestOptions,
  io: BacktestIo,
  workerFlags: readonly string[] = [],
): Promise<number> {
  let bc: BacktestConfig;
  let strategies: StrategyName[];
  try {
    bc = loadBacktestConfig(options.config);
    if (options.from) bc = { ...bc, backtest: { ...bc.backtest, from: options.from } };
    if (options.to) bc = { ...bc, backtest: { ...bc.backtest, to: options.to } };
    strategies = strategiesOf(options.strategies);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`hashheat: ${options.config}: ${error.message}\n`);
      return EXIT_CONFIG;
    }
    throw error;
  }
  const bar = options.progress === false ? undefined : progressBar(io.stderr);
  try {
    bar?.update('loading data', 0);
    const world = buildWorld(bc);
    const result = await runBacktestInParallel(
      world,
      {
        strategies,
        now: () => performance.now(),
        ...(bar ? { onProgress: (name: string, f: number) => bar.update(name, f) } : {}),
      },
      { v8Flags: workerFlags },
    );
    bar?.done();
    io.stdout.write(`${options.json ? resultJson(result) : resultTable(result, bc.config.site.timeZone)}\n`);
    const report = options.report === undefined ? defaultReportPath(options.config) : options.report;
    if (report) {
      writeFileSync(report, resultHtml(result, world));
      if (!options.json) io.stdout.write(`report: ${report}\n`);
    }
    return 0;
  } catch (error) {
    bar?.done();
    io.stderr.write(`hashheat backtest: ${(error as Error).message}\n`);
    return 1;
  }
}
