import type { Instant } from './basics.js';
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
  | 'grid.windowAvgW'
  | 'grid.monthPeakW'
  | 'pv.powerW'
  /** What the PV could produce now, curtailment included (W): a zero-export inverter's available power (issue 19). */
  | 'pv.availableW'
  | 'battery.powerW'
  | 'battery.socPct'
  | 'outdoor.tempC'
  | 'hashprice'
  | 'hashprice.xmr'
  | `zone.${string}.tempC`
  | `zone.${string}.heatDemandW`
  /** A water zone's heat-exchanger inlet and outlet water temperatures (°C), for its ΔT limit. */
  | `zone.${string}.inlet.tempC`
  | `zone.${string}.outlet.tempC`
  /** What an external flexible load (issue 19) draws now, and the most it would take from surplus now (W). */
  | `load.${string}.powerW`
  | `load.${string}.wantsW`;

/** Names of price-series signals. */
export type SeriesKey = 'price.import' | 'price.export';

/**
 * What a grid event does to the miners while it lasts (issue 18):
 * - `stop`: every miner off (a demand-response call, Germany's §14a dimming to zero);
 * - `cap`: each miner at or below `maxW`, or at or below the level `levelId` (§14a dimming, a peak alert);
 * - `price`: grid power costs `perKWh` in the window (0 for an Octopus free-electricity session);
 * - `reward`: each kWh the site draws less than its baseline earns `perKWh` (a saving session): for a
 *   miner, power it draws costs that much more.
 */
export type GridEventEffect =
  | { kind: 'stop' }
  | { kind: 'cap'; maxW: number }
  | { kind: 'cap-level'; levelId: string }
  | { kind: 'price'; perKWh: number }
  | { kind: 'reward'; perKWh: number };

/** One event: a window [start, end) with an effect, from a calendar, a sensor or a supplier's API. */
export interface GridEvent {
  /** Stable across reads of the same event (the source's own id, or source + start). */
  id: string;
  /** What people see: the calendar summary, "Octopus free electricity", "saving session". */
  title: string;
  start: Instant;
  end: Instant;
  effect: GridEventEffect;
}

/** The current window as the shell's meter saw it (integrated grid import), in the snapshot. */
export interface CapacityWindow {
  windowStartAt: Instant;
  windowEndAt: Instant;
  /** Grid import so far in this window (Wh; export counts as 0). */
  importedWh: number;
  /** The highest window average of this month before this window (W). */
  monthPeakW: number;
}

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
  /** The capacity tariff's current window from the shell's meter (issue 18); absent without a capacity tariff. */
  capacity?: CapacityWindow;
  /** The most each miner may draw under the site's shared budget (issue 20, W per miner id); absent outside a fleet. */
  fleetCapsW?: Record<string, number>;
  /** Look-ahead plans per miner id (issue 7); absent when the planner is off. */
  plans?: Record<string, MinerPlan>;
}
