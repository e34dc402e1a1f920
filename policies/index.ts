import type { Policy } from '../src/core/policy.js';
import { capacityPolicy } from './capacity.js';
import { cheapestHoursPlugin } from './cheapest-hours.js';
import { energyCostPolicy } from './energy-cost.js';
import { fleetCapPolicy } from './fleet-cap.js';
import { gridEventsPolicy } from './grid-events.js';
import { heatCreditPolicy } from './heat-credit.js';
import { minProfitPlugin } from './min-profit.js';
import { miningRevenuePolicy } from './mining-revenue.js';
import { forMiner, type PolicyConfig, type PolicyPlugin } from './plugin.js';
import { priceCapPlugin } from './price-cap.js';
import { quietHoursPlugin } from './quiet-hours.js';
import { safetyPlugin } from './safety.js';
import { sitePowerPolicy } from './site-power.js';
import { staleFailSafePlugin } from './stale-fail-safe.js';
import { tankGuardPolicy } from './tank-guard.js';

/**
 * Policies a miner may list under `policies:` (a discriminated union on `type`). Adding a policy =
 * one file exporting its plugin, one line here, its test in test/policies/.
 */
export const policyPlugins: readonly PolicyPlugin[] = [
  quietHoursPlugin,
  priceCapPlugin,
  cheapestHoursPlugin,
  minProfitPlugin,
] as unknown as readonly PolicyPlugin[];

/** Policies every miner gets from the `safety:` settings (site-wide, then its own); never listed. */
export const safetyPlugins: readonly PolicyPlugin[] = [
  safetyPlugin,
  staleFailSafePlugin,
] as unknown as readonly PolicyPlugin[];

/** One slot of the evaluation order: a site-wide policy, or a plugin type whose per-miner instances go here. */
type Slot = { site: () => Policy } | { type: string };

/**
 * Evaluation order: the ledger terms, the limits (chip safety, site power, stale inputs, quiet
 * hours), then the simple rules (price cap, cheapest hours; the first force wins), then the margin.
 */
const ORDER: readonly Slot[] = [
  { site: miningRevenuePolicy },
  { site: energyCostPolicy },
  { site: heatCreditPolicy },
  { site: tankGuardPolicy },
  { type: 'safety' },
  { site: sitePowerPolicy },
  { site: gridEventsPolicy },
  { site: capacityPolicy },
  { type: 'stale-fail-safe' },
  ...policyPlugins.map((p) => ({ type: p.type })),
  // Last, so a level another constraint also rules out names that one (a shard's offer leaves it out).
  { site: fleetCapPolicy },
];

/** The site-wide policies every miner is weighed with (ledger terms and the site power limit). */
export function standardPolicies(): Policy[] {
  return ORDER.flatMap((slot) => ('site' in slot ? [slot.site()] : []));
}

/**
 * The model's policies: the site-wide ones and each miner's configured instances, in evaluation
 * order. Configs must be validated already (the config schema does that); an unknown type throws.
 */
export function modelPolicies(perMiner: Readonly<Record<string, readonly PolicyConfig[]>>): Policy[] {
  const plugins = new Map([...safetyPlugins, ...policyPlugins].map((p) => [p.type, p]));
  for (const [minerId, configs] of Object.entries(perMiner)) {
    for (const config of configs) {
      if (!plugins.has(config.type)) throw new Error(`miner ${minerId}: no policy type "${config.type}"`);
    }
  }
  return ORDER.flatMap((slot) => {
    if ('site' in slot) return [slot.site()];
    const plugin = plugins.get(slot.type)!;
    return Object.entries(perMiner).flatMap(([minerId, configs]) =>
      configs
        .filter((c) => c.type === slot.type)
        .map((c) => forMiner(minerId, plugin.create(plugin.schema.parse(c)))),
    );
  });
}
