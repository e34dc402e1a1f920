import cron from 'node-cron';

/** Runs a function on a cron schedule; tests drive ticks by hand instead. */
export interface Scheduler {
  schedule(expression: string, fn: () => void): { stop(): void };
}

/** node-cron based scheduler; the agent itself prevents overlapping ticks. */
export const cronScheduler: Scheduler = {
  schedule(expression, fn) {
    const task = cron.schedule(expression, fn);
    return { stop: () => void task.stop() };
  },
};

/** A scheduler that never fires (for `--once` and tests). */
export const manualScheduler: Scheduler = {
  schedule: () => ({ stop() {} }),
};
