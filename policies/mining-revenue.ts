import type { Policy } from '../src/core/policy.js';
import { termFor } from '../src/core/policy.js';
import { scalar } from '../src/core/signals.js';

/** Mining revenue per hour: level hashrate (TH/s) × the miner's hashprice (currency per TH/s per day) / 24 × (1 − pool fee). */
export function miningRevenuePolicy(): Policy {
  const name = 'mining-revenue';
  return {
    name,
    evaluate({ snapshot, model, miner }) {
      const hashprice = scalar(snapshot, model, miner.revenueKey);
      if (!hashprice.ok) {
        return {
          terms: [termFor(name, 'revenue', miner, () => 0)],
          abstentions: [
            { policy: name, reason: `${hashprice.why}, mining revenue counted as 0`, essential: false },
          ],
        };
      }
      const perThsHour = (hashprice.value / 24) * (1 - miner.poolFee);
      return { terms: [termFor(name, 'revenue', miner, (i) => miner.levels[i]!.ths * perThsHour)] };
    },
  };
}
