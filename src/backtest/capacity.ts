import type { CapacityModel } from '../core/model.js';
import type { CapacityWindow } from '../core/types.js';
import type { Frames } from './frames.js';

/** One local month of a strategy under a capacity tariff. */
export interface CapacityMonth {
  /** Local month `YYYY-MM`. */
  month: string;
  /** The highest window average of grid import in the month (W). */
  peakW: number;
  /** The step where that peak's window began. */
  peakStep: number;
  /** The charge for the month: max(peak, minimum) × price per kW-month (currency). */
  charge: number;
}

/** A strategy's capacity tariff: its months and their charges (currency), already in its money. */
export interface CapacityResult {
  months: CapacityMonth[];
  charge: number;
}

/**
 * The capacity tariff's windows over the backtest's steps (issue 18): each step's mean grid import
 * (W) counted into local windows of the tariff's length, each closed window's average, the month's
 * peak. The live agent's `CapacityMeter` does the same with meter readings; here a step's mean holds
 * for the whole step. A window shorter than the step (15-min tariff on hourly data) is taken as the
 * step's mean: hourly data carry no quarter-hour shape, and none is invented.
 */
export class CapacityTracker {
  private readonly windowMs: number;
  private startAt = Number.NaN;
  private month = '';
  private importedWh = 0;
  private readonly closed: { month: string; peakW: number; peakStep: number }[] = [];
  private windowStep = 0;

  constructor(
    private readonly frames: Frames,
    tariff: Pick<CapacityModel, 'windowMs'>,
  ) {
    this.windowMs = tariff.windowMs;
  }

  /** The local start of the window holding step `i`. */
  private windowStartOf(i: number): number {
    const minutes = this.windowMs / 60_000;
    return this.frames.start[i]! - (this.frames.local[i]!.minuteOfDay % minutes) * 60_000;
  }

  private close(): void {
    if (Number.isNaN(this.startAt)) return;
    const hours = Math.max(this.windowMs, this.frames.stepMs) / 3_600_000;
    const averageW = this.importedWh / hours;
    const last = this.closed.at(-1);
    if (!last || last.month !== this.month)
      this.closed.push({ month: this.month, peakW: averageW, peakStep: this.windowStep });
    else if (averageW > last.peakW) {
      last.peakW = averageW;
      last.peakStep = this.windowStep;
    }
    this.importedWh = 0;
  }

  /** Moves to step `i`'s window, closing the one before when `i` lies in a new window. */
  private enter(i: number): void {
    const start = this.windowStartOf(i);
    if (start === this.startAt) return;
    this.close();
    this.startAt = start;
    this.windowStep = i;
    this.month = this.frames.local[i]!.date.slice(0, 7);
  }

  /** Step `i`'s mean grid import (W; export counts as 0). Steps come in order. */
  add(i: number, gridW: number): void {
    this.enter(i);
    this.importedWh += (Math.max(0, gridW) * this.frames.stepMs) / 3_600_000;
  }

  /** The window at the start of step `i`, as the snapshot carries it: import so far and the month's peak before it. */
  window(i: number): CapacityWindow {
    this.enter(i);
    const last = this.closed.at(-1);
    return {
      windowStartAt: this.startAt,
      windowEndAt: this.startAt + this.windowMs,
      importedWh: this.importedWh,
      monthPeakW: last && last.month === this.month ? last.peakW : 0,
    };
  }

  /** Every month's peak, the open window closed. */
  months(): { month: string; peakW: number; peakStep: number }[] {
    this.close();
    this.startAt = Number.NaN;
    return this.closed.map((m) => ({ ...m }));
  }
}

/** The charges of a strategy's monthly peaks (each month billed at least the tariff's minimum). */
export function capacityCharges(
  months: readonly { month: string; peakW: number; peakStep: number }[],
  tariff: Pick<CapacityModel, 'perKWMonth' | 'minimumW'>,
): CapacityResult {
  const priced = months.map((m) => ({
    ...m,
    charge: (Math.max(m.peakW, tariff.minimumW) / 1000) * tariff.perKWMonth,
  }));
  return { months: priced, charge: priced.reduce((sum, m) => sum + m.charge, 0) };
}

/** Step `i`'s mean grid import (W): the house's own import plus what the miners draw beyond the surplus. */
export function stepGridW(frames: Frames, i: number, drawW: number): number {
  return frames.houseImportW[i]! + Math.max(0, drawW - frames.surplusW[i]!);
}
