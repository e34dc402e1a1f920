// Registered with `node --import <this file>`: prints the main thread's young generation (V8's new
// space, MiB) to stderr as `NEW_SPACE <MiB>` when the process exits (test/cli/backtest-heap.test.ts).
// `--import` runs in worker threads too: theirs (the optimum's worker keeps 4 MiB) is not printed.
import { getHeapSpaceStatistics } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stderr.write(`NEW_SPACE ${(space.space_size / 1048576).toFixed(1)}\n`);
  });
}
