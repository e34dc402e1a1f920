import { describe, expect, it } from 'vitest';
import { clearLongTimeout, longTimeout, MAX_TIMER_MS, type RawTimers } from '../../src/agent/clock.js';

// Node's setTimeout takes a signed 32-bit delay: above 2^31 − 1 ms it warns (TimeoutOverflowWarning) and
// fires after 1 ms (https://nodejs.org/api/timers.html#settimeoutcallback-delay-args). A grid event half a
// year ahead once made the agent's EventEdges wake every millisecond. These raw timers record the delays
// asked for and fire when told to.
function recordingTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const asked: number[] = [];
  const raw: RawTimers = {
    setTimeout: (fn, ms) => {
      asked.push(ms);
      pending.set(++next, { fn, ms });
      return next;
    },
    clearTimeout: (handle) => pending.delete(handle as number),
  };
  const fireAll = () => {
    const due = [...pending.entries()];
    pending.clear();
    for (const [, t] of due) t.fn();
  };
  return { raw, asked, pending, fireAll };
}

describe('longTimeout', () => {
  it('passes a short delay through as one timer', () => {
    const t = recordingTimers();
    let fired = 0;
    longTimeout(() => fired++, 5000, t.raw);
    expect(t.asked).toEqual([5000]);
    t.fireAll();
    expect(fired).toBe(1);
  });

  it('splits 177 days into timers Node accepts and fires only after the last', () => {
    const t = recordingTimers();
    let fired = 0;
    const ms = 15_351_433_749; // what the check-events test once asked for
    longTimeout(() => fired++, ms, t.raw);
    while (t.pending.size > 0 && fired === 0) t.fireAll();
    expect(fired).toBe(1);
    expect(Math.max(...t.asked)).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(t.asked.reduce((a, b) => a + b, 0)).toBe(ms);
    expect(t.asked.length).toBe(Math.ceil(ms / MAX_TIMER_MS));
  });

  it('clears whichever part is armed', () => {
    const t = recordingTimers();
    let fired = 0;
    const timer = longTimeout(() => fired++, 3 * MAX_TIMER_MS, t.raw);
    t.fireAll(); // the first part has run; the second is armed
    clearLongTimeout(timer, t.raw);
    expect(t.pending.size).toBe(0);
    expect(fired).toBe(0);
  });

  it('treats a negative delay as due now', () => {
    const t = recordingTimers();
    longTimeout(() => {}, -20, t.raw);
    expect(t.asked).toEqual([0]);
  });
});
