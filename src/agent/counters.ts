import type { Decision } from '../core/decision.js';
import type { MinerModel } from '../core/model.js';
import { maxPlausibleMinerW } from '../core/plausible.js';
import type { MinerStatus } from '../core/types.js';
import type { MinerCounters } from './state-file.js';

/** Longest gap counted between two ticks (ms); a longer one (agent down) adds nothing. */
const MAX_GAP_MS = 10 * 60_000;

/**
 * Advances a miner's totals over the time since the last tick, using the power and hashrate it
 * ran at during that time (measured where reported, else the level's).
 */
export function advanceCounters(
  counters: MinerCounters | undefined,
  input: {
    now: number;
    miner: MinerModel;
    status: MinerStatus | undefined;
    decision: Decision | undefined;
    hashprice: number | undefined;
    importPerKWh: number | undefined;
  },
): MinerCounters {
  const totals: MinerCounters = counters ? { ...counters } : { energyKWh: 0, revenue: 0, powerCost: 0 };
  const last = totals.lastAt;
  totals.lastAt = input.now;
  if (last === undefined || input.now <= last || input.now - last > MAX_GAP_MS) return totals;
  const hours = (input.now - last) / 3_600_000;
  const level = input.miner.levels.find((l) => l.id === input.decision?.previousLevelId);
  const running = input.status?.reachable ? input.status.running : level?.id !== 'off';
  if (!running) return totals;
  const measuredW =
    input.status?.reachable && input.status.powerW !== undefined ? input.status.powerW : (level?.powerW ?? 0);
  // Never more than the miner can draw: an energy total (HA's Energy dashboard) must not jump.
  const topW = Math.max(input.miner.continuous?.maxW ?? 0, ...input.miner.levels.map((l) => l.powerW));
  const powerW = Math.min(Math.max(0, measuredW), maxPlausibleMinerW(topW));
  const ths =
    input.status?.reachable && input.status.ths !== undefined ? input.status.ths : (level?.ths ?? 0);
  totals.energyKWh += (powerW / 1000) * hours;
  if (input.hashprice !== undefined)
    totals.revenue += ((ths * input.hashprice) / 24) * (1 - input.miner.poolFee) * hours;
  if (input.importPerKWh !== undefined) totals.powerCost += (powerW / 1000) * input.importPerKWh * hours;
  return totals;
}
