import type { MinerBaseConfig } from '../../config/common.js';
import { minutesOf } from '../../config/policies.js';
import type { Config } from '../../config/schema.js';
import type { MinerModel, Model } from '../core/model.js';
import type { QuietWindow, SafetySettings } from '../core/rules.js';

/** The rule settings of a miner as the core reads them (pure data). */
export type MinerRules = Pick<MinerModel, 'quietHours' | 'priceCap' | 'cheapestHours' | 'safety'>;

function quietWindow(window: NonNullable<MinerBaseConfig['quietHours']>[number]): QuietWindow {
  return {
    fromMin: minutesOf(window.from),
    toMin: minutesOf(window.to),
    label: `${window.from}–${window.to}`,
    ...(window.weekdays ? { weekdays: window.weekdays } : {}),
    ...(window.maxLevel !== undefined ? { maxLevelId: window.maxLevel } : {}),
    ...(window.maxPowerW !== undefined ? { maxPowerW: window.maxPowerW } : {}),
  };
}

/** Site-wide safety settings with a miner's own on top (its `chip` replaces the site's; `onStale` merges per input). */
function safetyOf(config: Config, miner: MinerBaseConfig): SafetySettings {
  const site = config.safety;
  const own = miner.safety ?? {};
  const chip = own.chip ?? site.chip;
  return {
    ...(chip
      ? {
          chip: {
            stepDownC: chip.stepDownC,
            stopC: chip.stopC,
            resumeBandC: chip.resumeBandC,
            settleMs: chip.settleSeconds * 1000,
          },
        }
      : {}),
    maxCommandFailures: own.maxCommandFailures ?? site.maxCommandFailures,
    onStale: { ...site.onStale, ...own.onStale },
  };
}

/** The rule settings of one configured miner: quiet hours, price cap, cheapest hours, safety. */
export function minerRules(config: Config, miner: MinerBaseConfig): MinerRules {
  const rules: MinerRules = { safety: safetyOf(config, miner) };
  if (miner.quietHours?.length) rules.quietHours = miner.quietHours.map(quietWindow);
  if (miner.priceCap) {
    const { maxPerKWh, level } = miner.priceCap;
    rules.priceCap = { maxPerKWh, ...(level !== undefined ? { levelId: level } : {}) };
  }
  if (miner.cheapestHours) {
    const { hours, window, windowHours, level } = miner.cheapestHours;
    rules.cheapestHours = { hours, window, windowHours, ...(level !== undefined ? { levelId: level } : {}) };
  }
  return rules;
}

/** Site-wide rule settings of the model (the fuse limit). */
export function siteRules(config: Config): Pick<Model, 'siteMaxPowerW'> {
  return config.site.maxPowerW !== undefined ? { siteMaxPowerW: config.site.maxPowerW } : {};
}
