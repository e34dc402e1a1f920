import { formatPerKWh } from '../src/core/money.js';
import type { Policy, PolicyResult } from '../src/core/policy.js';
import { priceNow } from '../src/core/signals.js';
import { ruleLevelId, runAt, stopAll, unknownLevel } from './rule-levels.js';

const POLICY = 'price-cap';

/**
 * Price cap (a simple rule, like evcc's smart cost limit): while the import price (currency per
 * kWh) is at or below the cap the miner runs at the configured level (the top level by default);
 * above it the miner stays off. Without a known price now the policy abstains essentially, so the
 * miner's stale fallback applies.
 */
export function priceCapPolicy(): Policy {
  return {
    name: POLICY,
    evaluate({ snapshot, model, miner }): PolicyResult {
      const rule = miner.priceCap;
      if (!rule) return {};
      const levelId = ruleLevelId(miner, rule.levelId);
      if (!levelId) return { abstentions: [unknownLevel(POLICY, miner, rule.levelId)] };
      const price = priceNow(snapshot, model, 'price.import');
      if (!price.ok) {
        return {
          abstentions: [{ policy: POLICY, reason: `price cap unknown: ${price.why}`, essential: true }],
        };
      }
      const fmt = (v: number) => formatPerKWh(v, model.currency);
      if (price.value <= rule.maxPerKWh) {
        const reason = `import price ${fmt(price.value)} is at or below the cap of ${fmt(rule.maxPerKWh)}`;
        return { constraints: [runAt(POLICY, levelId, reason)] };
      }
      const reason = `import price ${fmt(price.value)} is above the cap of ${fmt(rule.maxPerKWh)}`;
      return { constraints: [stopAll(POLICY, miner, reason)] };
    },
  };
}
