import { z } from 'zod';
import { formatPerHour } from '../src/core/money.js';
import type { Policy, PolicyResult } from '../src/core/policy.js';
import type { PolicyPlugin } from './plugin.js';

const POLICY = 'min-profit';

/**
 * Minimum profit: a running level is allowed only while its net value per hour (mining revenue +
 * heat credit − power cost, as the ledger sums them) is at least `marginPerHour`. Below it the miner
 * steps down to a level that still earns the margin, or stops. The ledger's numbers stay as they
 * are; the rule only forbids. With a margin of 0 a miner never runs at a loss.
 */
export function minProfitPolicy(marginPerHour: number): Policy {
  return {
    name: POLICY,
    evaluate({ model }): PolicyResult {
      const reason = `earns less than ${formatPerHour(marginPerHour, model.currency)} net`;
      return { constraints: [{ policy: POLICY, kind: 'min-net', perHour: marginPerHour, reason }] };
    },
  };
}

const schema = z
  .object({
    type: z.literal(POLICY),
    marginPerHour: z
      .number()
      .describe(
        'run a level only while it earns at least this much net per hour (currency per hour; may be 0)',
      ),
  })
  .strict();

/** `{ type: min-profit, marginPerHour }`. */
export const minProfitPlugin: PolicyPlugin<z.infer<typeof schema>> = {
  type: POLICY,
  schema,
  create: ({ marginPerHour }) => minProfitPolicy(marginPerHour),
};
