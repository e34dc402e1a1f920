import type { MinerStatus } from '../core/types.js';
import type { Clock } from '../ports.js';
import { within } from '../timeout.js';
import type { MinerSupervisor } from './miner-supervisor.js';

/** A read slower than this many times the miner's typical read is late… */
const STRAGGLER_FACTOR = 3;
/** …but never before this (ms): a LAN read jitters by tens of milliseconds. */
const STRAGGLER_FLOOR_MS = 50;

/**
 * How long the tick waits for this miner's status: 3× its typical read (at least 50 ms) once it has
 * answered before; until it has, its whole timeout (the first picture of a device is worth waiting for).
 */
export function stragglerLimitMs(miner: MinerSupervisor): number {
  const typical = miner.typicalReadMs;
  if (typical === undefined) return miner.timeoutMs;
  return Math.min(miner.timeoutMs, Math.max(STRAGGLER_FLOOR_MS, STRAGGLER_FACTOR * typical));
}

/** Every miner's status for this tick, and which ones answered too late (their last known status stands in). */
export interface TickReads {
  statuses: Record<string, MinerStatus>;
  late: ReadonlySet<string>;
}

/**
 * Reads every miner at once. A miner that answers within its straggler limit gives this tick its
 * fresh status; one that does not (a device that hangs) gives its last known status and is marked
 * late — its read goes on in the background and the next tick sees the result, so one hanging
 * device never holds up the decisions and commands of the others.
 */
export async function readStatuses(
  miners: ReadonlyMap<string, MinerSupervisor>,
  clock: Clock,
): Promise<TickReads> {
  const late = new Set<string>();
  const entries = await Promise.all(
    [...miners].map(async ([id, miner]) => {
      const status = await within(miner.status(), stragglerLimitMs(miner), clock);
      if (status !== undefined) return [id, status] as const;
      late.add(id);
      return [id, miner.cachedStatus()] as const;
    }),
  );
  return { statuses: Object.fromEntries(entries), late };
}
