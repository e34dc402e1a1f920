import type { Memory } from './memory.js';
import type { MinerModel, Model } from './model.js';
import type { Abstention } from './policy.js';
import { scalar } from './signals.js';
import type { Snapshot } from './types.js';

/** Power the managed miners draw now (W): measured where reported, else the level the core last chose. */
export function managedDrawW(snapshot: Snapshot, model: Model, memory: Memory): number {
  let total = 0;
  for (const miner of model.miners) {
    const status = snapshot.miners[miner.id];
    if (status?.reachable && !status.running) continue;
    if (status?.reachable && status.powerW !== undefined) {
      total += status.powerW;
      continue;
    }
    const levelId = memory.miners[miner.id]?.levelId ?? 'off';
    total += miner.levels.find((l) => l.id === levelId)?.powerW ?? 0;
  }
  return total;
}

/** Surplus offered to the miners: export now + what they draw now − the reserve; undefined without a fresh grid reading. */
export function siteSurplus(
  snapshot: Snapshot,
  model: Model,
  memory: Memory,
): { surplusW: number | undefined; abstention?: Abstention } {
  const grid = scalar(snapshot, model, 'grid.powerW');
  if (!grid.ok) {
    if (!snapshot.scalars['grid.powerW']) return { surplusW: undefined };
    const abstention = { policy: 'surplus', reason: `${grid.why}, no surplus counted`, essential: false };
    return { surplusW: undefined, abstention };
  }
  const surplusW = -grid.value + managedDrawW(snapshot, model, memory) - model.reserveW;
  return { surplusW: Math.max(0, surplusW) };
}

/** Joules per TH at a miner's top level; Infinity when it reports no hashrate. */
function joulesPerTh(miner: MinerModel): number {
  const top = miner.levels[miner.levels.length - 1];
  return top && top.ths > 0 ? top.powerW / top.ths : Number.POSITIVE_INFINITY;
}

/** Order in which miners get scarce surplus: configured priority, then efficiency, then id. */
export function allocationOrder(miners: readonly MinerModel[]): MinerModel[] {
  return [...miners].sort(
    (a, b) => a.priority - b.priority || joulesPerTh(a) - joulesPerTh(b) || a.id.localeCompare(b.id),
  );
}
