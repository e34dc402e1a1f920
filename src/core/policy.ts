import type { MinerMemory } from './memory.js';
import type { MinerModel, Model } from './model.js';
import type { MinerStatus, Snapshot } from './types.js';

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
  evaluate(ctx: PolicyContext): PolicyResult;
}

/** Helper: a term whose value per level is computed by `fn`. */
export function termFor(
  policy: string,
  category: TermCategory,
  miner: MinerModel,
  fn: (levelIndex: number) => number,
): Term {
  const perHour: Record<string, number> = {};
  miner.levels.forEach((level, i) => {
    perHour[level.id] = fn(i);
  });
  return { policy, category, perHour };
}
