import type { Abstention, Policy, PolicyResult } from '../src/core/policy.js';
import { scalar } from '../src/core/signals.js';

const POLICY = 'site-power';

/**
 * Site power cap (fuse protection): forbids every level above the power left for this miner under
 * `site.maxPowerW` after the house load and the miners decided before it (allocation order), and
 * above its share when the limit binds (`siteShareW`, shared by value per W). A safety constraint:
 * it acts at once and no manual override may exceed it.
 */
export function sitePowerPolicy(): Policy {
  return {
    name: POLICY,
    evaluate({ snapshot, model, miner, siteBudgetW, siteShareW }): PolicyResult {
      if (siteBudgetW === undefined || model.siteMaxPowerW === undefined) return {};
      const abstentions: Abstention[] = [];
      const grid = scalar(snapshot, model, 'grid.powerW');
      if (!grid.ok) {
        const reason = `${grid.why}: the site limit of ${model.siteMaxPowerW} W counts the miners only`;
        abstentions.push({ policy: POLICY, reason, essential: false });
      }
      const leftW = Math.max(0, Math.floor(siteBudgetW));
      const shareW = siteShareW === undefined ? leftW : Math.max(0, Math.floor(siteShareW));
      // The share speaks only where it forbids a level that the power left would allow.
      const shared = miner.levels.some((l) => l.id !== 'off' && l.powerW <= leftW && l.powerW > shareW);
      const capW = shared ? shareW : leftW;
      const levelIds = miner.levels.filter((l) => l.id !== 'off' && l.powerW > capW).map((l) => l.id);
      if (levelIds.length === 0) return { abstentions };
      const reason = shared
        ? `the site limit of ${model.siteMaxPowerW} W, shared by value per W, gives this miner ${capW} W`
        : `the site limit of ${model.siteMaxPowerW} W leaves ${leftW} W for this miner`;
      return {
        constraints: [{ policy: POLICY, kind: 'forbid', levelIds, reason, bypassGuards: true, safety: true }],
        abstentions,
      };
    },
  };
}
