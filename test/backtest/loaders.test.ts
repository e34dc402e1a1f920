import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { exportPrice, loadPrices, retailPrice } from '../../src/backtest/load-prices.js';
import { loadHashprice, loadSeries, plusUtcYears } from '../../src/backtest/load-series.js';
import { indexAt, meanOver, type Series, seriesFrom } from '../../src/backtest/series.js';

const DIR = 'test/fixtures/backtest';
const TZ = 'Europe/Berlin';
const at = (local: string) => DateTime.fromISO(local, { zone: TZ }).toMillis();
const valueAt = (s: Series, t: number) => s.value[indexAt(s, t)];

describe('price loaders', () => {
  it('reads the shared day-ahead CSV: naive local hours, EUR/MWh to EUR/kWh', () => {
    const prices = loadPrices({ file: 'prices-week.csv', format: 'day-ahead-csv' }, DIR, TZ);
    expect(prices.at.length).toBe(192);
    // 2024-01-08 00:00 local is 2024-01-07 23:00 UTC; the 17:00 row says 129.13 EUR/MWh.
    expect(prices.at[0]).toBe(Date.UTC(2024, 0, 7, 23));
    expect(valueAt(prices, at('2024-01-08T17:00'))).toBeCloseTo(0.12913, 9);
  });

  it('handles DST days: the filled spring hour is dropped, the repeated autumn hour holds', () => {
    const prices = loadPrices({ file: 'prices-dst.csv', format: 'day-ahead-csv' }, DIR, TZ);
    const spring = [...prices.at].filter((t) => t >= at('2024-03-31T00:00') && t < at('2024-04-01T00:00'));
    expect(spring).toHaveLength(23);
    const autumn = [...prices.at].filter((t) => t >= at('2024-10-27T00:00') && t < at('2024-10-28T00:00'));
    expect(autumn).toHaveLength(24);
    // The 25-hour day: the mean over it uses every real hour, the second 02:00 holding the first one's price.
    expect(meanOver(prices, at('2024-10-27T00:00'), at('2024-10-28T00:00'))).toBeDefined();
  });

  it('reads a time,value CSV with offsets, UTC and naive local times, and JSON slots', () => {
    const csv = loadPrices({ file: 'time-value.csv', format: 'time-value-csv' }, DIR, TZ);
    expect([...csv.at]).toEqual([Date.UTC(2024, 0, 7, 23), Date.UTC(2024, 0, 8, 0), Date.UTC(2024, 0, 8, 2)]);
    expect([...csv.value]).toEqual([0.25, 0.2, 0.3]);
    const json = loadPrices({ file: 'slots.json', format: 'json-slots' }, DIR, TZ);
    expect([...json.at]).toEqual([Date.UTC(2024, 0, 7, 23), 1704669300000]);
    expect([...json.value]).toEqual([0.31, 0.29]);
  });

  it('names the file and the problem when data are bad', () => {
    expect(() => loadPrices({ file: 'missing.csv', format: 'day-ahead-csv' }, DIR, TZ)).toThrow(
      /missing\.csv/,
    );
    expect(() => loadPrices({ file: 'weather-week.json', format: 'json-slots' }, DIR, TZ)).toThrow(
      /weather-week\.json: expected an array of slots/,
    );
  });

  it('turns wholesale into retail and feed-in prices', () => {
    const retail = { multiplier: 1, chargesPerKWh: 0.16, taxRate: 0.19 };
    expect(retailPrice(0.1, retail)).toBeCloseTo(0.3094, 10);
    expect(retailPrice(-0.2, retail)).toBeCloseTo(-0.0476, 10);
    expect(exportPrice(-0.05, { wholesale: true, multiplier: 1, chargesPerKWh: 0, floorPerKWh: 0 })).toBe(0);
    expect(exportPrice(0.07, { perKWh: 0.08 })).toBe(0.08);
  });
});

describe('series loaders', () => {
  it('reads Open-Meteo hourly JSON in the file’s time zone', () => {
    const outdoor = loadSeries(
      {
        file: 'weather-week.json',
        format: 'open-meteo',
        unit: 'W',
        cumulative: false,
        shiftYears: 0,
        scale: 1,
      },
      DIR,
      'UTC',
      false,
    );
    expect(outdoor.at[0]).toBe(Date.UTC(2024, 0, 7, 23));
    expect([...outdoor.value.slice(0, 3)]).toEqual([-1.4, -1, -0.8]);
  });

  it('turns OPSD meter readings into mean watts and moves a profile by whole years', () => {
    const spec = {
      file: 'opsd-konstanz.csv',
      format: 'opsd' as const,
      column: 'DE_KN_residential4_pv',
      unit: 'W' as const,
      cumulative: true,
      shiftYears: 8,
      scale: 1,
    };
    const pv = loadSeries(spec, DIR, TZ, true);
    expect(pv.at[0]).toBe(Date.UTC(2024, 0, 7, 0));
    // 2016-01-14 10:00Z → 11:00Z the meter went from 1224.479 to 1226.936 kWh: 2457 W.
    expect(valueAt(pv, Date.UTC(2024, 0, 14, 10))).toBeCloseTo(2457, 6);
    expect(Math.min(...pv.value)).toBeGreaterThanOrEqual(0);
  });

  it('builds a series sorted by time, the first of equal instants kept, non-finite points dropped', () => {
    const s = seriesFrom([
      { at: 3, value: 30 },
      { at: 1, value: 10 },
      { at: 2, value: 20 },
      { at: 1, value: 11 },
      { at: Number.NaN, value: 0 },
      { at: 4, value: Number.NaN },
      { at: 2, value: 21 },
    ]);
    expect([...s.at]).toEqual([1, 2, 3]);
    expect([...s.value]).toEqual([10, 20, 30]);
    const inOrder = seriesFrom([
      { at: 1, value: 1 },
      { at: 1, value: 2 },
      { at: 5, value: 5 },
    ]);
    expect([...inOrder.at]).toEqual([1, 5]);
    expect([...inOrder.value]).toEqual([1, 5]);
  });

  it('moves instants by whole years as luxon does, 29 February to the 28th', () => {
    const instants = [
      Date.UTC(2016, 1, 29, 13, 15),
      Date.UTC(2016, 2, 1, 0),
      Date.UTC(2015, 11, 31, 23, 59, 59, 999),
      Date.UTC(2016, 5, 15, 7),
    ];
    for (const at of instants)
      for (const years of [8, 1, -1, 4])
        expect(plusUtcYears(at, years), `${new Date(at).toISOString()} + ${years} y`).toBe(
          DateTime.fromMillis(at, { zone: 'utc' }).plus({ years }).toMillis(),
        );
  });

  it('converts a USD hashprice to the configured currency, falling back where the column is empty', () => {
    const hp = loadHashprice(
      {
        file: 'hashprice.csv',
        column: 'hashprice_total_usd_per_th_day_bcinfo',
        fallbackColumn: 'hashprice_subsidy_usd_per_th_day',
        unitsPerCurrency: 1.0824,
      },
      DIR,
    ) as Series;
    expect(valueAt(hp, Date.UTC(2024, 0, 5, 12))).toBeCloseTo(0.0944116 / 1.0824, 9);
    expect(valueAt(hp, Date.UTC(2024, 10, 22, 12))).toBeCloseTo(0.060541 / 1.0824, 9);
    expect(loadHashprice({ perThsDay: 0.05 }, DIR)).toBe(0.05);
    expect(() => loadHashprice({ file: 'hashprice.csv', column: 'nope', unitsPerCurrency: 1 }, DIR)).toThrow(
      /no column "nope"/,
    );
  });

  it('averages a step series over any interval', () => {
    const s: Series = { at: Float64Array.from([0, 10, 20]), value: Float64Array.from([1, 3, 5]) };
    expect(meanOver(s, 5, 15)).toBe(2);
    expect(meanOver(s, 0, 40)).toBe((10 * 1 + 10 * 3 + 20 * 5) / 40);
    expect(meanOver(s, -5, 5)).toBeUndefined();
  });
});
