import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at its starting size for the long-running agent (issue 16: resident
 * memory). Loading the config schema and the plugins allocates quickly, so V8 grows the young
 * generation to 2 × 16 MiB and keeps it: about 13 MiB resident that an agent ticking every few
 * seconds never needs. The growth factor is read each time V8 considers growing the space, so
 * setting it before anything is loaded works; `--max-semi-space-size` is fixed when the heap is
 * created and cannot be changed here. `hashheat run` calls this (src/cli/main.ts) before it loads
 * anything else.
 *
 * V8 raises a growth factor below 2 back to 2, for the whole process, whenever it sets up a new
 * isolate (`Heap::ConfigureHeap`, src/heap/heap.cc): once a worker thread started later runs, the flag
 * must be set again (src/backtest/run-parallel.ts does, with the flags the CLI passes it).
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * Miners above which `hashheat run` lets V8 grow its young generation again: a tick for many miners
 * allocates megabytes, and in a young generation kept at 1 MiB the collector runs far more often.
 * Measured with simulated miners in one agent (bench/fleet.bench.ts): 10,000 miners 550 ms a tick
 * with V8's growth against 790–890 ms kept small, 1,000 miners 45–55 ms against 65 ms.
 */
export const LARGE_FLEET_MINERS = 100;

/**
 * After `keepYoungGenerationSmall`, once the config says how many miners there are: V8's own growth
 * (factor 2) for a fleet over `LARGE_FLEET_MINERS`, else kept small.
 */
export function youngGenerationFor(miners: number): void {
  setFlagsFromString(`--semi-space-growth-factor=${miners > LARGE_FLEET_MINERS ? 2 : 1}`);
}

/**
 * Runs JavaScript in V8's interpreter only: no optimizing compiler (TurboFan) and no baseline
 * compiler (Sparkplug). For an agent with a few miners, deciding every 30 s, compiled code buys
 * nothing measurable and costs memory: the compilers' own machine code paged in from the node binary
 * and the code they produce. Measured on the demo (2 miners, 30 s, built JS): 67.4 → 61.3 MiB
 * resident; `decide` for 10 miners 0.03 → 0.20 ms a tick (bench/decide.bench.ts, with the flags).
 * Both flags are read when V8 considers compiling a function, so setting them at start-up works and
 * `compilersFor` can turn them back on. `hashheat run` calls this before it loads anything else.
 */
export function interpretOnly(): void {
  setFlagsFromString('--no-opt');
  setFlagsFromString('--no-sparkplug');
}

/**
 * Miners up to which `hashheat run` stays in the interpreter. Above it, `decide` and the tick's
 * bookkeeping grow with the fleet (100 miners: 0.25–0.5 ms a tick compiled, several times that
 * interpreted), so V8 compiles as usual.
 */
export const SMALL_FLEET_MINERS = 10;

/** After `interpretOnly`, once the config says how many miners there are: V8's compilers back on for more than `SMALL_FLEET_MINERS`. */
export function compilersFor(miners: number): void {
  if (miners <= SMALL_FLEET_MINERS) return;
  setFlagsFromString('--opt');
  setFlagsFromString('--sparkplug');
}

/**
 * The V8 flags that bound the backtest's heap (issue 16: "≤ 150 MiB"): the young generation kept at
 * its starting size, as for the agent, and the old generation let grow by 20 % over its live size
 * after a full collection instead of V8's own factor, which reaches 4× when collections are cheap,
 * as they are here (a full-year run's live heap is about 20 MiB, mostly typed arrays, and each
 * thread's heap grew to about 100 MiB between collections). Both are process-wide and read when V8
 * decides to grow, so setting them at start-up takes effect.
 */
export const BACKTEST_HEAP_FLAGS: readonly string[] = [
  '--semi-space-growth-factor=1',
  '--heap-growing-percent=20',
];

/** Sets V8 flags in this process (every thread's heap). */
export function setV8Flags(flags: readonly string[]): void {
  for (const flag of flags) setFlagsFromString(flag);
}

/**
 * `hashheat backtest` (src/cli/main.ts) calls this before it loads anything else, and sets the
 * flags again once the optimum's worker runs. Measured on the full-year Nano backtest (`npm run
 * bench`, 2 cores): peak resident memory about 250–264 MiB → about 150 MiB, for 0–4 % more CPU time.
 */
export function keepBacktestHeapSmall(): void {
  setV8Flags(BACKTEST_HEAP_FLAGS);
}
