/**
 * `npm run bench`: every benchmark in its own process (so peak memory is its own), with the machine
 * it ran on. Never part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

const benches: [string, ...string[]][] = [
  ['bench/decide.bench.ts'],
  ['bench/planner.bench.ts'],
  ['bench/agent-memory.bench.ts'],
  ['bench/backtest.bench.ts', 'config/backtest-nano.yaml'],
  ['bench/backtest.bench.ts', 'config/backtest-s9-pv.yaml'],
];

const cpu = cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(
  `machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ` +
    `load average ${loadavg()[0]!.toFixed(1)} at start\n\n`,
);
let failed = 0;
for (const [file, ...args] of benches) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
  process.stdout.write('\n');
}
process.exitCode = failed > 0 ? 1 : 0;
