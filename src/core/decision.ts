import type { Abstention } from './policy.js';
import type { Instant, Level } from './types.js';

/** One level's money per hour, as weighed for one miner. */
export interface LedgerRow {
  levelId: string;
  powerW: number;
  ths: number;
  /** Part of the power covered by surplus, and by the grid (W). */
  surplusW: number;
  gridW: number;
  revenuePerHour: number;
  heatCreditPerHour: number;
  powerCostPerHour: number;
  otherPerHour: number;
  netPerHour: number;
  /** False when a constraint forbids the level. */
  allowed: boolean;
  blockedBy?: string;
}

/** The outcome for one miner in one tick. */
export interface Decision {
  minerId: string;
  levelId: string;
  /**
   * What to send: the chosen level with its power and hashrate. For a power-target miner this may be a
   * level the core synthesised from the surplus (`w700` = a 700 W target); the shell applies exactly this.
   */
  level: Level;
  /** Level the core had chosen before this tick. */
  previousLevelId: string;
  powerW: number;
  /** The chosen level differs from the previous one. */
  changed: boolean;
  /** A command must go to the miner (changed, or the miner is not at the chosen level). */
  command: boolean;
  /** `ledger`, a policy name, or a guard name. */
  decidedBy: string;
  /** One human sentence saying why. */
  reason: string;
  /** What the ledger alone (constraints applied, no guards, no override) would choose. */
  autoLevelId: string;
  ledger: LedgerRow[];
  abstentions: Abstention[];
}

/** Everything one tick decided. */
export interface DecisionRecord {
  at: Instant;
  decisions: Decision[];
}
