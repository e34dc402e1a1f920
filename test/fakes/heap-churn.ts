/**
 * A backtest-like allocation pattern for test/cli/heap-flags.test.ts: a live set of about 16 MiB of
 * small typed arrays, replaced a slice at a time, and short-lived garbage around it. Prints the
 * largest heap V8 held (MiB) and its largest young generation. The first argument: `plain`, `tuned`
 * (`keepBacktestHeapSmall` first), or `run-2-miners` / `run-10000-miners` (as `hashheat run`).
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { keepBacktestHeapSmall, keepYoungGenerationSmall, youngGenerationFor } from '../../src/heap-flags.js';

const mode = process.argv[2];
if (mode === 'tuned') keepBacktestHeapSmall();
// As `hashheat run` does: small first, then per the config's fleet size.
if (mode === 'run-2-miners' || mode === 'run-10000-miners') {
  keepYoungGenerationSmall();
  youngGenerationFor(mode === 'run-2-miners' ? 2 : 10_000);
}
const live: Float64Array[] = Array.from({ length: 4096 }, () => new Float64Array(512));
let peak = 0;
let young = 0;
let sink = 0;
for (let i = 0; i < 300_000; i++) {
  const scratch = new Float64Array(64);
  scratch[0] = i;
  sink += scratch[0]!;
  if (i % 8 === 0) live[(i / 8) % live.length] = new Float64Array(512);
  if (i % 500 === 0) {
    peak = Math.max(peak, process.memoryUsage().heapTotal);
    young = Math.max(young, getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size);
  }
}
process.stdout.write(`${(peak / 1048576).toFixed(1)} ${(young / 1048576).toFixed(1)} ${sink > 0}\n`);
