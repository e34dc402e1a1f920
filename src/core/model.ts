import type { MinerMemory } from './memory-types.js';
import type { TankModel } from './tank.js';
import type { Level, MinerStatus, Snapshot } from './types.js';

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
  /** Gains besides heaters and miners (W; the planner zone's baseHeatW): they cover that much of the heat wanted. */
  gainsW?: number;
  /** Outdoor temperature at and above which the house wants no heat (°C; the planner zone's heatingLimitC). */
  heatingLimitC?: number;
  /** Set for a water zone (kind tank): a cylinder, pool or buffer; its temperature is `zone.<id>.tempC`. */
  tank?: TankModel;
}

/**
 * A capacity tariff (issue 18): the bill charges the month's highest average grid import over a
 * window (Belgium: 15 minutes, at least 2.5 kW; demand charges elsewhere).
 */
export interface CapacityModel {
  /** The averaging window (ms): 15 or 60 minutes. */
  windowMs: number;
  /** What each kW of the month's peak costs for the month (currency). */
  perKWMonth: number;
  /** The peak billed at least (W): a peak below it costs nothing more. */
  minimumW: number;
  /** Kept free under the peak (W), for the house load's jumps within a window. */
  marginW: number;
}

/** What the decision works with in one tick. */
export interface CapacityView {
  /** The month's billed peak so far (W): the highest of ours, the meter's register, and the minimum. */
  peakW: number;
  /** Power all miners together may draw from now on without a new peak (W); may be negative. */
  budgetW: number;
  /** The house's own draw now, net of PV (W): grid power minus what the miners draw. */
  houseW: number;
  perKWMonth: number;
  windowMs: number;
  /** Kept free under the peak (W); a level's new peak does not count it. */
  marginW: number;
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

/**
 * An external flexible load (issue 19: evcc's car, a heat pump, a heating rod) with its own controller.
 * Its signals are `load.<id>.powerW` and `load.<id>.wantsW`.
 */
export interface LoadModel {
  id: string;
  name: string;
  /** Compared with the miners' priority: lower numbers get scarce surplus first (a tie goes to the miners). */
  priority: number;
}

/**
 * The hidden-surplus probe (issue 19) for zero-export inverters and full batteries: with no export and
 * PV producing, step one miner up one level, watch grid import, keep it or back off.
 */
export interface ProbeModel {
  /** How long import must stay within the tolerance after a step (ms). */
  probeMs: number;
  /** At most one probe starts per this long (ms). */
  everyMs: number;
  /** Import (W, grid plus battery discharge) still counted as none: a zero-export controller's offset. */
  importToleranceW: number;
  /** The step for power-target miners (W); miners with levels step to their next level. */
  stepW: number;
}

/** Static configuration the core decides with; built once from the validated config. */
export interface Model {
  currency: string;
  miners: MinerModel[];
  zones: ZoneModel[];
  /** Export power kept in reserve, not offered to miners (W); without a grid meter, the assumed house load. */
  reserveW: number;
  battery?: BatteryModel;
  /** The hidden-surplus probe (issue 19); absent = off. */
  probe?: ProbeModel;
  /** External flexible loads sharing the surplus (issue 19); absent = none. */
  loads?: LoadModel[];
  /** Maximum age per signal kind before a reading counts as unknown (ms). Keys: `price`, `hashprice`, `grid`, `pv`, `battery`, `zoneTemp`, `outdoor`, `heatDemand`. */
  maxAgeMs: Record<string, number>;
  /** Fuse protection: managed miners plus measured house load stay at or below this (W); undefined = no cap. */
  siteMaxPowerW?: number;
  /** A capacity tariff on the month's peak grid import (issue 18); undefined = none. */
  capacity?: CapacityModel;
  /** Policies evaluated for every miner, in order; per-miner settings live inside the instances (policies/index.ts). */
  policies: Policy[];
}

/** The `off` level every miner has. */
export const OFF: Level = Object.freeze({ id: 'off', powerW: 0, ths: 0 });

// The policy contract (re-exported by policy.ts, where policies import it from).

/** What a policy sees: one miner in one snapshot. */
export interface PolicyContext {
  snapshot: Snapshot;
  model: Model;
  miner: MinerModel;
  status: MinerStatus | undefined;
  memory: MinerMemory;
  /** Surplus power offered to this miner after miners earlier in the allocation order (W); undefined when unknown. */
  surplusW: number | undefined;
  /** Power left for this miner under `site.maxPowerW` after the house load and earlier miners (W); undefined = no cap. */
  siteBudgetW?: number;
  /** This miner's part of `site.maxPowerW` when the limit binds: the site allocation by value per W (W). */
  siteShareW?: number;
  /** The capacity tariff's view, with the power left for this miner under the month's peak after earlier miners. */
  capacity?: (CapacityView & { leftW: number }) | { why: string };
}

/** Ledger categories; `powerCost` is a cost (positive = money spent), the others are gains. */
export type TermCategory = 'revenue' | 'heatCredit' | 'powerCost' | 'other';

/** Money per hour for each level id, with the policy that produced it. */
export interface Term {
  policy: string;
  category: TermCategory;
  perHour: Record<string, number>;
}

/** A policy's restriction on the levels a miner may take. */
export type Constraint =
  | {
      policy: string;
      kind: 'forbid';
      levelIds: string[];
      reason: string;
      /** Act now, even against minimum on/off/dwell times. */
      bypassGuards?: boolean;
      /** Not even a manual override may use these levels (chip temperature, fuse). */
      safety?: boolean;
    }
  | { policy: string; kind: 'force'; levelId: string; reason: string; bypassGuards: boolean }
  | {
      policy: string;
      /** This tick the anti-flap guards do not hold the choice back (a grid event begins or ends now). */
      kind: 'unguard';
      reason: string;
    }
  | {
      policy: string;
      /** Every running level whose ledger net value is below `perHour` is forbidden (off never is). */
      kind: 'min-net';
      perHour: number;
      reason: string;
    };

/** A policy that could not contribute, and why. `essential` abstentions trigger the miner's stale fallback. */
export interface Abstention {
  policy: string;
  reason: string;
  essential: boolean;
}

/** What one policy returns for one miner. */
export interface PolicyResult {
  terms?: Term[];
  constraints?: Constraint[];
  abstentions?: Abstention[];
}

/** A pure decision rule: no I/O, no clock, no logging. */
export interface Policy {
  name: string;
  /** Set when the policy applies to one miner only (an instance from that miner's `policies:` list). */
  minerId?: string;
  /**
   * Whether the policy can say anything about `miner` in `model` at all (its zone is a tank, …); asked
   * once per model, not per tick. A policy without it is evaluated for every miner every tick.
   */
  appliesTo?(miner: MinerModel, model: Model): boolean;
  evaluate(ctx: PolicyContext): PolicyResult;
}
