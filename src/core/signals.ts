import type { Model } from './model.js';
import type { Instant, PriceSlot, Reading, SeriesKey, Snapshot } from './types.js';

/** Maps a signal key to its staleness class in `Model.maxAgeMs`. */
export function ageClassOf(key: string): string {
  if (key.startsWith('price.')) return 'price';
  if (key.startsWith('hashprice')) return 'hashprice';
  // A load's power and want are meter-like readings: as fresh as the grid meter's.
  if (key.startsWith('grid.') || key.startsWith('load.')) return 'grid';
  if (key.startsWith('pv.')) return 'pv';
  if (key.startsWith('battery.')) return 'battery';
  if (key === 'outdoor.tempC') return 'outdoor';
  if (key.endsWith('.heatDemandW')) return 'heatDemand';
  if (key.endsWith('.tempC')) return 'zoneTemp';
  return 'default';
}

/** Result of looking up a value: the value, or why there is none. */
export type Lookup<T> =
  | { readonly ok: true; readonly value: T; readonly at: Instant }
  | { readonly ok: false; readonly why: string };

/** A reading counts only while younger than its class's max age; future readings count as fresh. */
export function isFresh(reading: Reading<unknown>, now: Instant, maxAgeMs: number): boolean {
  return now - reading.at <= maxAgeMs;
}

/** Each key's max age, per model's `maxAgeMs` (every miner and policy asks for the same few keys each tick). */
const maxAgeCache = new WeakMap<Model['maxAgeMs'], Map<string, number>>();

function maxAgeFor(model: Model, key: string): number {
  let byKey = maxAgeCache.get(model.maxAgeMs);
  if (!byKey) {
    byKey = new Map();
    maxAgeCache.set(model.maxAgeMs, byKey);
  }
  let maxAgeMs = byKey.get(key);
  if (maxAgeMs === undefined) {
    maxAgeMs = model.maxAgeMs[ageClassOf(key)] ?? model.maxAgeMs.default ?? Number.POSITIVE_INFINITY;
    byKey.set(key, maxAgeMs);
  }
  return maxAgeMs;
}

/** A lookup's answer, kept with what it was worked out from. */
interface Answer {
  key: string;
  /** The model's table of max ages (the object: a reload makes a new one). */
  maxAges: Model['maxAgeMs'];
  now: Instant;
  at: Instant;
  value: unknown;
  lookup: Lookup<number>;
}

/**
 * Each reading's last answer: every miner's policies ask for the same few readings of one snapshot
 * (the import price three times a miner), and each answer was a freshness check, a search of the
 * price slots and an object (a tenth of a 100-miner tick, issue 16). An answer is reused only for
 * the same reading object, key, max ages and tick, with its value and time unchanged.
 */
const answers = new WeakMap<Reading<unknown>, Answer>();

function remembered(reading: Reading<unknown>, key: string, model: Model, now: Instant) {
  const a = answers.get(reading);
  if (!a || a.key !== key || a.maxAges !== model.maxAgeMs || a.now !== now) return undefined;
  return a.at === reading.at && a.value === reading.value ? a.lookup : undefined;
}

function remember(
  reading: Reading<unknown>,
  key: string,
  model: Model,
  now: Instant,
  lookup: Lookup<number>,
) {
  const { at, value } = reading;
  answers.set(reading, { key, maxAges: model.maxAgeMs, now, at, value, lookup });
  return lookup;
}

/** Latest fresh value of a scalar signal. */
export function scalar(snapshot: Snapshot, model: Model, key: string): Lookup<number> {
  const reading = snapshot.scalars[key];
  if (!reading) return { ok: false, why: `no ${key} reading` };
  const known = remembered(reading, key, model, snapshot.now);
  if (known) return known;
  return remember(reading, key, model, snapshot.now, freshScalar(reading, key, model, snapshot.now));
}

function freshScalar(reading: Reading<number>, key: string, model: Model, now: Instant): Lookup<number> {
  if (!isFresh(reading, now, maxAgeFor(model, key))) {
    const ageMin = Math.round((now - reading.at) / 60_000);
    return { ok: false, why: `${key} is stale (${ageMin} min old)` };
  }
  return { ok: true, value: reading.value, at: reading.at };
}

/** The slot of a sorted series that contains `at`, by binary search. */
export function slotAt(slots: readonly PriceSlot[], at: Instant): PriceSlot | undefined {
  let lo = 0;
  let hi = slots.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const slot = slots[mid]!;
    if (at < slot.start) hi = mid - 1;
    else if (at >= slot.end) lo = mid + 1;
    else return slot;
  }
  return undefined;
}

/** The price per kWh now from a series signal; unknown when the series is stale or has no slot for now. */
export function priceNow(snapshot: Snapshot, model: Model, key: SeriesKey): Lookup<number> {
  const reading = snapshot.series[key];
  if (!reading) return { ok: false, why: `no ${key} series` };
  const known = remembered(reading, key, model, snapshot.now);
  if (known) return known;
  return remember(reading, key, model, snapshot.now, freshPrice(reading, key, model, snapshot.now));
}

function freshPrice(reading: Reading<PriceSlot[]>, key: string, model: Model, now: Instant): Lookup<number> {
  if (!isFresh(reading, now, maxAgeFor(model, key))) {
    const ageH = ((now - reading.at) / 3_600_000).toFixed(1);
    return { ok: false, why: `${key} is stale (fetched ${ageH} h ago)` };
  }
  const slot = slotAt(reading.value, now);
  if (!slot) return { ok: false, why: `${key} has no slot for now` };
  return { ok: true, value: slot.perKWh, at: reading.at };
}
