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

/** Starts the optimum's worker thread from its script (a test passes one that runs the TypeScript sources). */
export type StartWorker = (script: URL) => Worker;

const startWorker: StartWorker = (script) =>
  new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });

/** The built worker script next to this module, or undefined (the TypeScript sources have none). */
function builtWorkerScript(): URL | undefined {
  const url = new URL('./optimum-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** An optimum the worker solved, or its end of work. */
type WorkerAnswer = { name: OptimumName; solved: SolvedOptimum; ms: number } | { done: true };

/**
 * Starts the worker on the optima: `online` settles once it runs (or has failed), `solved` with what
 * it solved once it has nothing left to take.
 */
function solveInWorker(
  start: StartWorker,
  script: URL,
  world: BacktestWorld,
  optima: readonly OptimumName[],
  claims: Int32Array,
): { online: Promise<void>; solved: Promise<Solved> } {
  const worker = start(script);
  const online = new Promise<void>((resolve) => {
    worker.once('online', resolve);
    worker.once('error', () => resolve());
    worker.once('exit', () => resolve());
  });
  const solved = new Promise<Solved>((resolve, reject) => {
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
  return { online, solved };
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
     * This thread waits for that (about 50 ms) before its strategies allocate.
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
  const inWorker = solveInWorker(workers.start ?? startWorker, script, world, optima, claims);
  // A worker that fails while this thread is busy rejects at the `await` below; this only keeps Node from
  // reporting the rejection as unhandled in the meantime.
  inWorker.solved.catch(() => undefined);
  // Set up, the worker's isolate has reset the process's young-generation growth (src/heap-flags.ts).
  await inWorker.online;
  setV8Flags(workers.v8Flags ?? []);
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
  const solved = await inWorker.solved;
  const there = runStrategies(
    world,
    optima.filter((name) => !mine.includes(name)),
    baseline,
    options,
    solved,
  );
  return backtestResult(world, names, baseline, [...here, ...solvedHere, ...there]);
}
