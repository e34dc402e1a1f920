import { peakCost, peakWithW } from '../src/core/capacity.js';
import { formatMoney } from '../src/core/money.js';
import type { Policy, PolicyResult } from '../src/core/policy.js';
import { termFor } from '../src/core/policy.js';

const POLICY = 'capacity';

const kW = (w: number) => (w / 1000).toFixed(1);

/**
 * Capacity tariff (issue 18): never set a new monthly peak of the grid import's window average. A
 * level that would raise it is forbidden at once (guards bypassed: near a window's end the miners
 * step down so its average lands under the peak) and carries the new peak's one-off charge in the
 * ledger, spread over one window, so the money shows what it would cost. A manual override may
 * still take it. Without a fresh grid reading the policy abstains: the peak cannot be watched.
 */
export function capacityPolicy(): Policy {
  return {
    name: POLICY,
    evaluate({ miner, capacity, model }): PolicyResult {
      if (!capacity) return {};
      if (!('leftW' in capacity)) {
        const why = 'why' in capacity ? capacity.why : 'no capacity view';
        return { abstentions: [{ policy: POLICY, reason: why, essential: false }] };
      }
      const leftW = capacity.leftW;
      const windowH = capacity.windowMs / 3_600_000;
      const term = termFor(POLICY, 'powerCost', miner, (i) => {
        const level = miner.levels[i]!;
        return level.id === 'off'
          ? 0
          : peakCost(capacity, peakWithW(capacity, level.powerW, leftW)) / windowH;
      });
      const raising = miner.levels.filter((l) => l.id !== 'off' && l.powerW > Math.max(0, leftW));
      if (raising.length === 0) return { terms: [term] };
      const top = raising[raising.length - 1]!;
      const newPeakW = peakWithW(capacity, top.powerW, leftW);
      const cost = formatMoney(peakCost(capacity, newPeakW), model.currency);
      const reason =
        `${top.id} would raise this month's peak from ${kW(capacity.peakW)} to ${kW(newPeakW)} kW, ` +
        `costing ${cost}`;
      return {
        terms: [term],
        constraints: [
          { policy: POLICY, kind: 'forbid', levelIds: raising.map((l) => l.id), reason, bypassGuards: true },
        ],
      };
    },
  };
}
