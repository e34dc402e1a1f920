import type { Policy } from './policy.js';
import type { Level } from './types.js';

/** What to do with a miner when a term it needs has no fresh data. */
export type StaleFallback = 'off' | 'lowest' | 'hold';

/** Anti-flap settings of one miner (all durations in ms, money in currency per hour). */
export interface GuardSettings {
  minOnMs: number;
  minOffMs: number;
  minDwellMs: number;
  /** A level change must gain at least this much net value per hour. */
  hysteresisPerHour: number;
  /** Starts (off → on) allowed per local day; Infinity for no cap. */
  maxStartsPerDay: number;
  /** A start waits until the ledger has wanted it continuously for this long. */
  enableDelayMs: number;
  /** A stop waits until the ledger has wanted it continuously for this long (the miner steps down meanwhile). */
  disableDelayMs: number;
  /** Grid import (W) of a miner's share above which stepping down skips the minimum dwell. */
  disableThresholdW: number;
}

/** Power-target miners (e.g. Braiins OS) can run at any power in a range, in steps. */
export interface ContinuousRange {
  minW: number;
  maxW: number;
  stepW: number;
}

/** Battery rules for surplus (state of charge in %). */
export interface BatteryModel {
  /** Below this SoC the battery's charging power is not offered to miners (battery first). */
  prioritySoc: number;
  /** Above this SoC a running miner may keep its lowest level from the battery. */
  bufferSoc: number;
  /** Never drain the battery for miners at or below this SoC. */
  minSoc: number;
}

/** How the heat a miner makes would otherwise be produced in its zone. */
export type AlternativeHeater =
  | { type: 'heat-pump'; cop: number }
  | { type: 'gas'; perKWh: number; efficiency: number }
  | { type: 'resistive' }
  | { type: 'none' };

/** A heated room or space whose heat demand gives miner heat its value. */
export interface ZoneModel {
  id: string;
  name: string;
  /** Heat wanted below this temperature. */
  targetC: number;
  /** Never run a miner when the room is at or above this temperature. */
  maxC: number;
  /** After a stop at maxC, restart only below maxC − bandC. */
  bandC: number;
  /** Heat loss of the room (W per K indoor − outdoor); bounds the useful heat when outdoor temperature is known. */
  heatLossWPerK?: number;
  heater: AlternativeHeater;
}

/** The core's view of one configured miner. */
export interface MinerModel {
  id: string;
  name: string;
  /** Operating points, `off` first, sorted by power. */
  levels: Level[];
  zoneId?: string;
  /** Revenue signal: `hashprice` (BTC, currency per TH/s per day) or `hashprice.xmr` (RandomX, same unit). */
  revenueKey: 'hashprice' | 'hashprice.xmr';
  /** Pool fee as a fraction (0.02 = 2 %). */
  poolFee: number;
  /** Lower numbers get scarce surplus first. */
  priority: number;
  guards: GuardSettings;
  /** Set for power-target miners: the core may choose any power in the range, following surplus. */
  continuous?: ContinuousRange;
  staleFallback: StaleFallback;
}

/** Static configuration the core decides with; built once from the validated config. */
export interface Model {
  currency: string;
  miners: MinerModel[];
  zones: ZoneModel[];
  /** Export power kept in reserve, not offered to miners (W); without a grid meter, the assumed house load. */
  reserveW: number;
  battery?: BatteryModel;
  /** Maximum age per signal kind before a reading counts as unknown (ms). Keys: `price`, `hashprice`, `grid`, `pv`, `battery`, `zoneTemp`, `outdoor`, `heatDemand`. */
  maxAgeMs: Record<string, number>;
  /** Fuse protection: managed miners plus measured house load stay at or below this (W); undefined = no cap. */
  siteMaxPowerW?: number;
  /** Policies evaluated for every miner, in order; per-miner settings live inside the instances (policies/index.ts). */
  policies: Policy[];
}

/** The `off` level every miner has. */
export const OFF: Level = Object.freeze({ id: 'off', powerW: 0, ths: 0 });
