import type { Clock } from '../ports.js';

/** Node's timers hold a signed 32-bit delay (about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The raw timer functions a long timeout is built from (Node's, or a test's). */
export interface RawTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTimers: RawTimers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A timer of any length: one raw timer per ≤ 24.8 days, each re-armed with what is left. */
interface LongTimer {
  current: unknown;
}

/**
 * Sets a timeout of any length. Node clamps a delay above 2^31 − 1 ms to 1 ms (with a warning), so a
 * grid event half a year ahead would wake the agent every millisecond; here the delay is split.
 */
export function longTimeout(fn: () => void, ms: number, raw: RawTimers = nodeTimers): LongTimer {
  const timer: LongTimer = { current: undefined };
  const arm = (left: number) => {
    const step = Math.min(Math.max(0, left), MAX_TIMER_MS);
    timer.current = raw.setTimeout(() => (left > step ? arm(left - step) : fn()), step);
  };
  arm(ms);
  return timer;
}

/** Clears a timer set by longTimeout. */
export function clearLongTimeout(timer: unknown, raw: RawTimers = nodeTimers): void {
  if (timer !== undefined) raw.clearTimeout((timer as LongTimer).current);
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => longTimeout(fn, ms),
  clearTimeout: (handle) => clearLongTimeout(handle),
};
