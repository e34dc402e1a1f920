import { DateTime } from 'luxon';
import type { GridEvent, Instant, LocalTime } from '../core/types.js';
import type { BacktestConfig } from './config.js';
import { backtestEvents, paidPrices } from './events.js';
import { exportPrice, loadPrices, retailPrice } from './load-prices.js';
import { loadHashprice, loadSeries } from './load-series.js';
import { priceShapeWarning } from './price-shape.js';
import { indexAt, meanOver, type Series } from './series.js';
import { zoneClock } from './zone-clock.js';

/** The data of every step of a backtest, in arrays indexed by step. */
export interface Frames {
  stepMs: number;
  start: Float64Array;
  wholesalePerKWh: Float64Array;
  importPerKWh: Float64Array;
  exportPerKWh: Float64Array;
  outdoorC: Float64Array;
  /** Hashprice in the configured currency per TH/s per day. */
  hashprice: Float64Array;
  /** Surplus PV power offered to the miners (W); 0 without PV data. */
  surplusW: Float64Array;
  /** House load minus PV (W); NaN without PV/load data. */
  netLoadW: Float64Array;
  /** The house's grid import without the miners (W), from `houseImport`; 0 without it. */
  houseImportW: Float64Array;
  /** What grid power costs at each step as paid: the import price with the `price`/`reward` events laid over it. */
  paidPerKWh: Float64Array;
  /** The grid events of the config's static sources, per source id (the snapshot's `events`). */
  events: Record<string, GridEvent[]>;
  /** Solar irradiance for the room's solar gains (W/m²); 0 without data. */
  irradianceWPerM2: Float64Array;
  local: LocalTime[];
  /** End of the prices published by the step's start (publication rule: next day from `publishedAtHour`). */
  knownUntil: Float64Array;
  warnings: string[];
}

function sample(series: Series | number, from: Instant, to: Instant, what: string): number {
  if (typeof series === 'number') return series;
  const value = meanOver(series, from, to);
  if (value === undefined) throw new Error(`${what}: no data before ${new Date(from).toISOString()}`);
  return value;
}

/** Loads every input of a backtest config and samples it on the step grid (time-weighted means). */
export function buildFrames(bc: BacktestConfig): Frames {
  const { backtest: bt, config, dataDir } = bc;
  const tz = config.site.timeZone;
  const from = DateTime.fromISO(bt.from, { zone: tz }).startOf('day').toMillis();
  const to = DateTime.fromISO(bt.to, { zone: tz }).startOf('day').toMillis();
  if (!(to > from)) throw new Error(`backtest.to (${bt.to}) must be after backtest.from (${bt.from})`);
  const stepMs = bt.stepMinutes * 60_000;
  const n = Math.floor((to - from) / stepMs);
  const prices = loadPrices(bt.prices.import, dataDir, tz);
  const outdoor =
    'constantC' in bt.outdoor ? bt.outdoor.constantC : loadSeries(bt.outdoor, dataDir, tz, false);
  const hashprice = loadHashprice(bt.hashprice, dataDir);
  const pv = bt.pv ? loadSeries(bt.pv, dataDir, tz, true) : undefined;
  const load = bt.load ? loadSeries(bt.load, dataDir, tz, true) : undefined;
  const houseImport = bt.houseImport ? loadSeries(bt.houseImport, dataDir, tz, true) : undefined;
  const solar = bt.solar ? loadSeries(bt.solar, dataDir, tz, false) : undefined;
  const f: Frames = {
    stepMs,
    start: new Float64Array(n),
    wholesalePerKWh: new Float64Array(n),
    importPerKWh: new Float64Array(n),
    exportPerKWh: new Float64Array(n),
    outdoorC: new Float64Array(n),
    hashprice: new Float64Array(n),
    surplusW: new Float64Array(n),
    netLoadW: new Float64Array(n).fill(Number.NaN),
    houseImportW: new Float64Array(n),
    paidPerKWh: new Float64Array(n),
    events: backtestEvents(config),
    irradianceWPerM2: new Float64Array(n),
    local: [],
    knownUntil: new Float64Array(n),
    warnings: [],
  };
  let heldPrices = 0;
  const clock = zoneClock(tz);
  for (let i = 0; i < n; i++) {
    const start = from + i * stepMs;
    const end = start + stepMs;
    f.start[i] = start;
    const wholesale = sample(prices, start, end, 'prices');
    if (start - prices.at[indexAt(prices, start)]! > 2 * Math.max(stepMs, 3_600_000)) heldPrices += 1;
    f.wholesalePerKWh[i] = wholesale;
    f.importPerKWh[i] = retailPrice(wholesale, bt.prices.retail, { at: start, timeZone: tz });
    f.exportPerKWh[i] = exportPrice(wholesale, bt.prices.export);
    f.outdoorC[i] = sample(outdoor, start, end, 'outdoor temperature');
    f.hashprice[i] = sample(hashprice, start, end, 'hashprice');
    if (houseImport) f.houseImportW[i] = sample(houseImport, start, end, 'house import');
    if (solar) f.irradianceWPerM2[i] = Math.max(0, sample(solar, start, end, 'solar irradiance'));
    if (pv || load) {
      const net = (load ? sample(load, start, end, 'load') : 0) - (pv ? sample(pv, start, end, 'PV') : 0);
      f.netLoadW[i] = net;
      f.surplusW[i] = Math.max(0, -net);
    }
    // The house's own import and its export (the surplus) within one hour: the meter reads their difference.
    if (houseImport) f.netLoadW[i] = f.houseImportW[i]! - f.surplusW[i]!;
    const local = clock.localTime(start);
    f.local.push(local);
    const published = local.minuteOfDay >= bt.prices.publishedAtHour * 60;
    f.knownUntil[i] = published ? clock.localTime(local.dayEndAt).dayEndAt : local.dayEndAt;
  }
  f.paidPerKWh.set(paidPrices(f.start, f.importPerKWh, stepMs, Object.values(f.events).flat()));
  const shape = priceShapeWarning(prices, (at) => Math.floor(clock.localTime(at).minuteOfDay / 60), from, to);
  if (shape) f.warnings.push(shape);
  if (heldPrices > 0)
    f.warnings.push(`prices: ${heldPrices} steps held from an earlier price (gaps in the data)`);
  return f;
}
