import type { Memory } from './memory.js';
import type { Model } from './model.js';
import { scalar } from './signals.js';
import { managedDrawW } from './surplus.js';
import type { Snapshot } from './types.js';

/**
 * Fuse protection: the power all managed miners may draw together this tick (W), undefined
 * without a site limit. That is `siteMaxPowerW` minus the house load, where the house load is
 * the measured grid import plus PV production (so a passing cloud cannot blow the fuse) minus
 * what the managed miners draw now. Without a fresh grid reading the house load counts as 0
 * (the `site-power` policy says so; the `grid` fail-safe can be stricter).
 */
export function siteBudgetW(snapshot: Snapshot, model: Model, memory: Memory): number | undefined {
  if (model.siteMaxPowerW === undefined) return undefined;
  const grid = scalar(snapshot, model, 'grid.powerW');
  if (!grid.ok) return model.siteMaxPowerW;
  const pv = scalar(snapshot, model, 'pv.powerW');
  const pvW = pv.ok ? Math.max(0, pv.value) : 0;
  const houseLoadW = Math.max(0, grid.value + pvW - managedDrawW(snapshot, model, memory));
  return model.siteMaxPowerW - houseLoadW;
}
