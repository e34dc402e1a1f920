/** A full-year backtest of one config: wall time per strategy, peak memory, and the economic table. */
import { loadBacktestConfig } from '../src/backtest/config.js';
import { resultTable } from '../src/backtest/report-table.js';
import { runBacktestInParallel } from '../src/backtest/run-parallel.js';
import { buildWorld } from '../src/backtest/world.js';
import { peakRssMiB } from './stats.js';
import { reportRow } from './target.js';

const file = process.argv[2] ?? 'config/backtest-nano.yaml';
const started = performance.now();
const world = buildWorld(loadBacktestConfig(file));
const loadMs = performance.now() - started;
const result = await runBacktestInParallel(world, { now: () => performance.now() });
const totalMs = performance.now() - started;
const perStrategy = result.strategies.map((s) => `${s.name} ${(s.wallMs / 1000).toFixed(2)} s`).join(', ');
process.stdout.write(
  `backtest ${file}: ${result.steps} hourly steps, ${result.strategies.length} strategies ` +
    `(loading data ${(loadMs / 1000).toFixed(1)} s; ${perStrategy}):\n`,
);
reportRow({ what: 'full year, all strategies, wall', measured: totalMs / 1000, target: 5, unit: 's' });
reportRow({ what: 'peak resident memory', measured: peakRssMiB(), target: 150, unit: 'MiB' });
process.stdout.write(`\n${resultTable(result)}\n`);
