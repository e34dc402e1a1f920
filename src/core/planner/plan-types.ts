import type { Instant, Level } from '../basics.js';
import type { RoomModel } from './thermal.js';

/** One slot of the planning horizon with what the solver assumes about it. */
export interface PlanSlotInput {
  start: Instant;
  end: Instant;
  /** Grid price (currency per kWh). */
  importPerKWh: number;
  /** Feed-in given up for surplus power (currency per kWh). */
  exportPerKWh: number;
  /** Outdoor temperature (°C). */
  outdoorC: number;
  /** Surplus power offered to this miner (W); 0 when unknown. */
  surplusW: number;
  /** Mining revenue (currency per TH/s per day). */
  hashprice: number;
  /** Other heat into the room: internal gains, other miners' planned heat (W). */
  baseHeatW: number;
  /** Local day the slot belongs to (resets the starts counter). */
  day: string;
  /** Grid events' stop or cap in this slot (W): levels above it are not planned; none = no limit. */
  maxPowerW?: number;
}

/** Anti-flap guards counted in slots. */
export interface SlotGuards {
  minOnSlots: number;
  minOffSlots: number;
  minDwellSlots: number;
  /** Starts per local day; Infinity for no cap. */
  maxStartsPerDay: number;
}

/** Where the miner stands when the plan starts. */
export interface PlanStart {
  /** Room temperature now (°C); ignored without a room. */
  roomC: number;
  /** Index into the unit's levels of the level it runs at now. */
  levelIndex: number;
  /** Whole slots already spent in the current on/off state and at the current level. */
  slotsInState: number;
  slotsAtLevel: number;
  startsToday: number;
}

/** Everything one solve needs. Pure data: the solver does no I/O and reads no clock. */
export interface PlanInput {
  slots: readonly PlanSlotInput[];
  /** Operating points, `off` first. */
  levels: readonly Level[];
  poolFee: number;
  guards: SlotGuards;
  /** The room the miner heats; undefined when its heat is worth nothing. */
  room?: RoomModel;
  start: PlanStart;
  /** Temperature grid step inside the comfort band (K), default 0.05. */
  temperatureStepC?: number;
  /** Cost of one degree-hour below minC (currency per K·h), default 1. */
  coldPenaltyPerKh?: number;
  /** Cost of one degree-hour above maxC (currency per K·h), default 0: set it to trade money for comfort. */
  hotPenaltyPerKh?: number;
  /**
   * Value heat still stored above minC at the end of the horizon at the horizon's mean heating cost
   * (for rolling plans, which the next plan continues); false for a fixed period such as the optimum.
   */
  valueStoredHeat?: boolean;
  /**
   * What follows the horizon for valuing the room at its end (no miner running): outdoor and other
   * heat from forecasts, prices repeated. Without it the horizon's last day repeats.
   */
  continuation?: readonly ContinuationSlot[];
}

/** One slot after the horizon, for the room's value at the horizon's end. */
export interface ContinuationSlot {
  hours: number;
  outdoorC: number;
  baseHeatW: number;
  importPerKWh: number;
}

/** Money and comfort totals of a schedule. */
export interface PlanTotals {
  electricityCost: number;
  miningRevenue: number;
  heatingCost: number;
  /** electricity + heating − revenue. */
  netCost: number;
  minerHeatKWh: number;
  heaterHeatKWh: number;
  coldKh: number;
  hotKh: number;
  starts: number;
}

/** The cheapest comfortable schedule the solver found. */
export interface PlanResult {
  /** Level index per slot. */
  levelIndex: number[];
  /** Room temperature at the start of each slot, plus the end of the last (°C). */
  roomC: number[];
  totals: PlanTotals;
  /** Grid step the solver used (K); `coarsened` when memory forced a step coarser than asked for. */
  grid: { stepC: number; coarsened: boolean };
}

/** One slot of a plan as the core sees it. */
export interface PlannedSlot {
  start: Instant;
  end: Instant;
  levelId: string;
  /** Surplus the plan assumed for this slot (W). */
  surplusW: number;
  /** Room temperature the plan expects at the start of the slot (°C). */
  roomC?: number;
}

/** A miner's plan carried in the snapshot. */
export interface MinerPlan {
  plannedAt: Instant;
  /** Comfort band the plan kept; a measured room outside it contradicts the plan. */
  minC?: number;
  maxC?: number;
  /** The room's heating limit (°C): at or above it outdoors a room below minC is no contradiction. */
  heatingLimitC?: number;
  /** Expected net cost over the horizon (currency). */
  expectedNetCost: number;
  /** With a capacity tariff: how far the plan raises the month's peak (W), when it pays (issue 18). */
  peakRaiseW?: number;
  slots: PlannedSlot[];
}
