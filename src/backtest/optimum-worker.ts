/**
 * A worker thread that solves the optima (src/backtest/run-parallel.ts): it receives the replay part
 * of the world and one job per optimum, and solves each job it claims first, posting back the
 * schedules and how long the solve took. The main thread claims what is left once its own strategies
 * are done (a shared flag per job, set once by whoever takes it). It loads only the solver and the
 * replay, not the config code.
 */
import { parentPort } from 'node:worker_threads';
import type { Penalties } from './objective.js';
import type { ReplayWorld } from './replay-world.js';
import { solveOptimum } from './strategies/optimum.js';

/** What the main thread sends: the world, the jobs, and one claim flag per job (0 = free). */
export interface OptimumJobs {
  world: ReplayWorld;
  jobs: { name: string; penalties: Penalties }[];
  claims: Int32Array;
}

/** The flag value the worker sets on a job it takes (the main thread sets 2). */
const WORKER_CLAIM = 1;

parentPort?.once('message', ({ world, jobs, claims }: OptimumJobs) => {
  jobs.forEach((job, i) => {
    if (Atomics.compareExchange(claims, i, 0, WORKER_CLAIM) !== 0) return;
    const started = performance.now();
    const solved = solveOptimum(world, job.penalties);
    parentPort?.postMessage({ name: job.name, solved, ms: performance.now() - started });
  });
  parentPort?.postMessage({ done: true });
});
