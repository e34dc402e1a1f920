/**
 * Per-miner rule settings of the simple policies (quiet hours, price cap, cheapest hours, safety).
 * Pure data built once from the config by each policy's plugin (`create`); the core model carries none of it.
 */

/** A local-time window in which a miner's power is capped. */
export interface QuietWindow {
  /** Local start, minutes since midnight (inclusive). */
  fromMin: number;
  /** Local end, minutes since midnight (exclusive); `toMin <= fromMin` wraps past midnight, equal = all day. */
  toMin: number;
  /** ISO weekdays (1 = Monday) on which the window starts; every day when undefined. */
  weekdays?: readonly number[];
  /** Highest level allowed inside the window (a level id; `off` = stopped). */
  maxLevelId?: string;
  /** Highest power allowed inside the window (W). */
  maxPowerW?: number;
  /** Fans at most this fast inside the window (%), on miners whose API exposes fan control (issue 19). */
  fanCapPercent?: number;
  /** How people read the window, e.g. `22:00–07:00`. */
  label: string;
}

/** Run only while the import price is at or below `maxPerKWh` (currency per kWh). */
export interface PriceCapRule {
  maxPerKWh: number;
  /** Level to run at while cheap enough; the top level when undefined. */
  levelId?: string;
}

/** Run in the cheapest hours of each local day or of a rolling window. */
export interface CheapestHoursRule {
  /** Hours to run per window (h); slots are counted whole, so 15-min slots give quarter-hour steps. */
  hours: number;
  /** `day`: the local calendar day (23/24/25 h); `rolling`: the next `windowHours` from the current slot. */
  window: 'day' | 'rolling';
  /** Length of a rolling window (h). */
  windowHours: number;
  /** Level to run at in a cheap slot; the top level when undefined. */
  levelId?: string;
}

/** What to do when an input a miner depends on is unknown (missing or stale). */
export type FailSafe = 'stop' | 'lowest' | 'hold';

/** Input kinds with a configurable fail-safe. */
export type FailSafeInput = 'grid' | 'zoneTemp' | 'chipTemp';

/** Chip temperature limits (°C) of one miner. */
export interface ChipLimits {
  /** At or above: step down one level. */
  stepDownC: number;
  /** At or above: stop at once. */
  stopC: number;
  /** No step up (and no start) while within this band below `stepDownC`. */
  resumeBandC: number;
  /** Time a step down gets to cool the chips before the miner is stopped (ms). */
  settleMs: number;
}

/** Safety settings of one miner. */
export interface SafetySettings {
  chip?: ChipLimits;
  /** Consecutive failed or refused commands after which the miner is marked faulty. */
  maxCommandFailures: number;
  /** Fail-safe per input kind; no action for kinds left out. */
  onStale: Partial<Record<FailSafeInput, FailSafe>>;
}
