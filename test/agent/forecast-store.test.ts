import { describe, expect, it } from 'vitest';
import { ForecastStore, pointAt } from '../../src/agent/forecast-store.js';
import type { ForecastPoint } from '../../src/forecast-ports.js';

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2025, 0, 15, 0);

/** Hourly points from T0 with the given values. */
function hourly(values: number[]): ForecastPoint[] {
  return values.map((value, i) => ({ start: T0 + i * HOUR_MS, end: T0 + (i + 1) * HOUR_MS, value }));
}

describe('forecast store', () => {
  it('answers the value of the slot holding the instant, undefined outside the series', () => {
    const points = hourly([-3, -2, 0, 4]);
    expect(pointAt(points, T0)).toBe(-3);
    expect(pointAt(points, T0 + HOUR_MS - 1)).toBe(-3);
    expect(pointAt(points, T0 + HOUR_MS)).toBe(-2);
    expect(pointAt(points, T0 + 3.5 * HOUR_MS)).toBe(4);
    expect(pointAt(points, T0 - 1)).toBeUndefined();
    expect(pointAt(points, T0 + 4 * HOUR_MS)).toBeUndefined();
    expect(pointAt([], T0)).toBeUndefined();
  });

  it('gives the planner outdoor temperature and PV less the reserve as surplus', () => {
    const store = new ForecastStore({ maxAgeMs: 6 * HOUR_MS, reserveW: 300 });
    store.update({ kind: 'outdoor.tempC', points: hourly([-3, -2, 0]), at: T0, source: 'f' });
    store.update({ kind: 'pv.powerW', points: hourly([0, 200, 1500]), at: T0, source: 'f' });
    const forecasts = store.forecastsAt(T0 + HOUR_MS);
    expect(forecasts.outdoorC?.(T0 + 2 * HOUR_MS)).toBe(0);
    expect(forecasts.surplusW?.(T0 + 2 * HOUR_MS)).toBe(1200);
    expect(forecasts.surplusW?.(T0 + HOUR_MS)).toBe(0); // 200 W of PV is all house load
    expect(forecasts.surplusW?.(T0 + 5 * HOUR_MS)).toBeUndefined();
  });

  it('gives the planner the irradiance for window gains', () => {
    const store = new ForecastStore({ maxAgeMs: 6 * HOUR_MS, reserveW: 0 });
    expect(store.forecastsAt(T0).irradianceWPerM2).toBeUndefined();
    store.update({ kind: 'solar.irradianceWPerM2', points: hourly([0, 150, 420]), at: T0, source: 'f' });
    expect(store.forecastsAt(T0).irradianceWPerM2?.(T0 + 2 * HOUR_MS)).toBe(420);
  });

  it('sorts points and replaces a series with the next fetch of its kind', () => {
    const store = new ForecastStore({ maxAgeMs: 6 * HOUR_MS, reserveW: 0 });
    store.update({ kind: 'outdoor.tempC', points: hourly([1, 2, 3]).reverse(), at: T0, source: 'f' });
    expect(store.forecastsAt(T0).outdoorC?.(T0 + 2 * HOUR_MS)).toBe(3);
    store.update({ kind: 'outdoor.tempC', points: hourly([7]), at: T0 + HOUR_MS, source: 'f' });
    expect(store.forecastsAt(T0 + HOUR_MS).outdoorC?.(T0)).toBe(7);
    expect(store.forecastsAt(T0 + HOUR_MS).outdoorC?.(T0 + 2 * HOUR_MS)).toBeUndefined();
  });

  it('ignores an empty series instead of erasing a good one', () => {
    const store = new ForecastStore({ maxAgeMs: 6 * HOUR_MS, reserveW: 0 });
    store.update({ kind: 'pv.powerW', points: hourly([500]), at: T0, source: 'f' });
    store.update({ kind: 'pv.powerW', points: [], at: T0 + HOUR_MS, source: 'f' });
    expect(store.get('pv.powerW')?.at).toBe(T0);
    expect(store.forecastsAt(T0).surplusW?.(T0)).toBe(500);
  });

  it('drops a kind once its fetch is older than the max age', () => {
    const store = new ForecastStore({ maxAgeMs: 6 * HOUR_MS, reserveW: 0 });
    store.update({ kind: 'outdoor.tempC', points: hourly(Array(24).fill(-5)), at: T0, source: 'f' });
    expect(store.forecastsAt(T0 + 6 * HOUR_MS).outdoorC?.(T0 + 7 * HOUR_MS)).toBe(-5);
    const stale = store.forecastsAt(T0 + 6 * HOUR_MS + 1);
    expect(stale.outdoorC).toBeUndefined();
    expect(stale.surplusW).toBeUndefined();
    expect(store.get('outdoor.tempC')?.points).toHaveLength(24);
  });
});
