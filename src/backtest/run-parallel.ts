import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { replayPart } from './replay-world.js';
import {
  type BacktestResult,
  backtestResult,
  baselineReplay,
  type RunOptions,
  runBacktest,
  runStrategies,
  type Solved,
  STRATEGIES,
} from './run.js';
import { type OptimumName, optimumPenalties, type SolvedOptimum } from './strategies/optimum.js';
import type { BacktestWorld } from './world.js';

/**
 * A worker's young generation (MiB): the solver's garbage is short-lived typed arrays and small
 * objects, and V8's default (up to 3 × 16 MiB) only adds resident memory here (measured: a full-year
 * Nano backtest peaked at 360 MiB with the default, 270–280 MiB with 4, at the same CPU time).
 */
const WORKER_YOUNG_MB = 4;

/** Starts the optimum's worker thread from its script (a test passes one that runs the TypeScript sources). */
export type StartWorker = (script: URL) => Worker;

const startWorker: StartWorker = (script) =>
  new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });

/** The built worker script next to this module, or undefined (the TypeScript sources have none). */
function builtWorkerScript(): URL | undefined {
  const url = new URL('./optimum-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** Solves one optimum in a worker thread. */
function solveInWorker(
  start: StartWorker,
  script: URL,
  world: BacktestWorld,
  name: OptimumName,
): Promise<{ solved: SolvedOptimum; ms: number }> {
  return new Promise((resolve, reject) => {
    const worker = start(script);
    worker.once('message', (answer: { solved: SolvedOptimum; ms: number }) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the ${name} solver's worker thread exited with code ${code}`));
    });
    worker.postMessage({ world: replayPart(world), penalties: optimumPenalties(world, name) });
  });
}

/**
 * `runBacktest` with the two optima (the longest strategies: a dynamic programme over a whole
 * year) solved in worker threads while this thread replays the other strategies; the results are
 * the same, bit for bit (the same code on the same data). With one core, or from the TypeScript
 * sources (no built worker script), everything runs here, one strategy after another.
 */
export async function runBacktestInParallel(
  world: BacktestWorld,
  options: RunOptions = {},
  workers: { script?: URL; start?: StartWorker; cores?: number } = {},
): Promise<BacktestResult> {
  const names = options.strategies ?? STRATEGIES;
  const optima = (['optimum', 'money'] as const).filter((name) => names.includes(name));
  const script = workers.script ?? builtWorkerScript();
  const cores = workers.cores ?? availableParallelism();
  if (!script || optima.length === 0 || cores < 2) return runBacktest(world, options);
  const start = workers.start ?? startWorker;
  const started = optima.map((name) =>
    solveInWorker(start, script, world, name).then((s) => [name, s] as const),
  );
  const baseline = baselineReplay(world);
  const here = runStrategies(
    world,
    names.filter((name) => name !== 'optimum' && name !== 'money'),
    baseline,
    options,
  );
  const solved: Solved = Object.fromEntries(await Promise.all(started));
  const there = runStrategies(world, optima, baseline, options, solved);
  return backtestResult(world, names, baseline, [...here, ...there]);
}
