import { syntheticPowerW } from './continuous.js';
import type { Memory, MinerMemory } from './memory.js';
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
    total += miner.levels.find((l) => l.id === levelId)?.powerW ?? syntheticPowerW(levelId) ?? 0;
  }
  return total;
}

/** The site's balance as the allocation sees it. */
export interface SiteSurplus {
  /** Surplus offered to the miners (W); undefined without a fresh grid (or PV) reading. */
  surplusW: number | undefined;
  /** A running miner may keep its lowest level from the battery (SoC above bufferSoc). */
  batteryBuffer: boolean;
  abstention?: Abstention;
}

/**
 * Power flowing into the house from the battery (W, discharge positive), as the surplus should count
 * it: charging below `prioritySoc` is the battery's own (not surplus); charging above it may be taken.
 */
function batteryFlowW(snapshot: Snapshot, model: Model): { flowW: number; socPct: number | undefined } {
  const power = scalar(snapshot, model, 'battery.powerW');
  const soc = scalar(snapshot, model, 'battery.socPct');
  const socPct = soc.ok ? soc.value : undefined;
  if (!power.ok) return { flowW: 0, socPct };
  const charging = power.value < 0;
  const belowPriority = socPct === undefined || socPct < (model.battery?.prioritySoc ?? 100);
  return { flowW: charging && belowPriority ? 0 : power.value, socPct };
}

/**
 * PV a zero-export inverter holds back now (W): `pv.availableW − pv.powerW` when the inverter reports
 * what it could produce (issue 19); 0 without that signal. Without a fresh `pv.powerW` the headroom is
 * unknown and counted as 0, with a note.
 */
export function curtailedW(snapshot: Snapshot, model: Model): { headroomW: number; abstention?: Abstention } {
  if (!snapshot.scalars['pv.availableW']) return { headroomW: 0 };
  const available = scalar(snapshot, model, 'pv.availableW');
  const pv = scalar(snapshot, model, 'pv.powerW');
  if (available.ok && pv.ok) return { headroomW: Math.max(0, available.value - pv.value) };
  const why = available.ok ? (pv.ok ? '' : pv.why) : available.why;
  return {
    headroomW: 0,
    abstention: { policy: 'surplus', reason: `${why}: curtailed PV not counted`, essential: false },
  };
}

/**
 * Surplus offered to the miners: export now (grid, import positive, plus battery discharge) + what
 * the miners draw now − the reserve, plus the PV a zero-export inverter curtails when it reports its
 * available power (`pv.availableW`). Without a grid meter, PV power − the reserve (the assumed house load).
 */
export function siteSurplus(snapshot: Snapshot, model: Model, memory: Memory): SiteSurplus {
  const grid = scalar(snapshot, model, 'grid.powerW');
  const { flowW, socPct } = batteryFlowW(snapshot, model);
  const battery = model.battery;
  const batteryBuffer =
    battery !== undefined && socPct !== undefined && socPct >= battery.bufferSoc && socPct > battery.minSoc;
  if (grid.ok) {
    const curtailed = curtailedW(snapshot, model);
    const surplusW =
      -(grid.value + flowW) + managedDrawW(snapshot, model, memory) - model.reserveW + curtailed.headroomW;
    const site: SiteSurplus = { surplusW: Math.max(0, surplusW), batteryBuffer };
    if (curtailed.abstention) site.abstention = curtailed.abstention;
    return site;
  }
  const pv = scalar(snapshot, model, 'pv.powerW');
  if (!snapshot.scalars['grid.powerW'] && pv.ok) {
    return { surplusW: Math.max(0, pv.value - model.reserveW), batteryBuffer };
  }
  if (!snapshot.scalars['grid.powerW']) return { surplusW: undefined, batteryBuffer: false };
  const abstention = { policy: 'surplus', reason: `${grid.why}, no surplus counted`, essential: false };
  return { surplusW: undefined, batteryBuffer: false, abstention };
}

/** Surplus offered to one miner: what is left, or at least its lowest level while running on the battery buffer. */
export function offeredSurplusW(
  remainingW: number | undefined,
  site: SiteSurplus,
  miner: MinerModel,
  memory: MinerMemory,
): number | undefined {
  if (!site.batteryBuffer || memory.levelId === 'off') return remainingW;
  const lowestW = miner.levels.find((l) => l.id !== 'off')?.powerW ?? 0;
  return Math.max(remainingW ?? 0, lowestW);
}

/** Joules per TH at a miner's top level; Infinity when it reports no hashrate. */
function joulesPerTh(miner: MinerModel): number {
  const top = miner.levels[miner.levels.length - 1];
  return top && top.ths > 0 ? top.powerW / top.ths : Number.POSITIVE_INFINITY;
}

/** Each miner list's allocation order, sorted once for a model's lifetime (it was sorted every tick). */
const orders = new WeakMap<readonly MinerModel[], readonly MinerModel[]>();

/** Order in which miners get scarce surplus: configured priority, then efficiency, then id. */
export function allocationOrder(miners: readonly MinerModel[]): readonly MinerModel[] {
  let order = orders.get(miners);
  if (!order) {
    order = [...miners].sort(
      (a, b) => a.priority - b.priority || joulesPerTh(a) - joulesPerTh(b) || a.id.localeCompare(b.id),
    );
    orders.set(miners, order);
  }
  return order;
}
