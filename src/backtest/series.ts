import { DateTime, FixedOffsetZone } from 'luxon';
import type { Instant } from '../core/types.js';
import { zoneClock } from './zone-clock.js';

/** A step series: each value holds from its instant until the next one. Sorted, no duplicate instants. */
export interface Series {
  at: Float64Array;
  value: Float64Array;
}

/** A series from points in any order; of points at the same instant the first wins. */
export function seriesFrom(points: readonly { at: Instant; value: number }[]): Series {
  // Data files are almost always in order already: sort (stably) only when they are not.
  const kept: number[] = [];
  let inOrder = true;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (!Number.isFinite(p.at) || !Number.isFinite(p.value)) continue;
    if (p.at < last) inOrder = false;
    last = p.at;
    kept.push(i);
  }
  if (!inOrder) kept.sort((a, b) => points[a]!.at - points[b]!.at || a - b);
  const at: number[] = [];
  const value: number[] = [];
  for (const i of kept) {
    const p = points[i]!;
    if (at.length > 0 && at[at.length - 1] === p.at) continue;
    at.push(p.at);
    value.push(p.value);
  }
  return { at: Float64Array.from(at), value: Float64Array.from(value) };
}

/** Index of the last point at or before `t`, or −1. */
export function indexAt(series: Series, t: Instant): number {
  let lo = 0;
  let hi = series.at.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (series.at[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Time-weighted mean of the held values over [from, to); undefined before the first point. */
export function meanOver(series: Series, from: Instant, to: Instant): number | undefined {
  let i = indexAt(series, from);
  if (i < 0) return undefined;
  let sum = 0;
  let t = from;
  while (t < to) {
    const next = i + 1 < series.at.length ? Math.min(series.at[i + 1]!, to) : to;
    sum += series.value[i]! * (next - t);
    t = next;
    i += 1;
  }
  return sum / (to - from);
}

/** Lines of a CSV text split into cells (no quoting needed for the formats we read). */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const unquote = (c: string) => (c.startsWith('"') && c.endsWith('"') && c.length > 1 ? c.slice(1, -1) : c);
  const split = (line: string) => line.split(',').map((c) => unquote(c.trim()));
  return { header: split(lines[0] ?? ''), rows: lines.slice(1).map(split) };
}

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}(?::?\d{2})?)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** UTC wall-clock milliseconds of the fields, or undefined when a field is out of range (Feb 30, 24:00). */
function wallMs(y: string, mo: string, d: string, h: string, mi: string, s: string | undefined) {
  const [year, month, day, hour, minute, second] = [+y, +mo, +d, +h, +mi, s ? +s : 0];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/**
 * How a file's naive times (no offset, no `Z`) are read: an IANA zone with its daylight-saving rules, or a
 * fixed offset from UTC in minutes (a UTC file is `{ offsetMinutes: 0 }`).
 */
export type TimeBasis = string | { offsetMinutes: number };

/** A fixed UTC offset `+01:00`, `-0530`, `+02` or `Z` in minutes; undefined when the text is not one. */
export function parseUtcOffset(text: string): number | undefined {
  const t = text.trim();
  if (t === 'Z') return 0;
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(t);
  if (!m) return undefined;
  const minutes = +m[2]! * 60 + (m[3] ? +m[3] : 0);
  if (+m[2]! > 14 || (m[3] !== undefined && +m[3] > 59)) return undefined;
  return m[1] === '-' ? -minutes : minutes;
}

/** The basis of a data file's naive times: its `utcOffset`, else its `timeZone`, else `fallback`. */
export function timeBasisOf(
  spec: { timeZone?: string | undefined; utcOffset?: string | undefined },
  fallback: TimeBasis,
): TimeBasis {
  if (spec.utcOffset !== undefined) {
    const offsetMinutes = parseUtcOffset(spec.utcOffset);
    if (offsetMinutes === undefined) throw new Error(`utcOffset: not an offset: "${spec.utcOffset}"`);
    return { offsetMinutes };
  }
  return spec.timeZone ?? fallback;
}

/**
 * A fast `parseTime` for one basis: naive `YYYY-MM-DD HH:MM[:SS]` times and the same with `Z` or a
 * `±HH[:MM]` offset skip the general parser; anything else (fractions, week dates) goes through it.
 */
export function timeParser(basis: TimeBasis): (text: string) => Instant {
  const fromLocalFields = placerOf(basis);
  return (text) => {
    const t = text.trim();
    const naive = NAIVE.exec(t);
    if (naive) {
      const [, y, mo, d, h, mi, s] = naive;
      return fromLocalFields(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, s ? +s : 0));
    }
    // `2024-01-01T00:00Z`, `…+01:00`: absolute, no zone rules needed (the data files' usual form).
    const abs = ABSOLUTE.exec(t);
    const wall = abs ? wallMs(abs[1]!, abs[2]!, abs[3]!, abs[4]!, abs[5]!, abs[6]) : undefined;
    const offset = abs ? parseUtcOffset(abs[7]!) : undefined;
    if (wall === undefined || offset === undefined) return parseTime(text, basis);
    return wall - offset * 60_000;
  };
}

/**
 * An instant from an ISO-like time: with an offset or `Z` it is absolute, else local in `basis`. A naive
 * local time is placed by `zoneClock`, not by luxon: luxon guesses a naive time's offset from the offset
 * now, so the repeated autumn hour (Berlin's 02:30 on 27 October 2024) would be read as its first
 * occurrence in summer and its second in winter, and a backtest's result would depend on the day it runs.
 * `zoneClock` always takes the second (standard time), as `timeParser`'s fast path does.
 */
export function parseTime(text: string, basis: TimeBasis): Instant {
  const iso = text.trim().replace(' ', 'T');
  // Read at two fixed offsets: a text with its own offset gives one instant, a naive one two an hour apart.
  const atUtc = DateTime.fromISO(iso, { zone: UTC });
  if (!atUtc.isValid) throw new Error(`not a time: "${text}"`);
  const wallAsUtc = atUtc.toMillis();
  if (DateTime.fromISO(iso, { zone: PLUS_ONE }).toMillis() === wallAsUtc) return wallAsUtc;
  return placerOf(basis)(wallAsUtc);
}

/** The instant of a naive wall time (its fields as UTC) in `basis`: the zone's rules or a fixed offset. */
function placerOf(basis: TimeBasis): (wallAsUtc: number) => Instant {
  if (typeof basis === 'string') return zoneClockOf(basis).fromLocalFields;
  return (wallAsUtc) => wallAsUtc - basis.offsetMinutes * 60_000;
}

const UTC = FixedOffsetZone.instance(0);
const PLUS_ONE = FixedOffsetZone.instance(60);
const zoneClocks = new Map<string, ReturnType<typeof zoneClock>>();

/** One zoneClock per zone name (its offset cache is what makes it fast). */
function zoneClockOf(timeZone: string): ReturnType<typeof zoneClock> {
  let clock = zoneClocks.get(timeZone);
  if (!clock) {
    clock = zoneClock(timeZone);
    zoneClocks.set(timeZone, clock);
  }
  return clock;
}

/** Index of a CSV column by name, or a clear error naming the columns there are. */
export function columnIndex(header: readonly string[], name: string, file: string): number {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`${file}: no column "${name}" (columns: ${header.join(', ')})`);
  return i;
}
