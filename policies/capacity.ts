import { peakCost, peakWithW } from '../src/core/capacity.js';
import { formatMoney } from '../src/core/money.js';
import type { Policy, PolicyResult } from '../src/core/policy.js';
import { termFor } from '../src/core/policy.js';

const POLICY = 'capacity';

/** Two peaks in kW: one decimal, or two where one would show them equal. */
function kWPair(a: number, b: number): [string, string] {
  const one = [(a / 1000).toFixed(1), (b / 1000).toFixed(1)] as [string, string];
  return one[0] !== one[1] ? one : [(a / 1000).toFixed(2), (b / 1000).toFixed(2)];
}

/**
 * Capacity tariff (issue 18): never set a new monthly peak of the grid import's window average. A
 * level that would raise it is forbidden at once (guards bypassed: near a window's end the miners
 * step down so its average lands under the peak) and carries the new peak's one-off charge in the
 * ledger, spread over one window, so the money shows what it would cost. A manual override may
 * still take it, and so may the look-ahead plan where it found the raise worth its cost. Without a fresh grid reading the policy abstains: the peak cannot be watched.
 */
export function capacityPolicy(): Policy {
  return {
    name: POLICY,
    evaluate({ miner, capacity, model, snapshot }): PolicyResult {
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
      // The look-ahead plan may have found a new peak worth its cost (a free session, negative prices).
      const plannedRaiseW = snapshot.plans?.[miner.id]?.peakRaiseW ?? 0;
      const allowedW = Math.max(0, leftW) + plannedRaiseW;
      const raising = miner.levels.filter((l) => l.id !== 'off' && l.powerW > allowedW);
      if (raising.length === 0) return { terms: [term] };
      const top = raising[raising.length - 1]!;
      const newPeakW = peakWithW(capacity, top.powerW, leftW);
      const cost = formatMoney(peakCost(capacity, newPeakW), model.currency);
      const [from, to] = kWPair(capacity.peakW, newPeakW);
      const reason = `${top.id} would raise this month's peak from ${from} to ${to} kW, costing ${cost}`;
      return {
        terms: [term],
        constraints: [
          { policy: POLICY, kind: 'forbid', levelIds: raising.map((l) => l.id), reason, bypassGuards: true },
        ],
      };
    },
  };
}
