import type { Clock } from '../../src/ports.js';

/** How old (ms) a status read may be for a command to start from it instead of reading again. */
export const RECENT_READ_MS = 5_000;

/**
 * The last thing a status read saw, for the command that follows in the same tick (issue 16: a
 * command never re-reads a status the tick already has). Older than `maxAgeMs`, it is gone.
 */
export function recentRead<T>(clock: Clock, maxAgeMs = RECENT_READ_MS) {
  let last: { value: T; at: number } | undefined;
  return {
    remember(value: T): void {
      last = { value, at: clock.now() };
    },
    get(): T | undefined {
      return last && clock.now() - last.at <= maxAgeMs ? last.value : undefined;
    },
  };
}
