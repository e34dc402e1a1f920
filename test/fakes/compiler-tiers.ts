/**
 * For test/cli/heap-flags.test.ts: sets V8's compilers as `hashheat run` does for the fleet size in
 * the first argument (`interpretOnly`, then `compilersFor`), makes one function hot, and prints
 * whether V8 optimized it. Run with `--allow-natives-syntax`.
 */
import { compilersFor, interpretOnly } from '../../src/heap-flags.js';

interpretOnly();
compilersFor(Number(process.argv[2]));
// V8's %GetOptimizationStatus: bit 4 "optimized", bit 7 "interpreted" (src/runtime/runtime-test.cc).
const status = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
function hot(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.sqrt(i) * (i & 7);
  return s;
}
let sink = 0;
for (let k = 0; k < 300; k++) sink += hot(10_000);
const bits = status(hot);
process.stdout.write(
  `${bits & (1 << 4) ? 'optimized' : bits & (1 << 7) ? 'interpreted' : `other ${bits}`} ${sink > 0}\n`,
);
