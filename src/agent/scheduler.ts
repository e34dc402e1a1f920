import { nextCronMatch, parseCron } from '../cron.js';
import type { Clock } from '../ports.js';

/** Runs a function on a cron schedule; tests drive ticks by hand instead. */
export interface Scheduler {
  schedule(expression: string, fn: () => void): { stop(): void };
}

/** Node's longest timer; a later tick is waited for in steps of this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `fn` at each second the cron expression matches in `timeZone` (src/cron.ts), on `clock`'s
 * timers. A tick that comes late (a suspended machine, a blocked loop) runs once, and the next one
 * is the next match after it: missed ticks are not made up. The agent itself prevents overlapping ticks.
 */
export function cronScheduler(clock: Clock, timeZone: string): Scheduler {
  return {
    schedule(expression, fn) {
      const schedule = parseCron(expression);
      if (typeof schedule === 'string') throw new Error(`agent.tick "${expression}": ${schedule}`);
      let timer: unknown;
      let stopped = false;
      const waitFor = (at: number): void => {
        timer = clock.setTimeout(() => fire(at), Math.min(MAX_TIMER_MS, Math.max(0, at - clock.now())));
      };
      const fire = (at: number): void => {
        if (stopped) return;
        const now = clock.now();
        // Early: one step of a long wait, or the clock was set back. Either way, the next match from now.
        if (now >= at) fn();
        armAfter(now);
      };
      const armAfter = (afterMs: number): void => {
        const next = nextCronMatch(schedule, afterMs, timeZone);
        if (next !== undefined && !stopped) waitFor(next);
      };
      armAfter(clock.now());
      return {
        stop() {
          stopped = true;
          clock.clearTimeout(timer);
        },
      };
    },
  };
}

/** A scheduler that never fires (for `--once` and tests). */
export const manualScheduler: Scheduler = {
  schedule: () => ({ stop() {} }),
};
