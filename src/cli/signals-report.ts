import { slotAt } from '../core/signals.js';
import type { Instant, Level, PriceSlot, Reading } from '../core/types.js';
import { breakEvenPerKWh, cheapestWindow, type PriceWindow, priceRange } from './price-windows.js';

const HOUR = 3_600_000;

/** What `hashheat signals` found for one price series. */
export interface SeriesSummary {
  key: string;
  source: string;
  fetchedAt: Instant;
  ageS: number;
  slots: number;
  /** Slot lengths present (minutes), most common first. */
  slotMinutes: number[];
  from?: Instant;
  to?: Instant;
  nowPerKWh?: number;
  min?: { perKWh: number; start: Instant };
  max?: { perKWh: number; start: Instant };
  cheapest1h?: PriceWindow;
  cheapest3h?: PriceWindow;
}

/** A scalar signal's latest value, with its inputs when the source offers them. */
export interface ScalarSummary {
  key: string;
  value: number;
  at: Instant;
  ageS: number;
  source: string;
  details?: Record<string, number | string>;
}

/** Break-even prices of one miner's levels. */
export interface MinerBreakEven {
  minerId: string;
  coin: 'btc' | 'xmr';
  revenueKey: string;
  poolFee: number;
  levels: { id: string; powerW: number; ths: number; perKWh?: number }[];
}

/** Everything `hashheat signals` prints. */
export interface SignalsReport {
  at: Instant;
  currency: string;
  sources: { id: string; ok: boolean; error?: string }[];
  series: SeriesSummary[];
  revenue: ScalarSummary[];
  breakEven: MinerBreakEven[];
  signals: ScalarSummary[];
}

/** Summarises one price series at `now`: span, slot length, now, min/max and the cheapest 1 h / 3 h ahead. */
export function summariseSeries(key: string, reading: Reading<PriceSlot[]>, now: Instant): SeriesSummary {
  const slots = reading.value;
  const lengths = new Map<number, number>();
  for (const s of slots)
    lengths.set((s.end - s.start) / 60_000, (lengths.get((s.end - s.start) / 60_000) ?? 0) + 1);
  const range = priceRange(slots);
  const cheapest1h = cheapestWindow(slots, now, HOUR);
  const cheapest3h = cheapestWindow(slots, now, 3 * HOUR);
  const current = slotAt(slots, now);
  return {
    key,
    source: reading.source,
    fetchedAt: reading.at,
    ageS: Math.round((now - reading.at) / 1000),
    slots: slots.length,
    slotMinutes: [...lengths].sort((a, b) => b[1] - a[1]).map(([m]) => m),
    ...(slots.length ? { from: slots[0]!.start, to: slots.at(-1)!.end } : {}),
    ...(current ? { nowPerKWh: current.perKWh } : {}),
    ...(range
      ? {
          min: { perKWh: range.min.perKWh, start: range.min.start },
          max: { perKWh: range.max.perKWh, start: range.max.start },
        }
      : {}),
    ...(cheapest1h ? { cheapest1h } : {}),
    ...(cheapest3h ? { cheapest3h } : {}),
  };
}

/** Inputs of `buildSignalsReport`: the store's readings and the config's miners. */
export interface ReportInput {
  now: Instant;
  currency: string;
  sources: SignalsReport['sources'];
  series: Partial<Record<string, Reading<PriceSlot[]>>>;
  scalars: Record<string, Reading<number>>;
  /** Details per source id (e.g. hashprice inputs). */
  details: Record<string, Record<string, number | string>>;
  miners: { id: string; coin: 'btc' | 'xmr'; poolFee: number; levels: readonly Level[] }[];
}

/** Builds the report (pure): series summaries, revenue with inputs, break-even per level, other signals. */
export function buildSignalsReport(input: ReportInput): SignalsReport {
  const scalar = ([key, r]: [string, Reading<number>]): ScalarSummary => ({
    key,
    value: r.value,
    at: r.at,
    ageS: Math.round((input.now - r.at) / 1000),
    source: r.source,
    ...(input.details[r.source] ? { details: input.details[r.source] } : {}),
  });
  const scalars = Object.entries(input.scalars).sort(([a], [b]) => a.localeCompare(b));
  const breakEven = input.miners.map((m) => {
    const revenueKey = m.coin === 'xmr' ? 'hashprice.xmr' : 'hashprice';
    const hashprice = input.scalars[revenueKey]?.value;
    return {
      minerId: m.id,
      coin: m.coin,
      revenueKey,
      poolFee: m.poolFee,
      levels: m.levels
        .filter((l) => l.powerW > 0)
        .map((l) => ({
          id: l.id,
          powerW: l.powerW,
          ths: l.ths,
          ...(hashprice !== undefined
            ? { perKWh: breakEvenPerKWh({ hashprice, ths: l.ths, poolFee: m.poolFee, powerW: l.powerW }) }
            : {}),
        })),
    };
  });
  return {
    at: input.now,
    currency: input.currency,
    sources: input.sources,
    series: Object.entries(input.series)
      .filter((e): e is [string, Reading<PriceSlot[]>] => e[1] !== undefined)
      .map(([key, reading]) => summariseSeries(key, reading, input.now)),
    revenue: scalars.filter(([k]) => k.startsWith('hashprice')).map(scalar),
    breakEven,
    signals: scalars.filter(([k]) => !k.startsWith('hashprice')).map(scalar),
  };
}
