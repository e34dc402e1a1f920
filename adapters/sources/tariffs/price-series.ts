import { DateTime } from 'luxon';
import type { Instant, PriceSlot } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Slot lengths a series may have (minutes), longest first. */
export const SLOT_LENGTHS_MIN = [60, 30, 15, 5] as const;

/** How a provider quotes prices: per kWh, per MWh (wholesale) or in cents per kWh (Amber, Octopus). */
export type PriceUnit = 'perKWh' | 'perMWh' | 'centsPerKWh';

/** One price as a provider delivers it (`value` in `unit`); `end` only when the provider states it; null = no price. */
export interface RawPrice {
  start: Instant;
  end?: Instant;
  value: number | null;
}

/** Converts a provider value to currency per kWh, rounded to 1e-7 so 34.67 €/MWh reads 0.03467. */
export function toPerKWh(value: number, unit: PriceUnit): number {
  const perKWh = unit === 'perMWh' ? value / 1000 : unit === 'centsPerKWh' ? value / 100 : value;
  return Math.round(perKWh * 1e7) / 1e7;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Slot length (ms) from the spacing of starts: the longest of 60/30/15/5 min dividing every gap,
 * so a missing hour does not make a series two-hourly. Undefined for fewer than two starts.
 * Throws BAD_RESPONSE when starts are not on a 5-minute grid.
 */
export function inferSlotMs(starts: readonly Instant[]): number | undefined {
  const sorted = [...new Set(starts)].sort((a, b) => a - b);
  if (sorted.length < 2) return undefined;
  let step = 0;
  for (let i = 1; i < sorted.length; i++) step = gcd(sorted[i]! - sorted[i - 1]!, step);
  const minutes = SLOT_LENGTHS_MIN.find((m) => step % (m * MINUTE) === 0);
  if (minutes === undefined)
    throw new DeviceError('BAD_RESPONSE', `price starts ${step / 1000} s apart: not a 5-minute grid`, false);
  return minutes * MINUTE;
}

/** Options of `normaliseSeries`. */
export interface NormaliseOptions {
  unit: PriceUnit;
  /** Slot length when the data cannot tell (a single row); default 1 h. */
  defaultSlotMs?: number;
  /** Cut explicit spans longer than this into pieces (e.g. 30 min for a two-rate Octopus tariff). */
  splitMs?: number;
}

/**
 * Any provider's rows → sorted, non-overlapping `PriceSlot`s in currency per kWh. Rows without a
 * price are dropped (a gap stays a gap, never a zero); a repeated start keeps the last row of the
 * reply (providers append revisions); rows without an end last one inferred slot; an end running
 * into the next slot is cut there. Works on instants, so DST days simply have 23/25 hours.
 */
export function normaliseSeries(rows: readonly RawPrice[], options: NormaliseOptions): PriceSlot[] {
  const byStart = new Map<Instant, RawPrice>();
  for (const row of rows) {
    if (row.value === null || !Number.isFinite(row.value) || !Number.isFinite(row.start)) continue;
    byStart.set(row.start, row);
  }
  const kept = [...byStart.values()].sort((a, b) => a.start - b.start);
  const open = kept.filter((r) => r.end === undefined);
  const slotMs = open.length
    ? (inferSlotMs(open.map((r) => r.start)) ?? options.defaultSlotMs ?? HOUR)
    : HOUR;
  const slots: PriceSlot[] = [];
  kept.forEach((row, i) => {
    const next = kept[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    const end = Math.min(row.end ?? row.start + slotMs, next);
    if (end <= row.start) return;
    const perKWh = toPerKWh(row.value as number, options.unit);
    const piece = options.splitMs ?? end - row.start;
    for (let start = row.start; start < end; start += piece) {
      slots.push({ start, end: Math.min(start + piece, end), perKWh });
    }
  });
  return slots;
}

/**
 * Hourly averages for users billed per hour on a 15-min market: every fully covered local hour
 * becomes one slot with the time-weighted mean; hours with a gap keep their slots as they are.
 */
export function averageHourly(slots: readonly PriceSlot[], timeZone: string): PriceSlot[] {
  const hourOf = (at: Instant) => DateTime.fromMillis(at, { zone: timeZone }).startOf('hour').toMillis();
  const groups = new Map<Instant, PriceSlot[]>();
  for (const slot of slots) {
    const hour = hourOf(slot.start);
    groups.set(hour, [...(groups.get(hour) ?? []), slot]);
  }
  const out: PriceSlot[] = [];
  for (const [hour, group] of groups) {
    const end = hour + HOUR;
    const covered = group.every((s, i) => s.start === (i === 0 ? hour : group[i - 1]!.end) && s.end <= end);
    if (!covered || group.at(-1)!.end !== end) {
      out.push(...group);
      continue;
    }
    const sum = group.reduce((acc, s) => acc + s.perKWh * (s.end - s.start), 0);
    out.push({ start: hour, end, perKWh: Math.round((sum / HOUR) * 1e7) / 1e7 });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The slot lengths present in a series (ms), most common first. */
export function slotLengths(slots: readonly PriceSlot[]): number[] {
  const counts = new Map<number, number>();
  for (const s of slots) counts.set(s.end - s.start, (counts.get(s.end - s.start) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([ms]) => ms);
}

function iso(at: Instant): string {
  return new Date(at).toISOString().slice(0, 16);
}

/**
 * Keeps the slots inside [from, to) and checks the reply is about the period asked for: it must
 * hold a slot containing `now`. An empty or wrong-day reply throws BAD_RESPONSE (the runner then
 * keeps the last good series) instead of replacing good prices with nothing.
 */
export function checkCoverage(
  slots: readonly PriceSlot[],
  range: { from: Instant; to: Instant; now: Instant },
  what: string,
): PriceSlot[] {
  const inside = slots.filter((s) => s.end > range.from && s.start < range.to);
  if (inside.some((s) => s.start <= range.now && range.now < s.end)) return inside;
  const got = slots.length ? `${iso(slots[0]!.start)}…${iso(slots.at(-1)!.end)} UTC` : 'no prices';
  throw new DeviceError(
    'BAD_RESPONSE',
    `${what}: reply does not cover ${iso(range.now)} UTC (got ${got})`,
    true,
  );
}
