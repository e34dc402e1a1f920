import type { Memory } from './memory.js';
import type { CapacityView, Model } from './model.js';
import { scalar } from './signals.js';
import { managedDrawW } from './surplus.js';
import type { Snapshot } from './types.js';

export type { CapacityModel, CapacityView } from './model.js';
export type { CapacityWindow } from './types.js';

/**
 * The capacity view of a snapshot, or why there is none (no fresh grid reading), or undefined
 * without a capacity tariff. The miners' budget is the tighter of two: what keeps the rest of this
 * window's average under the peak (it shrinks to nothing when the window is already spent, and is
 * what steps miners down near its end), and what the next windows can take at today's house load.
 */
export function capacityView(
  snapshot: Snapshot,
  model: Model,
  memory: Memory,
): CapacityView | { why: string } | undefined {
  const cap = capacityImportCapW(snapshot, model);
  if (!cap || 'why' in cap) return cap;
  const tariff = model.capacity!;
  const houseW = cap.gridW - managedDrawW(snapshot, model, memory);
  return {
    peakW: cap.peakW,
    budgetW: cap.importCapW - houseW,
    houseW,
    perKWMonth: tariff.perKWMonth,
    windowMs: tariff.windowMs,
    marginW: tariff.marginW,
  };
}

/**
 * The grid import the capacity tariff allows from now on (W), house and miners together: the lower of
 * what keeps the rest of this window's average under the month's peak (less the margin) and the
 * peak itself (what the next windows can take). Undefined without a capacity tariff; why not without
 * a window or a fresh grid reading. A fleet (issue 20) takes the site's miners' budget from it.
 */
export function capacityImportCapW(
  snapshot: Snapshot,
  model: Model,
): { importCapW: number; peakW: number; gridW: number } | { why: string } | undefined {
  const tariff = model.capacity;
  const window = snapshot.capacity;
  if (!tariff) return undefined;
  if (!window) return { why: 'no capacity window from the meter yet' };
  const grid = scalar(snapshot, model, 'grid.powerW');
  if (!grid.ok) return { why: `${grid.why}: the month's peak cannot be watched` };
  const register = scalar(snapshot, model, 'grid.monthPeakW');
  const peakW = Math.max(window.monthPeakW, register.ok ? register.value : 0, tariff.minimumW);
  const limitW = peakW - tariff.marginW;
  const windowH = tariff.windowMs / 3_600_000;
  const elapsedH = Math.max(0, snapshot.now - window.windowStartAt) / 3_600_000;
  const remainingH = Math.max(1 / 3600, (window.windowEndAt - snapshot.now) / 3_600_000);
  // A meter's running average for the window (DSMR 1-0:1.4.0) may know more than our integration.
  const average = scalar(snapshot, model, 'grid.windowAvgW');
  const importedWh = Math.max(window.importedWh, average.ok ? average.value * elapsedH : 0);
  const windowLeftW = (limitW * windowH - importedWh) / remainingH;
  return { importCapW: Math.min(windowLeftW, limitW), peakW, gridW: grid.value };
}

/** The month's peak if a miner drew `powerW` where only `leftW` is left under the peak (W). */
export function peakWithW(view: CapacityView, powerW: number, leftW: number): number {
  return view.peakW + Math.max(0, powerW - Math.max(0, leftW) - view.marginW);
}

/** What raising the month's peak to `newPeakW` costs (currency). */
export function peakCost(view: CapacityView, newPeakW: number): number {
  return (Math.max(0, newPeakW - view.peakW) / 1000) * view.perKWMonth;
}
