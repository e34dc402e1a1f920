import { describe, expect, it } from 'vitest';
import { localTimeOf } from '../../src/agent/local-time.js';
import { zoneClock } from '../../src/backtest/zone-clock.js';

describe('zoneClock', () => {
  it('gives the same local time as luxon every 15 min through both 2024 DST changes', () => {
    const clock = zoneClock('Europe/Berlin');
    for (const [from, to] of [
      [Date.UTC(2024, 2, 30), Date.UTC(2024, 3, 2)],
      [Date.UTC(2024, 9, 26), Date.UTC(2024, 9, 29)],
      [Date.UTC(2024, 11, 31, 20), Date.UTC(2025, 0, 1, 4)],
    ] as const) {
      for (let t = from; t < to; t += 15 * 60_000)
        expect(clock.localTime(t)).toEqual(localTimeOf(t, 'Europe/Berlin'));
    }
  });

  it('turns naive local wall times into instants', () => {
    const clock = zoneClock('Europe/Berlin');
    expect(clock.fromLocalFields(Date.UTC(2024, 0, 8, 0))).toBe(Date.UTC(2024, 0, 7, 23));
    expect(clock.fromLocalFields(Date.UTC(2024, 6, 1, 12))).toBe(Date.UTC(2024, 6, 1, 10));
    // 02:30 does not exist on 2024-03-31: it lands on the hour after the jump.
    expect(clock.fromLocalFields(Date.UTC(2024, 2, 31, 2, 30))).toBe(Date.UTC(2024, 2, 31, 1, 30));
    expect(() => zoneClock('Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
