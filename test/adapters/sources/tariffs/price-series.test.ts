import { describe, expect, it } from 'vitest';
import {
  averageHourly,
  checkCoverage,
  inferSlotMs,
  normaliseSeries,
  slotLengths,
  toPerKWh,
} from '../../../../adapters/sources/tariffs/price-series.js';
import { dayStarts } from '../../../fixtures/tariffs/curve.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 30, 23, 0); // 2024-03-31 00:00 Berlin

describe('toPerKWh', () => {
  it('converts MWh and cents to currency per kWh without float noise', () => {
    expect(toPerKWh(34.67, 'perMWh')).toBe(0.03467);
    expect(toPerKWh(28.95858, 'centsPerKWh')).toBe(0.2895858);
    expect(toPerKWh(-0.001, 'perKWh')).toBe(-0.001);
  });
});

describe('inferSlotMs', () => {
  it('finds 60/30/15/5 minutes from spacing, ignoring a missing slot', () => {
    expect(inferSlotMs([T0, T0 + HOUR, T0 + 3 * HOUR])).toBe(HOUR);
    expect(inferSlotMs([T0, T0 + 30 * MIN, T0 + 90 * MIN])).toBe(30 * MIN);
    expect(inferSlotMs([T0, T0 + 45 * MIN])).toBe(15 * MIN);
    expect(inferSlotMs([T0, T0 + 5 * MIN])).toBe(5 * MIN);
    expect(inferSlotMs([T0])).toBeUndefined();
  });

  it('rejects starts off a 5-minute grid', () => {
    expect(() => inferSlotMs([T0, T0 + 7 * MIN])).toThrow(/5-minute grid/);
  });
});

describe('normaliseSeries', () => {
  it('sorts, converts, and keeps a DST spring day at 23 hourly slots', () => {
    const starts = dayStarts('2024-03-31', 'Europe/Berlin', 60);
    const rows = starts.map((start, i) => ({ start, value: 100 + i })).reverse();
    const slots = normaliseSeries(rows, { unit: 'perMWh' });
    expect(slots).toHaveLength(23);
    expect(slots[0]).toEqual({ start: T0, end: T0 + HOUR, perKWh: 0.1 });
    expect(slots.at(-1)!.end).toBe(Date.UTC(2024, 2, 31, 22, 0));
  });

  it('keeps 92 quarters on the spring DST day', () => {
    const starts = dayStarts('2025-03-30', 'Europe/Berlin', 15);
    const slots = normaliseSeries(
      starts.map((start) => ({ start, value: 50 })),
      { unit: 'perMWh' },
    );
    expect(slots).toHaveLength(92);
    expect(slots.at(-1)!.end - slots[0]!.start).toBe(23 * HOUR);
  });

  it('keeps 100 quarters on the autumn DST day', () => {
    const starts = dayStarts('2025-10-26', 'Europe/Berlin', 15);
    const slots = normaliseSeries(
      starts.map((start) => ({ start, value: 50 })),
      { unit: 'perMWh' },
    );
    expect(slots).toHaveLength(100);
    expect(slotLengths(slots)).toEqual([15 * MIN]);
  });

  it('leaves a missing interval as a gap, never a zero', () => {
    const rows = [
      { start: T0, value: 10 },
      { start: T0 + HOUR, value: null },
      { start: T0 + 2 * HOUR, value: 30 },
    ];
    const slots = normaliseSeries(rows, { unit: 'perKWh' });
    expect(slots).toEqual([
      { start: T0, end: T0 + HOUR, perKWh: 10 },
      { start: T0 + 2 * HOUR, end: T0 + 3 * HOUR, perKWh: 30 },
    ]);
  });

  it('resolves a repeated start to the last row of the reply', () => {
    const rows = [
      { start: T0, value: 1 },
      { start: T0 + HOUR, value: 2 },
      { start: T0, value: 3 },
    ];
    expect(normaliseSeries(rows, { unit: 'perKWh' }).map((s) => s.perKWh)).toEqual([3, 2]);
  });

  it('honours explicit ends, cuts overlaps and splits long spans', () => {
    const rows = [
      { start: T0, end: T0 + 4 * HOUR, value: 20 },
      { start: T0 + 3 * HOUR, end: T0 + 5 * HOUR, value: 30 },
    ];
    const slots = normaliseSeries(rows, { unit: 'centsPerKWh', splitMs: 30 * MIN });
    expect(slots).toHaveLength(10);
    expect(slots[5]).toEqual({ start: T0 + 150 * MIN, end: T0 + 180 * MIN, perKWh: 0.2 });
    expect(slots[6]).toEqual({ start: T0 + 180 * MIN, end: T0 + 210 * MIN, perKWh: 0.3 });
  });
});

describe('averageHourly', () => {
  it('averages full hours and leaves incomplete hours alone', () => {
    const quarters = [0, 1, 2, 3, 4, 5].map((i) => ({
      start: T0 + i * 15 * MIN,
      end: T0 + (i + 1) * 15 * MIN,
      perKWh: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6][i]!,
    }));
    const out = averageHourly(quarters, 'Europe/Berlin');
    expect(out[0]).toEqual({ start: T0, end: T0 + HOUR, perKWh: 0.25 });
    expect(out.slice(1)).toEqual(quarters.slice(4));
  });

  it('follows local hours on a 100-quarter DST day (25 hourly slots)', () => {
    const starts = dayStarts('2025-10-26', 'Europe/Berlin', 15);
    const slots = normaliseSeries(
      starts.map((start, i) => ({ start, value: i })),
      { unit: 'perKWh' },
    );
    const hourly = averageHourly(slots, 'Europe/Berlin');
    expect(hourly).toHaveLength(25);
    expect(hourly[2]!.perKWh).toBe(9.5);
  });
});

describe('checkCoverage', () => {
  const slots = normaliseSeries(
    [
      { start: T0, value: 1 },
      { start: T0 + HOUR, value: 2 },
    ],
    { unit: 'perKWh' },
  );

  it('keeps slots of the range when now is covered', () => {
    expect(checkCoverage(slots, { from: T0, to: T0 + 2 * HOUR, now: T0 + 90 * MIN }, 'x')).toHaveLength(2);
  });

  it('rejects a wrong-day or empty reply', () => {
    const range = { from: T0 + 24 * HOUR, to: T0 + 48 * HOUR, now: T0 + 25 * HOUR };
    expect(() => checkCoverage(slots, range, 'aWATTar')).toThrow(
      /aWATTar: reply does not cover 2024-04-01T00:00 UTC \(got 2024-03-30T23:00…2024-03-31T01:00 UTC\)/,
    );
    expect(() => checkCoverage([], range, 'x')).toThrow(/got no prices/);
  });
});
