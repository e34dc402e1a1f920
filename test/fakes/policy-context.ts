import type { MinerMemory } from '../../src/core/memory.js';
import type { MinerModel, Model } from '../../src/core/model.js';
import type { PolicyContext } from '../../src/core/policy.js';
import type { MinerStatus, Snapshot } from '../../src/core/types.js';
import { makeModel, makeSnapshot, nanoMiner } from './world.js';

/** One miner in one snapshot, as a policy sees it; defaults: the Nano at noon, off, no history. */
export function policyContext(
  options: {
    snapshot?: Snapshot;
    miner?: MinerModel;
    model?: Model;
    status?: MinerStatus;
    memory?: Partial<MinerMemory>;
    surplusW?: number;
    siteBudgetW?: number;
  } = {},
): PolicyContext {
  const snapshot = options.snapshot ?? makeSnapshot({});
  const miner = options.miner ?? nanoMiner();
  const ctx: PolicyContext = {
    snapshot,
    model: options.model ?? makeModel({ miners: [miner] }),
    miner,
    status: options.status,
    memory: { levelId: 'off', startsDate: snapshot.local.date, startsToday: 0, ...options.memory },
    surplusW: options.surplusW,
  };
  if (options.siteBudgetW !== undefined) ctx.siteBudgetW = options.siteBudgetW;
  return ctx;
}
