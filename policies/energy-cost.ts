import type { Abstention, Policy } from '../src/core/policy.js';
import { termFor } from '../src/core/policy.js';
import { splitPower } from '../src/core/power-split.js';
import { priceNow } from '../src/core/signals.js';

/**
 * Cost of a level's power per hour: the grid part at the import price plus the surplus part at the
 * export (feed-in) price given up. Negative prices make power a gain. Without an import price the
 * policy abstains essentially, so the miner's stale fallback applies.
 */
export function energyCostPolicy(): Policy {
  const name = 'energy-cost';
  return {
    name,
    evaluate({ snapshot, model, miner, surplusW }) {
      const importPrice = priceNow(snapshot, model, 'price.import');
      if (!importPrice.ok) {
        return { abstentions: [{ policy: name, reason: importPrice.why, essential: true }] };
      }
      let exportPerKWh = 0;
      let abstention: Abstention | undefined;
      if ((surplusW ?? 0) > 0) {
        const exportPrice = priceNow(snapshot, model, 'price.export');
        if (exportPrice.ok) exportPerKWh = exportPrice.value;
        else if (snapshot.series['price.export']) {
          abstention = { policy: name, reason: `${exportPrice.why}, surplus valued at 0`, essential: false };
        }
      }
      const term = termFor(name, 'powerCost', miner, (i) => {
        const { surplusW: fromSurplus, gridW } = splitPower(miner.levels[i]!.powerW, surplusW);
        return (gridW * importPrice.value + fromSurplus * exportPerKWh) / 1000;
      });
      return abstention ? { terms: [term], abstentions: [abstention] } : { terms: [term] };
    },
  };
}
