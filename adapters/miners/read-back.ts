import type { Clock } from '../../src/ports.js';

/** How long to keep reading a device back after a command, and how often. */
export interface ReadBackOptions<T> {
  read: () => Promise<T>;
  /** Whether the reading shows the command took effect. */
  done: (reading: T) => boolean;
  /** Give up after this long (ms); 0 = read once. */
  settleMs: number;
  /** Pause between reads (ms). */
  intervalMs: number;
  clock: Clock;
}

/**
 * Reads a device back until it shows the commanded state or `settleMs` has passed, never more often
 * than every `intervalMs`. Returns the last reading and whether it matched; read errors propagate.
 */
export async function readBack<T>(options: ReadBackOptions<T>): Promise<{ taken: boolean; last: T }> {
  const deadline = options.clock.now() + options.settleMs;
  for (;;) {
    const last = await options.read();
    if (options.done(last)) return { taken: true, last };
    const left = deadline - options.clock.now();
    if (left <= 0) return { taken: false, last };
    await new Promise<void>((resolve) =>
      options.clock.setTimeout(resolve, Math.min(options.intervalMs, left)),
    );
  }
}
