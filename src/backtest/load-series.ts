import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Instant } from '../core/types.js';
import type { BacktestSection } from './config.js';
import {
  columnIndex,
  parseCsv,
  type Series,
  seriesFrom,
  type TimeBasis,
  timeBasisOf,
  timeParser,
} from './series.js';

type SeriesFile = Exclude<BacktestSection['outdoor'], { constantC: number }>;
type Hashprice = BacktestSection['hashprice'];

interface OpenMeteo {
  timezone?: string;
  utc_offset_seconds?: unknown;
  hourly?: Record<string, unknown[]>;
}

/**
 * Open-Meteo's `hourly.time` is naive local time at ONE offset for the whole response, its
 * `utc_offset_seconds`, not daylight-saving time: the shared Frankfurt archive files
 * (/work/shared/data/weather-hourly, README) say `timezone: Europe/Berlin, utc_offset_seconds: 3600` and
 * run 2024-03-31T00:00, 01:00, 02:00, 03:00 with no gap, 8784 distinct hours in 2024. So the file's offset
 * wins over its zone name; a `timeZone` / `utcOffset` in the config wins over both.
 */
function openMeteoBasis(spec: SeriesFile, data: OpenMeteo, timeZone: string): TimeBasis {
  if (spec.timeZone !== undefined || spec.utcOffset !== undefined) return timeBasisOf(spec, timeZone);
  const seconds = data.utc_offset_seconds;
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds / 60))
      throw new Error(`utc_offset_seconds: not a whole number of minutes: ${String(seconds)}`);
    return { offsetMinutes: seconds / 60 };
  }
  return data.timezone ?? timeZone;
}

function rawPoints(spec: SeriesFile, text: string, path: string, timeZone: string) {
  if (spec.format === 'open-meteo') {
    const data = JSON.parse(text) as OpenMeteo;
    const field = spec.column ?? 'temperature_2m';
    const times = data.hourly?.time;
    const values = data.hourly?.[field];
    if (!Array.isArray(times) || !Array.isArray(values)) throw new Error(`no hourly.time / hourly.${field}`);
    const parse = timeParser(openMeteoBasis(spec, data, timeZone));
    return times.map((t, i) => ({
      at: parse(String(t)),
      value: values[i] === null ? Number.NaN : Number(values[i]),
    }));
  }
  const { header, rows } = parseCsv(text);
  const parse = timeParser(timeBasisOf(spec, timeZone));
  const timeCol = spec.format === 'opsd' ? columnIndex(header, 'utc_timestamp', path) : 0;
  const valueCol = spec.column ? columnIndex(header, spec.column, path) : 1;
  return rows.map((r) => ({
    at: parse(r[timeCol]!),
    value: r[valueCol] === '' ? Number.NaN : Number(r[valueCol]),
  }));
}

/**
 * Values that describe the interval ENDING at their time (Open-Meteo's radiation is "averaged over the
 * past hour", open-meteo.com/en/docs) moved to the interval's beginning, as a step series holds them.
 */
function toIntervalBeginning(points: { at: number; value: number }[]) {
  const sorted = [...points].sort((a, b) => a.at - b.at);
  return sorted.map((p, i) => {
    const gap = i > 0 ? p.at - sorted[i - 1]!.at : (sorted[1]?.at ?? p.at + 3_600_000) - p.at;
    return { at: p.at - gap, value: p.value };
  });
}

/** Mean power (W) per interval from energy per interval or meter readings (kWh); gaps spread evenly. */
function toPowerW(points: { at: number; value: number }[], spec: SeriesFile) {
  const valid = points.filter((p) => Number.isFinite(p.value));
  if (spec.unit === 'W' && !spec.cumulative) return valid;
  return valid.flatMap((p, i) => {
    const next = valid[i + 1];
    const prev = valid[i - 1];
    if (spec.cumulative) {
      if (!next) return [];
      const hours = (next.at - p.at) / 3_600_000;
      return [{ at: p.at, value: Math.max(0, ((next.value - p.value) * 1000) / hours) }];
    }
    const spanMs = next ? next.at - p.at : prev ? p.at - prev.at : 3_600_000;
    return [{ at: p.at, value: (p.value * 1000 * 3_600_000) / spanMs }];
  });
}

/**
 * `at` moved by whole calendar years in UTC; 29 February goes to the 28th in a common year (as luxon's
 * `plus({ years })` does), without building a DateTime per point.
 */
export function plusUtcYears(at: Instant, years: number): Instant {
  const d = new Date(at);
  const month = d.getUTCMonth();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  if (d.getUTCMonth() !== month) d.setUTCDate(0); // rolled into March: back to the last day of February
  return d.getTime();
}

/** A series from a file: Open-Meteo JSON, `time,value` CSV or an OPSD household CSV; energy as mean W. */
export function loadSeries(spec: SeriesFile, dataDir: string, timeZone: string, energy: boolean): Series {
  const path = join(dataDir, spec.file);
  try {
    const text = readFileSync(path, 'utf8');
    let points = rawPoints(spec, text, path, timeZone);
    if (spec.intervalEnding) points = toIntervalBeginning(points);
    if (energy) points = toPowerW(points, spec);
    if (spec.shiftYears !== 0)
      points = points.map((p) => ({ ...p, at: plusUtcYears(p.at, spec.shiftYears) }));
    const series = seriesFrom(points.map((p) => ({ at: p.at, value: p.value * spec.scale })));
    if (series.at.length === 0) throw new Error('no values');
    return series;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/**
 * Daily hashprice in the configured currency per TH/s per day: the file's column (UTC days), the
 * fallback column where it is empty, divided by `unitsPerCurrency` (e.g. USD per EUR); or a constant.
 */
export function loadHashprice(spec: Hashprice, dataDir: string): Series | number {
  if ('perThsDay' in spec) return spec.perThsDay;
  const path = join(dataDir, spec.file);
  try {
    const { header, rows } = parseCsv(readFileSync(path, 'utf8'));
    const dateCol = columnIndex(header, 'date', path);
    const col = columnIndex(header, spec.column, path);
    const fallback = spec.fallbackColumn ? columnIndex(header, spec.fallbackColumn, path) : -1;
    const points = rows.map((r) => {
      const cell = r[col] !== '' ? r[col] : fallback >= 0 ? r[fallback] : '';
      return {
        at: Date.parse(`${r[dateCol]}T00:00:00Z`),
        value: cell === '' ? Number.NaN : Number(cell) / spec.unitsPerCurrency,
      };
    });
    const series = seriesFrom(points);
    if (series.at.length === 0) throw new Error('no values');
    return series;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
