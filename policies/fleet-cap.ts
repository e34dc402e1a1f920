import { FLEET_POLICY } from '../src/core/fleet/offer.js';
import type { Policy, PolicyResult } from '../src/core/policy.js';

/**
 * The fleet cap (issue 20): forbids every level above the power the site's shared allocation gives
 * this miner (`snapshot.fleetCapsW`). A safety constraint like the fuse: it acts at once, guards and
 * manual overrides cannot exceed it, because the other shards have already spent the rest.
 */
export function fleetCapPolicy(): Policy {
  return {
    name: FLEET_POLICY,
    evaluate({ snapshot, miner }): PolicyResult {
      const capW = snapshot.fleetCapsW?.[miner.id];
      if (capW === undefined) return {};
      const levelIds = miner.levels.filter((l) => l.id !== 'off' && l.powerW > capW).map((l) => l.id);
      if (levelIds.length === 0) return {};
      const reason = `the site's shared budget gives this miner ${Math.round(capW)} W`;
      return {
        constraints: [
          { policy: FLEET_POLICY, kind: 'forbid', levelIds, reason, bypassGuards: true, safety: true },
        ],
      };
    },
  };
}
