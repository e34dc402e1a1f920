import type { Decision } from '../core/decision.js';
import type { Model } from '../core/model.js';
import { priceNow, scalar } from '../core/signals.js';
import type { Snapshot } from '../core/types.js';
import { advanceCounters } from './counters.js';
import type { MinerCounters } from './state-file.js';

/** Advances every miner's energy, revenue and cost totals to the snapshot's time. */
export function updateCounters(
  counters: Record<string, MinerCounters>,
  snapshot: Snapshot,
  model: Model,
  decisions: readonly Decision[],
): Record<string, MinerCounters> {
  const hashprice = scalar(snapshot, model, 'hashprice');
  const importPrice = priceNow(snapshot, model, 'price.import');
  const next = { ...counters };
  const byMiner = new Map(decisions.map((d) => [d.minerId, d]));
  for (const miner of model.miners) {
    next[miner.id] = advanceCounters(counters[miner.id], {
      now: snapshot.now,
      miner,
      status: snapshot.miners[miner.id],
      decision: byMiner.get(miner.id),
      hashprice: hashprice.ok ? hashprice.value : undefined,
      importPerKWh: importPrice.ok ? importPrice.value : undefined,
    });
  }
  return next;
}
