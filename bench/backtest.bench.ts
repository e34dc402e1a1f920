/** A full-year backtest of one config: wall time per strategy, peak memory, and the economic table. */
import { loadBacktestConfig } from '../src/backtest/config.js';
import { resultTable } from '../src/backtest/report-table.js';
import { runBacktest } from '../src/backtest/run.js';
import { buildWorld } from '../src/backtest/world.js';
import { peakRssMiB } from './stats.js';

const file = process.argv[2] ?? 'config/backtest-nano.yaml';
const started = performance.now();
const world = buildWorld(loadBacktestConfig(file));
const loadMs = performance.now() - started;
const result = runBacktest(world, { now: () => performance.now() });
const totalMs = performance.now() - started;
const perStrategy = result.strategies.map((s) => `${s.name} ${(s.wallMs / 1000).toFixed(2)} s`).join(', ');
process.stdout.write(
  `backtest ${file}: ${result.steps} hourly steps, ${result.strategies.length} strategies\n` +
    `  wall ${(totalMs / 1000).toFixed(1)} s (loading data ${(loadMs / 1000).toFixed(1)} s; ${perStrategy}), peak RSS ${peakRssMiB().toFixed(0)} MiB\n\n`,
);
process.stdout.write(`${resultTable(result)}\n`);
