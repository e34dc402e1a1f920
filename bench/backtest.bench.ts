/** A full-year backtest of one config: wall time per strategy, peak memory, and the economic table. */
import { BACKTEST_HEAP_FLAGS, keepBacktestHeapSmall } from '../src/heap-flags.js';
import { installTzifZones } from '../src/time-zones.js';
import { peakRssMiB } from './stats.js';
import { reportRow } from './target.js';

// As `hashheat backtest` does before it loads anything (src/cli/main.ts): the heap flags and luxon's
// zones from the tz database; the rest is imported after.
keepBacktestHeapSmall();
installTzifZones();
const { loadBacktestConfig } = await import('../src/backtest/config.js');
const { resultTable } = await import('../src/backtest/report-table.js');
const { runBacktestInParallel } = await import('../src/backtest/run-parallel.js');
const { buildWorld } = await import('../src/backtest/world.js');

const file = process.argv[2] ?? 'config/backtest-nano.yaml';
const started = performance.now();
const world = buildWorld(loadBacktestConfig(file));
const loadMs = performance.now() - started;
const result = await runBacktestInParallel(
  world,
  { now: () => performance.now() },
  { v8Flags: BACKTEST_HEAP_FLAGS },
);
const totalMs = performance.now() - started;
const perStrategy = result.strategies.map((s) => `${s.name} ${(s.wallMs / 1000).toFixed(2)} s`).join(', ');
process.stdout.write(
  `backtest ${file}: ${result.steps} hourly steps, ${result.strategies.length} strategies ` +
    `(loading data ${(loadMs / 1000).toFixed(1)} s; ${perStrategy}):\n`,
);
reportRow({ what: 'full year, all strategies, wall', measured: totalMs / 1000, target: 5, unit: 's' });
reportRow({ what: 'peak resident memory', measured: peakRssMiB(), target: 150, unit: 'MiB' });
process.stdout.write(`\n${resultTable(result)}\n`);
