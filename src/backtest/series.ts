import { DateTime } from 'luxon';
import type { Instant } from '../core/types.js';
import { zoneClock } from './zone-clock.js';

/** A step series: each value holds from its instant until the next one. Sorted, no duplicate instants. */
export interface Series {
  at: Float64Array;
  value: Float64Array;
}

/** A series from points in any order; of points at the same instant the first wins. */
export function seriesFrom(points: readonly { at: Instant; value: number }[]): Series {
  const sorted = points
    .map((p, i) => ({ ...p, i }))
    .filter((p) => Number.isFinite(p.at) && Number.isFinite(p.value))
    .sort((a, b) => a.at - b.at || a.i - b.i);
  const kept = sorted.filter((p, k) => k === 0 || p.at !== sorted[k - 1]!.at);
  return { at: Float64Array.from(kept, (p) => p.at), value: Float64Array.from(kept, (p) => p.value) };
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
  const split = (line: string) => line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  return { header: split(lines[0] ?? ''), rows: lines.slice(1).map(split) };
}

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A fast `parseTime` for one zone: naive `YYYY-MM-DD HH:MM[:SS]` times skip the general parser. */
export function timeParser(timeZone: string): (text: string) => Instant {
  const clock = zoneClock(timeZone);
  return (text) => {
    const m = NAIVE.exec(text.trim());
    if (!m) return parseTime(text, timeZone);
    const [, y, mo, d, h, mi, s] = m;
    return clock.fromLocalFields(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, s ? +s : 0));
  };
}

/** An instant from an ISO-like time: with an offset or `Z` it is absolute, else local in `timeZone`. */
export function parseTime(text: string, timeZone: string): Instant {
  const iso = text.trim().replace(' ', 'T');
  const absolute = /(Z|[+-]\d{2}:?\d{2})$/.test(iso);
  const dt = DateTime.fromISO(iso, absolute ? { setZone: true } : { zone: timeZone });
  if (!dt.isValid) throw new Error(`not a time: "${text}"`);
  return dt.toMillis();
}

/** Index of a CSV column by name, or a clear error naming the columns there are. */
export function columnIndex(header: readonly string[], name: string, file: string): number {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`${file}: no column "${name}" (columns: ${header.join(', ')})`);
  return i;
}
