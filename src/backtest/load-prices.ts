import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { retailPrice as tariffRetailPrice } from '../../adapters/sources/tariffs/tariff-common.js';
import type { BacktestSection } from './config.js';
import { parseCsv, type Series, seriesFrom, type TimeBasis, timeBasisOf, timeParser } from './series.js';

type PriceFile = BacktestSection['prices']['import'];

function fromJson(text: string, basis: TimeBasis): { at: number; value: number }[] {
  const data = JSON.parse(text) as unknown;
  const slots = Array.isArray(data) ? data : (data as { slots?: unknown }).slots;
  if (!Array.isArray(slots)) throw new Error('expected an array of slots or { "slots": [...] }');
  const parse = timeParser(basis);
  return slots.map((s: { start?: unknown; perKWh?: unknown }, i) => {
    if (typeof s.perKWh !== 'number') throw new Error(`slot ${i}: perKWh must be a number`);
    const at = typeof s.start === 'number' ? s.start : parse(String(s.start));
    return { at, value: s.perKWh };
  });
}

/**
 * Wholesale prices per kWh from a file: the shared day-ahead CSV (`Datetime,Price (EUR/MWh)`, naive
 * local hour-beginning), a generic `time,value` CSV, or JSON slots. Times with an offset or `Z` are absolute;
 * naive ones are read in the file's `utcOffset` or `timeZone`, else in the site's `timeZone`.
 */
export function loadPrices(spec: PriceFile, dataDir: string, timeZone: string): Series {
  const path = join(dataDir, spec.file);
  const text = readFileSync(path, 'utf8');
  const perMWh = (spec.unit ?? (spec.format === 'day-ahead-csv' ? 'per-MWh' : 'per-kWh')) === 'per-MWh';
  const scale = perMWh ? 1 / 1000 : 1;
  try {
    const basis = timeBasisOf(spec, timeZone);
    const parse = timeParser(basis);
    const points =
      spec.format === 'json-slots'
        ? fromJson(text, basis)
        : parseCsv(text).rows.map((r) => ({ at: parse(r[0]!), value: Number(r[1]) }));
    const series = seriesFrom(points.map((p) => ({ at: p.at, value: p.value * scale })));
    if (series.at.length === 0) throw new Error('no prices');
    return series;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** Where a price applies: its instant and the site's time zone (for time-varying charges). */
export interface PriceTime {
  at: number;
  timeZone: string;
}

const localOf = (when?: PriceTime) =>
  when ? DateTime.fromMillis(when.at, { zone: when.timeZone }) : undefined;

/**
 * Retail price from wholesale: (wholesale × multiplier + charges) × (1 + tax), with charges at
 * `when` when they vary by time — the live tariffs' own `retailPrice`, so a backtest prices like live.
 */
export function retailPrice(
  wholesalePerKWh: number,
  retail: BacktestSection['prices']['retail'],
  when?: PriceTime,
): number {
  const composition = {
    multiplier: retail.multiplier,
    charges: retail.chargesPerKWh,
    tax: retail.taxRate,
    negative: 'pay' as const,
  };
  // Local time only when the charges need it: a year of 15-min steps builds no DateTime otherwise.
  const local = typeof retail.chargesPerKWh === 'number' ? undefined : localOf(when);
  return tariffRetailPrice(wholesalePerKWh, composition, local);
}

/** Feed-in price from wholesale (same composition, no tax), or the fixed tariff. */
export function exportPrice(wholesalePerKWh: number, spec: BacktestSection['prices']['export']): number {
  if ('perKWh' in spec) return spec.perKWh;
  const composition = {
    multiplier: spec.multiplier,
    charges: spec.chargesPerKWh,
    tax: 0,
    negative: 'pay' as const,
  };
  const price = tariffRetailPrice(wholesalePerKWh, composition);
  return spec.floorPerKWh === undefined ? price : Math.max(spec.floorPerKWh, price);
}
