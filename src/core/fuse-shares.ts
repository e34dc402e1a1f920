import type { Decision } from './decision.js';
import { allocateSite } from './fleet/allocate.js';
import { offerFromDecisions } from './fleet/from-decisions.js';
import type { Model } from './model.js';
import type { Snapshot } from './types.js';

/** The site-power policy's name, as a ledger row blocked by it says (`site-power: …`). */
const SITE_POWER = 'site-power:';

/** Whether the site limit held some miner below a level it could otherwise have chosen. */
export function fuseBinds(decisions: readonly Decision[]): boolean {
  return decisions.some((d) => d.ledger.some((r) => r.blockedBy?.startsWith(SITE_POWER)));
}

/**
 * Each miner's part of a binding site limit (W). Taken in allocation order, the first miners would
 * take their best levels, the least efficient ones included, and starve the rest (one agent owning
 * the 60 S19-class miners of `test/sim/fleet-site.test.ts` earned 8.9 % less than the split its
 * shards found). Instead the
 * decisions made without the limit are allocated as one site would allocate its shards' offers
 * (issue 20, `allocateSite`): by priority, then by marginal value per W; miners that a guard, a
 * safety rule or a manual override holds keep their level first.
 */
export function fuseShares(
  snapshot: Snapshot,
  model: Model,
  budgetW: number,
  unlimited: readonly Decision[],
): Map<string, number> {
  const offer = offerFromDecisions({
    shard: 'site',
    at: snapshot.now,
    ttlMs: 1,
    miners: model.miners,
    decisions: unlimited,
    statuses: snapshot.miners,
    overrides: snapshot.overrides,
  });
  const allocation = allocateSite([offer], { budgetW: Math.max(0, budgetW), now: snapshot.now });
  return new Map(allocation.shares.map((s) => [s.minerId, s.powerW]));
}
