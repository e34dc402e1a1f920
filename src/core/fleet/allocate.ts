import type { Instant } from '../basics.js';
import { exactChoice } from './exact.js';
import { drawW, type MinerOffer, type Offer, offerKey } from './offer.js';
import { compareSteps, hullSteps, type Step } from './segments.js';

/** The site's power budget for one allocation. */
export interface SiteBudget {
  /** Power all the site's miners may draw together now (W): import limit + surplus − house load. */
  budgetW: number;
  now: Instant;
  /**
   * Measured draw of a shard's miners together (W) by something other than the shard (a rack meter, a
   * PDU): for a shard whose offer expired, a reading newer than its offer replaces what it last reported.
   */
  rackReadings?: Record<string, { powerW: number; at: Instant }>;
}

/** One miner's part of the site budget. */
export interface MinerShare {
  key: string;
  shard: string;
  minerId: string;
  levelId: string;
  powerW: number;
  netPerHour: number;
  /** `locked`: a guard holds it; `expired`: its shard's offer expired, counted at what it last ran. */
  fixed?: 'locked' | 'expired';
}

/** The same on every shard for the same offers and budget, whatever order the offers arrived in. */
export interface Allocation {
  /** Sorted by key. */
  shares: MinerShare[];
  budgetW: number;
  /** Power of all shares together, expired shards' reservations included (W). */
  allocatedW: number;
  /** Held for shards whose offer expired (W). */
  reservedW: number;
  /** Net value per hour of the live shares. */
  netPerHour: number;
  expiredShards: string[];
}

interface Slot {
  key: string;
  shard: string;
  miner: MinerOffer;
  index: number;
  locked: boolean;
}

function sortedOffers(offers: readonly Offer[]): Offer[] {
  // One offer per shard (the newest); shards and miners by id, so arrival order never matters.
  const byShard = new Map<string, Offer>();
  for (const offer of offers) {
    const seen = byShard.get(offer.shard);
    if (!seen || offer.at > seen.at) byShard.set(offer.shard, offer);
  }
  return [...byShard.values()].sort((a, b) => (a.shard < b.shard ? -1 : a.shard > b.shard ? 1 : 0));
}

function byMinerId(a: MinerOffer, b: MinerOffer): number {
  return a.minerId < b.minerId ? -1 : a.minerId > b.minerId ? 1 : 0;
}

function expiredShares(offer: Offer, site: SiteBudget): MinerShare[] {
  const rack = site.rackReadings?.[offer.shard];
  const measured = rack !== undefined && rack.at > offer.at;
  const lastW = offer.miners.reduce((sum, m) => sum + drawW(m), 0);
  // At most what it last reported; a newer rack reading says what it really draws (issue 20).
  const scale = measured ? (lastW > 0 ? Math.max(0, rack.powerW) / lastW : 0) : 1;
  const shares = [...offer.miners].sort(byMinerId).map((m) => ({
    key: offerKey(offer.shard, m.minerId),
    shard: offer.shard,
    minerId: m.minerId,
    levelId: m.runningLevelId,
    powerW: drawW(m) * scale,
    netPerHour: 0,
    fixed: 'expired' as const,
  }));
  if (measured && lastW === 0 && shares[0]) shares[0].powerW = Math.max(0, rack.powerW);
  return shares;
}

function liveSlots(offer: Offer): Slot[] {
  return [...offer.miners].sort(byMinerId).flatMap((miner) => {
    if (miner.levels.length === 0) return [];
    const lockedIndex = miner.levels.findIndex((l) => l.id === miner.lockedLevelId);
    const locked = miner.lockedLevelId !== undefined && lockedIndex >= 0;
    return [
      {
        key: offerKey(offer.shard, miner.minerId),
        shard: offer.shard,
        miner,
        index: locked ? lockedIndex : 0,
        locked,
      },
    ];
  });
}

/** Raises slots along their hull steps, best value per W first, while the budget lasts. */
function greedy(slots: Slot[], leftW: number): number {
  const steps: Step[] = [];
  const byKey = new Map(slots.map((s) => [s.key, s]));
  for (const slot of slots) if (!slot.locked) steps.push(...hullSteps(slot.key, slot.miner, slot.index));
  steps.sort(compareSteps);
  const nextRank = new Map<string, number>();
  for (const step of steps) {
    if ((nextRank.get(step.key) ?? 0) !== step.rank) continue;
    if (step.extraW > leftW) {
      nextRank.set(step.key, Number.POSITIVE_INFINITY);
      continue;
    }
    leftW -= step.extraW;
    byKey.get(step.key)!.index = step.toIndex;
    nextRank.set(step.key, step.rank + 1);
  }
  return leftW;
}

/** Fills what the greedy left: each slot in order takes the level that gains most and still fits. */
function fill(slots: Slot[], leftW: number): number {
  const order = [...slots].sort((a, b) => a.miner.priority - b.miner.priority || (a.key < b.key ? -1 : 1));
  for (const slot of order) {
    if (slot.locked) continue;
    const levels = slot.miner.levels;
    const base = levels[slot.index]!;
    let best = slot.index;
    for (let i = slot.index + 1; i < levels.length; i++) {
      const level = levels[i]!;
      if (level.powerW - base.powerW > leftW) continue;
      if (level.netPerHour > levels[best]!.netPerHour) best = i;
    }
    leftW -= levels[best]!.powerW - base.powerW;
    slot.index = best;
  }
  return leftW;
}

/** The exact optimum tier by tier (lower priority numbers first), or false when a table would be too large. */
function raiseExactly(free: Slot[], freeW: number): boolean {
  const tiers = [...new Set(free.map((s) => s.miner.priority))].sort((a, b) => a - b);
  const picks: number[][] = [];
  let leftW = freeW;
  for (const [t, priority] of tiers.entries()) {
    const tier = free.filter((s) => s.miner.priority === priority);
    // Later tiers keep their lowest levels' power.
    const laterBaseW = free
      .filter((s) => s.miner.priority > tiers[t]!)
      .reduce((sum, s) => sum + s.miner.levels[0]!.powerW, 0);
    const pick = exactChoice(
      tier.map((s) => s.miner),
      leftW - laterBaseW,
    );
    if (!pick) return false;
    picks.push(pick);
    leftW -= pick.reduce((sum, l, i) => sum + tier[i]!.miner.levels[l]!.powerW, 0);
  }
  tiers.forEach((priority, t) => {
    free
      .filter((s) => s.miner.priority === priority)
      .forEach((slot, i) => {
        slot.index = picks[t]![i]!;
      });
  });
  return true;
}

/** Raises the unlocked slots within `freeW` (W): exactly when the tables are small, else greedy then fill. */
function raise(slots: Slot[], freeW: number): void {
  const lockedW = slots.reduce((sum, s) => sum + (s.locked ? s.miner.levels[s.index]!.powerW : 0), 0);
  if (
    raiseExactly(
      slots.filter((s) => !s.locked),
      freeW - lockedW,
    )
  )
    return;
  const baseW = slots.reduce((sum, s) => sum + s.miner.levels[s.index]!.powerW, 0);
  const leftW = freeW - baseW;
  if (leftW > 0) fill(slots, greedy(slots, leftW));
}

/**
 * Shares the site budget among all live offers' miners (issue 20): locked miners keep their level,
 * expired shards are counted at what they last ran (or their rack's newer reading) and not reallocated,
 * the rest get the exact optimum when the table is small, else rise from their lowest offered level by marginal value per W (priority first), then a fill
 * pass uses what is left. Deterministic: every shard computes the same shares from the same offers.
 */
export function allocateSite(offers: readonly Offer[], site: SiteBudget): Allocation {
  const shares: MinerShare[] = [];
  const slots: Slot[] = [];
  const expiredShards: string[] = [];
  let reservedW = 0;
  for (const offer of sortedOffers(offers)) {
    if (offer.expiresAt <= site.now) {
      expiredShards.push(offer.shard);
      for (const share of expiredShares(offer, site)) {
        reservedW += share.powerW;
        shares.push(share);
      }
    } else slots.push(...liveSlots(offer));
  }
  raise(slots, site.budgetW - reservedW);
  let netPerHour = 0;
  for (const slot of slots) {
    const level = slot.miner.levels[slot.index]!;
    netPerHour += level.netPerHour;
    const share: MinerShare = {
      key: slot.key,
      shard: slot.shard,
      minerId: slot.miner.minerId,
      levelId: level.id,
      powerW: level.powerW,
      netPerHour: level.netPerHour,
    };
    if (slot.locked) share.fixed = 'locked';
    shares.push(share);
  }
  shares.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const allocatedW = shares.reduce((sum, s) => sum + s.powerW, 0);
  return { shares, budgetW: site.budgetW, allocatedW, reservedW, netPerHour, expiredShards };
}
