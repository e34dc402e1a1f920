import type { MinerBaseConfig } from '../../config/common.js';
import type { Config } from '../../config/schema.js';
import type { PolicyConfig } from '../../policies/plugin.js';
import type { Model } from '../core/model.js';

/** The `safety` and `stale-fail-safe` configs of a miner: the site's settings with its own on top (its `chip` replaces the site's; `onStale` merges per input). */
function safetyConfigs(config: Config, miner: MinerBaseConfig): PolicyConfig[] {
  const site = config.safety;
  const own = miner.safety ?? {};
  const chip = own.chip ?? site.chip;
  return [
    {
      type: 'safety',
      ...(chip ? { chip } : {}),
      maxCommandFailures: own.maxCommandFailures ?? site.maxCommandFailures,
    },
    { type: 'stale-fail-safe', onStale: { ...site.onStale, ...own.onStale } },
  ];
}

/**
 * The policy configs of one configured miner: safety from the `safety:` settings, the shorthand
 * keys (`quietHours`, `priceCap`, `cheapestHours`) as the policies they stand for, then its
 * `policies:` list. The registry (policies/index.ts) turns them into instances.
 */
export function minerPolicyConfigs(config: Config, miner: MinerBaseConfig): PolicyConfig[] {
  const configs = safetyConfigs(config, miner);
  if (miner.quietHours?.length) configs.push({ type: 'quiet-hours', windows: miner.quietHours });
  if (miner.priceCap) configs.push({ type: 'price-cap', ...miner.priceCap });
  if (miner.cheapestHours) configs.push({ type: 'cheapest-hours', ...miner.cheapestHours });
  configs.push(...(miner.policies ?? []));
  return configs;
}

/** Site-wide rule settings of the model (the fuse limit). */
export function siteRules(config: Config): Pick<Model, 'siteMaxPowerW' | 'capacity'> {
  const rules: Pick<Model, 'siteMaxPowerW' | 'capacity'> = {};
  if (config.site.maxPowerW !== undefined) rules.siteMaxPowerW = config.site.maxPowerW;
  const capacity = config.prices.capacity;
  if (capacity)
    rules.capacity = {
      windowMs: capacity.window === '60min' ? 3_600_000 : 900_000,
      perKWMonth: capacity.perKWMonth ?? (capacity.perKWYear ?? 0) / 12,
      minimumW: capacity.minimumKW * 1000,
      marginW: capacity.marginKW * 1000,
    };
  return rules;
}
