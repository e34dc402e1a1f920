import type { Allocation, MinerShare } from './allocate.js';

/** The most one miner may draw this tick, from the allocation (W), with the level that stands for it. */
export interface MinerCap {
  levelId: string;
  powerW: number;
}

/**
 * One shard's caps while the site allocation changes (issue 20): each miner gets the lower of its
 * shares in the last two allocations. Shards see a change at slightly different moments; a miner
 * that loses power loses it at once, one that gains waits one allocation, so the site never draws
 * both the old and the new shares together. When no miner anywhere on the site loses power (the
 * budget only rose), the new shares apply at once: whoever switches first, the site draws at most
 * the new total.
 */
export function shardCaps(
  shard: string,
  current: Allocation,
  previous: Allocation | undefined,
): Record<string, MinerCap> {
  const before = new Map<string, MinerShare>();
  for (const share of previous?.shares ?? []) if (share.shard === shard) before.set(share.minerId, share);
  const raiseOnly = previous !== undefined && onlyRaises(previous, current);
  const caps: Record<string, MinerCap> = {};
  for (const share of current.shares) {
    if (share.shard !== shard) continue;
    const old = before.get(share.minerId);
    // New to the allocation (or the shard's first): the others did not count it yet, so off until next time.
    const lower =
      old === undefined
        ? { levelId: 'off', powerW: 0 }
        : old.powerW < share.powerW && !raiseOnly
          ? old
          : share;
    caps[share.minerId] = { levelId: lower.levelId, powerW: lower.powerW };
  }
  return caps;
}

/** True when every share of `current` had a share before and none is smaller than it was. */
function onlyRaises(previous: Allocation, current: Allocation): boolean {
  const before = new Map(previous.shares.map((s) => [s.key, s]));
  if (previous.shares.length !== current.shares.length) return false;
  return current.shares.every((s) => {
    const old = before.get(s.key);
    return old !== undefined && old.fixed === s.fixed && s.powerW >= old.powerW;
  });
}
