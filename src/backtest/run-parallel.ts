import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { setV8Flags } from '../heap-flags.js';
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

/**
 * Starts the optimum's worker thread on its script, setting `ready` to 1 once the thread runs (a test
 * passes a script that runs the TypeScript sources, or a start of its own).
 */
export type StartWorker = (script: URL, ready: Int32Array) => Worker;

/**
 * What the worker thread runs first, before any module loads (Node's ES module loader alone allocates
 * enough to grow the thread's young generation while the growth factor is V8's): it says it runs, then
 * imports the script.
 */
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
Atomics.store(workerData.ready, 0, 1);
Atomics.notify(workerData.ready, 0);
import(workerData.script);`;

export const startWorker: StartWorker = (script, ready) =>
  new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { script: script.href, ready },
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });

/**
 * How long this thread waits at most for the worker thread to run (it says so after about 50 ms; a
 * thread that fails before that costs this much, and its error then ends the run).
 */
const READY_WAIT_MS = 5_000;

/** The built worker script next to this module, or undefined (the TypeScript sources have none). */
function builtWorkerScript(): URL | undefined {
  const url = new URL('./optimum-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** An optimum the worker solved, or its end of work. */
type WorkerAnswer = { name: OptimumName; solved: SolvedOptimum; ms: number } | { done: true };

/**
 * Starts the worker on the optima and settles with what it solved once it has nothing left to take.
 *
 * Setting up the worker's isolate resets a young-generation growth factor below 2 for the whole
 * process (src/heap-flags.ts), so `v8Flags` are set again after that. Until then this thread blocks
 * (`Atomics.wait` allocates nothing, so no scavenge can grow its young generation in between): when
 * it awaited the worker's `online` event instead, a scavenge in that window grew it in 5 of 155 week
 * backtests, and in 5 of 60 with both cores busy (test/cli/backtest-heap.test.ts failed in CI); 0 of
 * 60 with them busy since.
 */
function solveInWorker(
  start: StartWorker,
  script: URL,
  world: BacktestWorld,
  optima: readonly OptimumName[],
  claims: Int32Array,
  v8Flags: readonly string[],
): Promise<Solved> {
  const ready = new Int32Array(new SharedArrayBuffer(4));
  const worker = start(script, ready);
  Atomics.wait(ready, 0, 0, READY_WAIT_MS);
  setV8Flags(v8Flags);
  return new Promise<Solved>((resolve, reject) => {
    const solved: Solved = {};
    worker.on('message', (answer: WorkerAnswer) => {
      if ('done' in answer) {
        resolve(solved);
        void worker.terminate();
      } else solved[answer.name] = { solved: answer.solved, ms: answer.ms };
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the optimum solver's worker thread exited with code ${code}`));
    });
    const jobs = optima.map((name) => ({ name, penalties: optimumPenalties(world, name) }));
    worker.postMessage({ world: replayPart(world), jobs, claims });
  });
}

/** The flag value this thread sets on a job it takes itself (the worker sets 1). */
const MAIN_CLAIM = 2;

/**
 * `runBacktest` with the two optima (dynamic programmes over the whole period) solved in one worker
 * thread while this thread replays the other strategies; an optimum the worker has not started by
 * the time this thread is done is solved here, so both cores stay busy and never three threads
 * share two. The results are the same, bit for bit (the same code on the same data). With one
 * core, or from the TypeScript sources (no built worker script), everything runs here.
 */
export async function runBacktestInParallel(
  world: BacktestWorld,
  options: RunOptions = {},
  workers: {
    script?: URL;
    start?: StartWorker;
    cores?: number;
    /** Leave every optimum to the worker, even one it has not started (tests of the worker's part). */
    leaveToWorker?: boolean;
    /**
     * V8 flags to set again once the worker runs: setting up its isolate resets a semi-space growth
     * factor below 2 for the whole process (src/heap-flags.ts), so the CLI passes its heap flags here.
     * This thread waits for that (about 50 ms) before it allocates again.
     */
    v8Flags?: readonly string[];
  } = {},
): Promise<BacktestResult> {
  const names = options.strategies ?? STRATEGIES;
  const optima = (['optimum', 'money'] as const).filter((name) => names.includes(name));
  const script = workers.script ?? builtWorkerScript();
  const cores = workers.cores ?? availableParallelism();
  if (!script || optima.length === 0 || cores < 2) return runBacktest(world, options);
  const claims = new Int32Array(new SharedArrayBuffer(4 * optima.length));
  const inWorker = solveInWorker(
    workers.start ?? startWorker,
    script,
    world,
    optima,
    claims,
    workers.v8Flags ?? [],
  );
  // A worker that fails while this thread is busy rejects at the `await` below; this only keeps Node from
  // reporting the rejection as unhandled in the meantime.
  inWorker.catch(() => undefined);
  const baseline = baselineReplay(world);
  const here = runStrategies(
    world,
    names.filter((name) => name !== 'optimum' && name !== 'money'),
    baseline,
    options,
  );
  const mine = workers.leaveToWorker
    ? []
    : optima.filter((_, i) => Atomics.compareExchange(claims, i, 0, MAIN_CLAIM) === 0);
  const solvedHere = runStrategies(world, mine, baseline, options);
  const solved = await inWorker;
  const there = runStrategies(
    world,
    optima.filter((name) => !mine.includes(name)),
    baseline,
    options,
    solved,
  );
  return backtestResult(world, names, baseline, [...here, ...solvedHere, ...there]);
}
