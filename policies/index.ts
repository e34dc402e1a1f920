import type { Policy } from '../src/core/policy.js';
import { energyCostPolicy } from './energy-cost.js';
import { heatCreditPolicy } from './heat-credit.js';
import { miningRevenuePolicy } from './mining-revenue.js';

/** The policies every miner is weighed with, in evaluation order. */
export function standardPolicies(): Policy[] {
  return [miningRevenuePolicy(), energyCostPolicy(), heatCreditPolicy()];
}
