import type { Clock } from '../../src/ports.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** A clock that only moves when told; timers fire in order as time advances. */
export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(private current = Date.UTC(2025, 0, 15, 11, 0, 0)) {}

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Moves time forward by `ms`, firing due timers (and awaiting the microtasks they start). */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.current = next.at;
      next.fn();
      await flush();
    }
    this.current = target;
    await flush();
  }

  /** Sets the time without firing timers (jumps, e.g. a restart a day later). */
  set(at: number): void {
    this.current = at;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}

/**
 * Reconnect timers on a fake clock that record each delay and wake the test when one is scheduled,
 * so backoff runs without wall time: wait for `next()`, then `advance()` past the delay.
 */
export function recordingTimers() {
  const clock = new FakeClock();
  const delaysMs: number[] = [];
  let scheduled: () => void = () => undefined;
  const timers: Clock = {
    now: () => clock.now(),
    setTimeout(fn, ms) {
      delaysMs.push(ms);
      const handle = clock.setTimeout(fn, ms);
      scheduled();
      return handle;
    },
    clearTimeout: (handle) => clock.clearTimeout(handle),
  };
  return {
    clock,
    timers,
    delaysMs,
    /** Resolves when the next reconnect is scheduled (create it before the event can happen). */
    next: () => new Promise<void>((resolve) => (scheduled = resolve)),
    /** Fires the pending reconnect. */
    fire: () => clock.advance(delaysMs.at(-1) ?? 0),
  };
}

/**
 * A `SourceRunner`'s view of a source's fake clock. The runner schedules its next poll once a poll
 * has ended (answered or failed, health updated), so `until` checks its condition then: an event
 * wait instead of polling the runner's health. Give the runner `runnerClock`, the source `clock`.
 */
export function pollEnds(clock: FakeClock) {
  const waiters = new Set<() => void>();
  const runnerClock: Clock = {
    now: () => clock.now(),
    setTimeout(fn, ms) {
      const handle = clock.setTimeout(fn, ms);
      for (const wake of [...waiters]) wake();
      return handle;
    },
    clearTimeout: (handle) => clock.clearTimeout(handle),
  };
  /** Resolves once `test` holds, checked now and each time a poll has ended; fails after `timeoutMs` of wall time. */
  const until = (test: () => boolean, what = 'the condition', timeoutMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`${what} not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const wake = () => {
        if (!test()) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      waiters.add(wake);
      wake();
    });
  return { runnerClock, until };
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
