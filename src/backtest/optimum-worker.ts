/**
 * A worker thread that solves one optimum (src/backtest/run-parallel.ts): it receives the replay
 * part of the world and the comfort prices, and posts back the schedules and how long the solve
 * took. It loads only the solver and the replay, not the config code.
 */
import { parentPort } from 'node:worker_threads';
import type { Penalties } from './objective.js';
import type { ReplayWorld } from './replay-world.js';
import { solveOptimum } from './strategies/optimum.js';

parentPort?.once('message', (job: { world: ReplayWorld; penalties: Penalties }) => {
  const started = performance.now();
  const solved = solveOptimum(job.world, job.penalties);
  parentPort?.postMessage({ solved, ms: performance.now() - started });
});
