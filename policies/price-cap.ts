import { z } from 'zod';
import { formatPerKWh } from '../src/core/money.js';
import type { Policy, PolicyResult } from '../src/core/policy.js';
import { priceNow } from '../src/core/signals.js';
import type { PolicyPlugin } from './plugin.js';
import { ruleLevelId, runAt, stopAll, unknownLevel } from './rule-levels.js';
import type { PriceCapRule } from './rules.js';

const POLICY = 'price-cap';

/**
 * Price cap (a simple rule, like evcc's smart cost limit): while the import price (currency per
 * kWh) is at or below the cap the miner runs at the configured level (the top level by default);
 * above it the miner stays off. Without a known price now the policy abstains essentially, so the
 * miner's stale fallback applies.
 */
export function priceCapPolicy(rule: PriceCapRule): Policy {
  return {
    name: POLICY,
    evaluate({ snapshot, model, miner }): PolicyResult {
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

/** The rule's own fields as the config writes them (the shorthand `priceCap:` takes these). */
export const priceCapFields = {
  maxPerKWh: z.number().describe('run only while the import price is at or below this (currency per kWh)'),
  level: z.string().optional().describe('level to run at while cheap enough; default the top level'),
};

const schema = z.object({ type: z.literal(POLICY), ...priceCapFields }).strict();

/** `{ type: price-cap, maxPerKWh, level? }`; the shorthand `priceCap: {...}` means the same. */
export const priceCapPlugin: PolicyPlugin<z.infer<typeof schema>> = {
  type: POLICY,
  schema,
  create: ({ maxPerKWh, level }) =>
    priceCapPolicy({ maxPerKWh, ...(level !== undefined ? { levelId: level } : {}) }),
};
