import type { Policy } from '../src/core/policy.js';
import { cheapestHoursPolicy } from './cheapest-hours.js';
import { energyCostPolicy } from './energy-cost.js';
import { heatCreditPolicy } from './heat-credit.js';
import { miningRevenuePolicy } from './mining-revenue.js';
import { priceCapPolicy } from './price-cap.js';
import { quietHoursPolicy } from './quiet-hours.js';
import { safetyPolicy } from './safety.js';
import { sitePowerPolicy } from './site-power.js';
import { staleFailSafePolicy } from './stale-fail-safe.js';

/**
 * The policies every miner is weighed with, in evaluation order: the ledger terms, the limits
 * (chip safety, site power, stale inputs, quiet hours), then the simple rules (price cap, cheapest
 * hours; the first force wins). A policy without config for a miner returns nothing.
 */
export function standardPolicies(): Policy[] {
  return [
    miningRevenuePolicy(),
    energyCostPolicy(),
    heatCreditPolicy(),
    safetyPolicy(),
    sitePowerPolicy(),
    staleFailSafePolicy(),
    quietHoursPolicy(),
    priceCapPolicy(),
    cheapestHoursPolicy(),
  ];
}
