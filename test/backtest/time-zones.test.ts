import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '../../src/backtest/config.js';
import { buildFrames } from '../../src/backtest/frames.js';
import { loadPrices } from '../../src/backtest/load-prices.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { priceShapeWarning } from '../../src/backtest/price-shape.js';
import { parseTime, parseUtcOffset, type Series, timeParser } from '../../src/backtest/series.js';
import { zoneClock } from '../../src/backtest/zone-clock.js';

// Fixtures cut from the shared real data: prices-spring.csv is DE-LU_2024.csv 2024-03-18..2024-04-14
// (/work/shared/data/elec-prices-hourly: naive CET/CEST hour-beginning, the spring 02:00 filled);
// weather-dst.json is the Frankfurt Open-Meteo archive file 2024.json, 2024-03-30..2024-04-01, time and
// temperature_2m only (/work/shared/data/weather-hourly: utc_offset_seconds 3600 all year).
const DIR = 'test/fixtures/backtest';
const TZ = 'Europe/Berlin';
const HOUR = 3_600_000;

const tmp = () => mkdtempSync(join(tmpdir(), 'hashheat-tz-'));
const naive = (at: number, offsetHours: number) =>
  new Date(at + offsetHours * HOUR).toISOString().slice(0, 19).replace('T', ' ');
const arrays = (s: Series) => ({ at: [...s.at], value: [...s.value] });
const seriesSpec = { unit: 'W' as const, cumulative: false, shiftYears: 0, scale: 1 };
const localHour = (tz: string) => {
  const clock = zoneClock(tz);
  return (at: number) => Math.floor(clock.localTime(at).minuteOfDay / 60);
};

/** The real spring file with every naive local time moved six hours later, as a mislabelled file would be. */
function writeLateCopy(): string {
  const dir = tmp();
  const [header, ...rows] = readFileSync(join(DIR, 'prices-spring.csv'), 'utf8').trim().split('\n');
  const moved = rows.map((row) => {
    const [time, price] = row.split(',');
    return `${naive(Date.parse(`${time!.replace(' ', 'T')}Z`), 6)},${price}`;
  });
  writeFileSync(join(dir, 'late.csv'), `${header}\n${moved.join('\n')}\n`);
  return dir;
}

describe('time zones of price files', () => {
  const local = loadPrices({ file: 'prices-spring.csv', format: 'day-ahead-csv' }, DIR, TZ);

  it('reads a UTC copy, a fixed-offset copy and an IANA-zone copy of a real file as the same series', () => {
    // 27 days of hours, less the spring 02:00 that CET/CEST does not have.
    expect(local.at.length).toBe(671);
    const dir = tmp();
    const copy = (name: string, offsetHours: number, header = 'Datetime,Price (EUR/MWh)') => {
      const rows = [...local.at].map(
        (at, i) => `${naive(at, offsetHours)},${(local.value[i]! * 1000).toFixed(2)}`,
      );
      writeFileSync(join(dir, name), `${header}\n${rows.join('\n')}\n`);
    };
    copy('utc.csv', 0);
    copy('plus1.csv', 1, 'time,value');
    const ny = [...local.at].map((at, i) => {
      const wall = DateTime.fromMillis(at, { zone: 'America/New_York' }).toFormat('yyyy-LL-dd HH:mm:ss');
      return `${wall},${(local.value[i]! * 1000).toFixed(2)}`;
    });
    writeFileSync(join(dir, 'new-york.csv'), `Datetime,Price (EUR/MWh)\n${ny.join('\n')}\n`);

    const utc = loadPrices({ file: 'utc.csv', format: 'day-ahead-csv', utcOffset: '+00:00' }, dir, TZ);
    const utcZone = loadPrices({ file: 'utc.csv', format: 'day-ahead-csv', timeZone: 'UTC' }, dir, TZ);
    const plus1 = loadPrices(
      { file: 'plus1.csv', format: 'time-value-csv', unit: 'per-MWh', utcOffset: '+01:00' },
      dir,
      TZ,
    );
    const newYork = loadPrices(
      { file: 'new-york.csv', format: 'day-ahead-csv', timeZone: 'America/New_York' },
      dir,
      TZ,
    );
    for (const s of [utc, utcZone, plus1, newYork]) expect(arrays(s)).toEqual(arrays(local));
    // Without the option the same UTC file is read as site-local (as before): one or two hours off.
    const wrong = loadPrices({ file: 'utc.csv', format: 'day-ahead-csv' }, dir, TZ);
    expect(wrong.at[0]).toBe(local.at[0]! - HOUR);
  });

  it('warns when the average day of a real price file is shifted by 6 hours, not when it is right', () => {
    const from = local.at[0]!;
    const to = from + 27 * 24 * HOUR;
    expect(priceShapeWarning(local, localHour(TZ), from, to)).toBeUndefined();
    // The same file written six hours late (its naive times moved by +6 h), read as site-local.
    const dir = writeLateCopy();
    const late = loadPrices({ file: 'late.csv', format: 'day-ahead-csv' }, dir, TZ);
    const warning = priceShapeWarning(late, localHour(TZ), from, to);
    expect(warning).toMatch(/average day peaks at 1:00 local/);
    expect(warning).toMatch(/timeZone or utcOffset \(-6 h would put the peak at 19:00\)/);
    // Six hours early: the peak lands at the midday solar dip.
    const early = { at: local.at.map((t) => t - 6 * HOUR), value: local.value };
    expect(priceShapeWarning(early, localHour(TZ), from, to)).toMatch(/peaks at 13:00 local.*\+6 h/);
    // A flat tariff and a short span are not judged.
    const flat = { at: local.at, value: local.value.map(() => 0.3) };
    expect(priceShapeWarning(flat, localHour(TZ), from, to)).toBeUndefined();
    expect(priceShapeWarning(late, localHour(TZ), from, from + 7 * 24 * HOUR)).toBeUndefined();
  });

  it('the backtest reports the shifted file as a data warning', () => {
    const dir = writeLateCopy();
    for (const f of ['hashprice.csv', 'weather-week.json'])
      writeFileSync(join(dir, f), readFileSync(join(DIR, f)));
    const yaml = readFileSync(join(DIR, 'backtest-week.yaml'), 'utf8')
      .replace('dataDir: .', `dataDir: ${dir}`)
      .replace('from: 2024-01-08', 'from: 2024-03-19')
      .replace('to: 2024-01-15', 'to: 2024-04-13')
      .replace('{ file: prices-week.csv }', '{ file: late.csv }')
      .replace('{ file: weather-week.json, format: open-meteo }', '{ constantC: 5 }')
      .replace(/ {2}pv: .*\n/, '');
    const bc = parseBacktestConfig(yaml, DIR);
    expect(buildFrames(bc).warnings.join('\n')).toMatch(/average day peaks at 1:00 local/);
  });
});

describe('time zones of Open-Meteo files', () => {
  const spec = { file: 'weather-dst.json', format: 'open-meteo' as const, ...seriesSpec };

  it("honours the file's own utc_offset_seconds instead of reading its times as daylight-saving time", () => {
    const outdoor = loadSeries(spec, DIR, TZ, false);
    // 72 hours, none dropped on the spring change; the file's 2024-03-31T12:00 is 11:00Z (+01:00 all day).
    expect(outdoor.at.length).toBe(72);
    expect(outdoor.at[0]).toBe(Date.UTC(2024, 2, 29, 23));
    expect(outdoor.at.at(-1)).toBe(Date.UTC(2024, 3, 1, 22));
    const file = JSON.parse(readFileSync(join(DIR, 'weather-dst.json'), 'utf8')) as {
      hourly: { time: string[]; temperature_2m: number[] };
    };
    const noon = file.hourly.time.indexOf('2024-03-31T12:00');
    expect(outdoor.value[outdoor.at.indexOf(Date.UTC(2024, 2, 31, 11))]).toBe(
      file.hourly.temperature_2m[noon],
    );
  });

  it('a UTC copy of the file gives the identical series; a configured zone overrides the file', () => {
    const original = loadSeries(spec, DIR, TZ, false);
    const file = JSON.parse(readFileSync(join(DIR, 'weather-dst.json'), 'utf8')) as Record<
      string,
      unknown
    > & {
      hourly: { time: string[]; temperature_2m: number[] };
    };
    const dir = tmp();
    const utcTimes = file.hourly.time.map((t) =>
      new Date(Date.parse(`${t}:00Z`) - HOUR).toISOString().slice(0, 16),
    );
    const utcCopy = {
      ...file,
      utc_offset_seconds: 0,
      timezone: 'GMT',
      hourly: { ...file.hourly, time: utcTimes },
    };
    writeFileSync(join(dir, 'weather-dst.json'), JSON.stringify(utcCopy));
    expect(arrays(loadSeries(spec, dir, TZ, false))).toEqual(arrays(original));
    // The config's utcOffset wins: the same UTC copy read at +01:00 is an hour early.
    const forced = loadSeries({ ...spec, utcOffset: '+01:00' }, dir, TZ, false);
    expect(forced.at[0]).toBe(original.at[0]! - HOUR);
  });

  it('reads a time,value CSV at a configured offset', () => {
    const dir = tmp();
    writeFileSync(join(dir, 't.csv'), 'time,temperature_2m\n2024-07-01 12:00,25\n2024-07-01T13:00Z,26\n');
    const s = loadSeries(
      { file: 't.csv', format: 'time-value-csv', ...seriesSpec, utcOffset: '-05:00' },
      dir,
      TZ,
      false,
    );
    // 12:00 at −05:00 is 17:00Z; the second row carries its own offset.
    expect([...s.at]).toEqual([Date.UTC(2024, 6, 1, 13), Date.UTC(2024, 6, 1, 17)]);
    expect([...s.value]).toEqual([26, 25]);
  });
});

describe('time-zone config keys', () => {
  const week = readFileSync(join(DIR, 'backtest-week.yaml'), 'utf8');
  const withPrices = (extra: string) =>
    week.replace('{ file: prices-week.csv }', `{ file: prices-week.csv, ${extra} }`);

  it('accepts timeZone or utcOffset per file and names the key when one is wrong', () => {
    expect(parseBacktestConfig(withPrices('utcOffset: "+00:00"'), DIR).backtest.prices.import.utcOffset).toBe(
      '+00:00',
    );
    expect(parseBacktestConfig(withPrices('timeZone: UTC'), DIR).backtest.prices.import.timeZone).toBe('UTC');
    expect(() => parseBacktestConfig(withPrices('timeZone: Mars/Olympus'), DIR)).toThrow(
      /backtest\.prices\.import\.timeZone: an IANA time zone/,
    );
    expect(() => parseBacktestConfig(withPrices('utcOffset: "1h"'), DIR)).toThrow(
      /backtest\.prices\.import\.utcOffset: a fixed UTC offset/,
    );
    expect(() => parseBacktestConfig(withPrices('timeZone: UTC, utcOffset: "+00:00"'), DIR)).toThrow(
      /backtest\.prices\.import\.utcOffset: set timeZone or utcOffset, not both/,
    );
  });

  it('parses UTC offsets', () => {
    expect(parseUtcOffset('+01:00')).toBe(60);
    expect(parseUtcOffset('-0530')).toBe(-330);
    expect(parseUtcOffset('+02')).toBe(120);
    expect(parseUtcOffset('Z')).toBe(0);
    expect(parseUtcOffset('+01:')).toBeUndefined();
    expect(parseUtcOffset('+25:00')).toBeUndefined();
  });

  it('reads a naive local time the same whatever day it runs: the repeated autumn hour is its second occurrence', () => {
    // luxon guesses a naive time's offset from today's: before, this read 00:30Z in summer and 01:30Z in winter
    // (found by running the suite under faketime in May).
    expect(parseTime('2024-10-27T02:30', 'Europe/Berlin')).toBe(Date.parse('2024-10-27T01:30:00Z'));
    expect(parseTime('2024-10-27 02:30:00.000', 'Europe/Berlin')).toBe(Date.parse('2024-10-27T01:30:00Z'));
    expect(parseTime('2024-03-31T02:30', 'Europe/Berlin')).toBe(Date.parse('2024-03-31T01:30:00Z')); // the gap: 03:30 CEST
    expect(parseTime('2024-06-01T12:00+02', 'Europe/Berlin')).toBe(Date.parse('2024-06-01T10:00:00Z'));
    expect(parseTime('2024-06-01T12:00:00.250Z', { offsetMinutes: 60 })).toBe(
      Date.parse('2024-06-01T12:00:00.250Z'),
    );
    expect(parseTime('2024-06-01T12:00', { offsetMinutes: -330 })).toBe(Date.parse('2024-06-01T17:30:00Z'));
    expect(() => parseTime('2024-06-01T12:00', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });

  it('the fast time parser reads what the general one reads, and refuses what it refuses', () => {
    // The shapes of the shipped files (backtest-data/*.csv: `2024-01-01T00:00Z`, OPSD
    // `2015-12-01T00:00:00Z`), offsets, naive local times, and dates that do not exist.
    const texts = [
      '2024-01-01T00:00Z',
      '2015-12-01T00:00:00Z',
      '2024-03-31T02:30:00+01:00',
      '2024-10-27 02:30-0530',
      '2024-06-01T12:00+02',
      '2024-10-27T02:30',
      '2024-02-29T23:59:59Z',
      '2024-01-01T00:00:00.500Z',
      '2024-01-01T24:00Z', // luxon reads ISO's 24:00 as the next midnight; the fast path leaves it to luxon
    ];
    for (const basis of ['Europe/Berlin', { offsetMinutes: 60 }] as const) {
      const fast = timeParser(basis);
      for (const t of texts) expect(fast(t), `${t}`).toBe(parseTime(t, basis));
      for (const bad of ['2023-02-29T00:00Z', '2024-13-01T00:00Z', '2024-04-31T10:00+01:00'])
        expect(() => fast(bad), bad).toThrow(/not a time/);
    }
  });
});
