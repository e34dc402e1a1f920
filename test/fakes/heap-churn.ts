/**
 * A backtest-like allocation pattern for test/cli/heap-flags.test.ts: a live set of about 16 MiB of
 * small typed arrays, replaced a slice at a time, and short-lived garbage around it. Prints the
 * largest heap V8 held (MiB). `tuned` as the first argument applies `keepBacktestHeapSmall` first.
 */
import { keepBacktestHeapSmall } from '../../src/heap-flags.js';

if (process.argv[2] === 'tuned') keepBacktestHeapSmall();
const live: Float64Array[] = Array.from({ length: 4096 }, () => new Float64Array(512));
let peak = 0;
let sink = 0;
for (let i = 0; i < 300_000; i++) {
  const scratch = new Float64Array(64);
  scratch[0] = i;
  sink += scratch[0]!;
  if (i % 8 === 0) live[(i / 8) % live.length] = new Float64Array(512);
  if (i % 500 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
}
process.stdout.write(`${(peak / 1048576).toFixed(1)} ${sink > 0}\n`);
