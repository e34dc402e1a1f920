import type { RawPrice } from './price-series.js';

/**
 * Attributes that carry a price series in common Home Assistant integrations (energy.md §5.10):
 * Nord Pool HACS `raw_today`/`raw_tomorrow` ({start, end, value}), Energi Data Service `raw_*`
 * ({hour, price}), HA core Amber `forecasts` ({start_time, end_time, per_kwh}), ENTSO-E
 * `prices_today`/`prices_tomorrow`/`prices` ({time, price}), Tibber/EnergyZero action replies
 * `prices` ({start_time, price}).
 */
export const PRICE_ATTRIBUTES = [
  'raw_today',
  'raw_tomorrow',
  'forecasts',
  'prices_today',
  'prices_tomorrow',
  'prices',
];

const START_FIELDS = ['start', 'start_time', 'startsAt', 'time', 'hour', 'from', 'readingDate', 'date'];
const END_FIELDS = ['end', 'end_time', 'endsAt', 'till', 'to'];
const VALUE_FIELDS = ['value', 'price', 'per_kwh', 'total', 'price_per_kwh'];

function first(item: Record<string, unknown>, fields: readonly string[]): unknown {
  for (const field of fields) if (item[field] !== undefined && item[field] !== null) return item[field];
  return undefined;
}

function instant(value: unknown): number | undefined {
  if (typeof value === 'number') return value > 1e11 ? value : value * 1000; // ms or unix seconds
  if (typeof value !== 'string') return undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : undefined;
}

/** A number from a number or a numeric string (HA often stores attribute values as strings). */
function number(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** Result of parsing: rows, or why there are none. */
export type AttributeRows = { ok: true; rows: RawPrice[]; from: string[] } | { ok: false; reason: string };

/**
 * Price rows from a price entity's attributes (or a bare list, e.g. one mqtt_statestream attribute
 * topic). Values stay in the integration's unit; a row without a usable price becomes a gap.
 */
export function parsePriceAttributes(
  input: unknown,
  attributes: readonly string[] = PRICE_ATTRIBUTES,
): AttributeRows {
  const lists: [string, unknown[]][] = Array.isArray(input)
    ? [['(list)', input]]
    : input && typeof input === 'object'
      ? attributes
          .map((name) => [name, (input as Record<string, unknown>)[name]] as [string, unknown])
          .filter((e): e is [string, unknown[]] => Array.isArray(e[1]))
      : [];
  if (lists.length === 0) return { ok: false, reason: `no price list in ${attributes.join(', ')}` };
  const rows: RawPrice[] = [];
  for (const [name, list] of lists) {
    for (const [i, item] of list.entries()) {
      if (!item || typeof item !== 'object') return { ok: false, reason: `${name}[${i}] is not an object` };
      const record = item as Record<string, unknown>;
      const stamped = instant(first(record, START_FIELDS));
      if (stamped === undefined) return { ok: false, reason: `${name}[${i}] has no start time` };
      // Whole minutes: Amber stamps interval starts one second late (energy.md §5.8).
      const start = Math.floor(stamped / 60_000) * 60_000;
      const end = instant(first(record, END_FIELDS));
      rows.push({ start, ...(end !== undefined ? { end } : {}), value: number(first(record, VALUE_FIELDS)) });
    }
  }
  return { ok: true, rows, from: lists.map(([name]) => name) };
}
