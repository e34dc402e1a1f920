import type { HouseSample } from '../core/house-fit.js';
import { parseCsv, type TimeBasis, timeParser } from './series.js';

/** Which columns (a CSV with one column per quantity) or entities (Home Assistant export) to read. */
export interface HistoryColumns {
  room: string;
  outdoor: string;
  /** Heater and miner powers heating the room (W); summed. */
  power: readonly string[];
}

interface Point {
  at: number;
  /** NaN where the source had no number (Home Assistant `unavailable`, `unknown`, an empty cell). */
  value: number;
}

/** A recorded history on a regular grid, ready for `fitHouse`. */
export interface HouseHistory {
  format: 'home-assistant' | 'columns';
  from: number;
  stepMs: number;
  samples: HouseSample[];
}

const HA_HEADER = ['entity_id', 'state', 'last_changed'];

/** The value holding at `t` (last point at or before it), or NaN before the first. */
function holdAt(points: readonly Point[], t: number): number {
  let lo = 0;
  let hi = points.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.at <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? Number.NaN : points[found]!.value;
}

/** Time-weighted mean of the held values over [from, to); NaN when any part is unknown. */
function meanOver(points: readonly Point[], from: number, to: number): number {
  let sum = 0;
  let t = from;
  let value = holdAt(points, from);
  for (const p of points) {
    if (p.at <= from) continue;
    if (p.at >= to) break;
    sum += value * (p.at - t);
    t = p.at;
    value = p.value;
  }
  sum += value * (to - t);
  return sum / (to - from);
}

function toNumber(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return Number.NaN;
  const n = Number(text);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** Per-quantity point lists from the two CSV shapes. */
function readSeries(text: string, names: readonly string[], basis: TimeBasis) {
  const { header, rows } = parseCsv(text);
  const ha = HA_HEADER.every((h) => header.includes(h));
  const byName = new Map<string, Point[]>(names.map((n) => [n, []]));
  const parseTime = timeParser(basis);
  if (ha) {
    const [id, state, changed] = HA_HEADER.map((h) => header.indexOf(h)) as [number, number, number];
    for (const r of rows) byName.get(r[id]!)?.push({ at: parseTime(r[changed]!), value: toNumber(r[state]) });
    const missing = names.filter((n) => byName.get(n)!.length === 0);
    if (missing.length > 0) {
      const seen = [...new Set(rows.map((r) => r[id]))].slice(0, 20).join(', ');
      throw new Error(`no rows for ${missing.join(', ')} (entities in the file: ${seen})`);
    }
  } else {
    const missing = names.filter((n) => !header.includes(n));
    if (missing.length > 0)
      throw new Error(`no column ${missing.map((m) => `"${m}"`).join(', ')} (columns: ${header.join(', ')})`);
    for (const r of rows) {
      const at = parseTime(r[0]!);
      for (const n of names) byName.get(n)!.push({ at, value: toNumber(r[header.indexOf(n)]) });
    }
  }
  for (const points of byName.values()) points.sort((a, b) => a.at - b.at);
  return { format: ha ? ('home-assistant' as const) : ('columns' as const), byName };
}

/**
 * A room/outdoor/heater-power history on a regular grid from a CSV: one column per quantity (first
 * column the time), or a Home Assistant history export (`entity_id,state,last_changed`: Developer Tools
 * / History, "Download data"; a row per state change, so values hold until the next row). The room is
 * read at each grid instant; outdoor and power are time-weighted means over the step. Naive times are
 * in `basis`; `unavailable`/`unknown` states and empty cells are gaps.
 */
export function houseHistoryFromCsv(
  text: string,
  columns: HistoryColumns,
  stepMs: number,
  basis: TimeBasis,
): HouseHistory {
  const names = [columns.room, columns.outdoor, ...columns.power];
  const { format, byName } = readSeries(text, names, basis);
  const all = [...byName.values()];
  const first = Math.max(...all.map((p) => p[0]!.at));
  const last = Math.min(...all.map((p) => p.at(-1)!.at));
  const from = Math.ceil(first / stepMs) * stepMs;
  if (!(last > from)) throw new Error('the room, outdoor and power series do not overlap in time');
  const room = byName.get(columns.room)!;
  const outdoor = byName.get(columns.outdoor)!;
  const powers = columns.power.map((p) => byName.get(p)!);
  const samples: HouseSample[] = [];
  for (let t = from; t <= last; t += stepMs)
    samples.push({
      roomC: holdAt(room, t),
      outdoorC: meanOver(outdoor, t, t + stepMs),
      heatW: powers.reduce((sum, p) => sum + meanOver(p, t, t + stepMs), 0),
    });
  return { format, from, stepMs, samples };
}
