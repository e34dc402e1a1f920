import type { Instant } from './basics.js';
import type { GridEvent } from './grid-events.js';
import type { MinerPlan } from './planner/plan-types.js';

export type { Instant, Level } from './basics.js';

/** A value with when it was observed and who observed it. */
export interface Reading<T> {
  value: T;
  /** When the value was observed (epoch ms). */
  at: Instant;
  /** Source id that produced it. */
  source: string;
}

/** One tariff interval, [start, end), price in the configured currency per kWh. */
export interface PriceSlot {
  start: Instant;
  end: Instant;
  perKWh: number;
}

/** What a miner adapter last reported. */
export interface MinerStatus {
  reachable: boolean;
  running: boolean;
  levelId?: string;
  powerW?: number;
  ths?: number;
  chipTempC?: number;
  uptimeS?: number;
  /** Short error text when unreachable or misbehaving. */
  error?: string;
  /** Consecutive commands the miner failed or refused (set by the agent's supervisor). */
  commandFailures?: number;
  /**
   * False when nothing can switch this miner off (firmware without soft off, no companion plug); the
   * core then never chooses `off` for it and runs it at its lowest level instead. Absent = it can.
   */
  canSwitchOff?: boolean;
  at: Instant;
}

/** A user override from config, CLI or Home Assistant. `auto` is the absence of one. */
export interface Override {
  /** `off` or a level id. */
  levelId: string;
  /** Optional expiry (epoch ms). */
  until?: Instant;
  source: string;
}

/** Local wall-clock facts of `now`, computed at the edge (luxon) so the core needs no time zone code. */
export interface LocalTime {
  /** ISO weekday 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight (0…1439). */
  minuteOfDay: number;
  /** Local date `YYYY-MM-DD`, used as the key for daily counters. */
  date: string;
  /** Epoch ms of local midnight starting today, and of the next one (23/24/25 h apart). */
  dayStartAt: Instant;
  dayEndAt: Instant;
}

/** Names of scalar signals; zone signals carry the zone id. */
export type ScalarKey =
  | 'grid.powerW'
  | 'pv.powerW'
  | 'battery.powerW'
  | 'battery.socPct'
  | 'outdoor.tempC'
  | 'hashprice'
  | 'hashprice.xmr'
  | `zone.${string}.tempC`
  | `zone.${string}.heatDemandW`;

/** Names of price-series signals. */
export type SeriesKey = 'price.import' | 'price.export';

/** Grid events (issue 18): each source's list of known events, kept per source id. */
export type EventsKey = 'events';

/** Any signal a source can feed. */
export type SignalKey = ScalarKey | SeriesKey | EventsKey;

/** Everything one decision sees. Nothing else influences a decision. */
export interface Snapshot {
  now: Instant;
  local: LocalTime;
  /** Latest reading per scalar signal, whatever its age (the core judges staleness). */
  scalars: Partial<Record<string, Reading<number>>>;
  /** Latest price series per kind. */
  series: Partial<Record<SeriesKey, Reading<PriceSlot[]>>>;
  /** Latest status per miner id. */
  miners: Record<string, MinerStatus>;
  /** Active user overrides per miner id. */
  overrides: Record<string, Override>;
  /** Per-zone target temperatures set at run time (e.g. from Home Assistant), overriding config. */
  zoneTargetsC: Record<string, number>;
  /** Grid events per source id (issue 18): free-power sessions, caps, stops; absent without `events:` sources. */
  events?: Record<string, Reading<GridEvent[]>>;
  /** Look-ahead plans per miner id (issue 7); absent when the planner is off. */
  plans?: Record<string, MinerPlan>;
}
