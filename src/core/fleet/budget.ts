import type { Model } from '../model.js';
import { scalar } from '../signals.js';
import type { Snapshot } from '../types.js';
import { drawW, type Offer } from './offer.js';

/**
 * The power all the site's miners may draw together now (W; issue 20): `site.maxPowerW` less the
 * house load, where the house load is the site meter's import plus PV minus what every shard's
 * offer says its miners draw (never below 0). Without a fresh grid reading the house load counts as
 * 0, as for one agent's fuse limit (`siteBudgetW`); undefined without `site.maxPowerW`.
 */
export function fleetBudgetW(snapshot: Snapshot, model: Model, offers: readonly Offer[]): number | undefined {
  if (model.siteMaxPowerW === undefined) return undefined;
  const grid = scalar(snapshot, model, 'grid.powerW');
  if (!grid.ok) return model.siteMaxPowerW;
  const pv = scalar(snapshot, model, 'pv.powerW');
  const pvW = pv.ok ? Math.max(0, pv.value) : 0;
  const minersW = offers.reduce((sum, o) => sum + o.miners.reduce((s, m) => s + drawW(m), 0), 0);
  return model.siteMaxPowerW - Math.max(0, grid.value + pvW - minersW);
}
