import { DateTime } from 'luxon';
import type { CapacityWindow } from '../core/types.js';
import type { CapacityState } from '../ports.js';

export type { CapacityState } from '../ports.js';

/** A reading holds for at most this long; a longer gap (the agent down, the meter silent) counts nothing. */
const MAX_GAP_MS = 5 * 60_000;

/**
 * Integrates the grid meter's readings into the capacity tariff's windows (issue 18): grid import
 * per window (export counts as 0, each reading held until the next one, for at most five minutes),
 * each completed window's average, and the month's highest. Windows start on the local clock (a
 * quarter or a whole hour), months on the local calendar.
 */
export class CapacityMeter {
  private readonly s: CapacityState;

  constructor(
    private readonly windowMs: number,
    private readonly timeZone: string,
    saved?: CapacityState,
  ) {
    this.s = saved ? { ...saved } : { month: '', peakW: 0, windowStartAt: 0, importedWh: 0 };
  }

  /** The local start of the window holding `at`. */
  windowStartOf(at: number): number {
    const local = DateTime.fromMillis(at, { zone: this.timeZone });
    const minutes = this.windowMs / 60_000;
    const hour = local.startOf('hour');
    return hour.plus({ minutes: Math.floor(local.minute / minutes) * minutes }).toMillis();
  }

  private monthOf(at: number): string {
    return DateTime.fromMillis(at, { zone: this.timeZone }).toFormat('yyyy-MM');
  }

  /** Counts the last reading from where counting stopped up to `at`, closing every window it passes. */
  private advance(at: number): void {
    const s = this.s;
    if (s.windowStartAt === 0) s.windowStartAt = this.windowStartOf(at);
    const heldUntil = s.lastAt === undefined ? at : Math.min(at, s.lastAt + MAX_GAP_MS);
    let from = s.countedTo ?? at;
    while (s.windowStartAt + this.windowMs <= at) {
      const end = s.windowStartAt + this.windowMs;
      this.count(from, Math.min(end, heldUntil));
      this.close();
      from = Math.max(from, end);
      // Past the held reading nothing more is counted: skip the empty windows of a long gap.
      s.windowStartAt = heldUntil <= end ? this.windowStartOf(Math.max(end, at)) : end;
      if (s.windowStartAt < end) s.windowStartAt = end;
    }
    this.count(from, heldUntil);
    s.countedTo = Math.max(from, at);
  }

  private count(from: number, to: number): void {
    if (this.s.lastW === undefined || to <= from) return;
    this.s.importedWh += (Math.max(0, this.s.lastW) * (to - from)) / 3_600_000;
  }

  /** A window is over: its average may be the month's new peak (a new month starts from 0). */
  private close(): void {
    const month = this.monthOf(this.s.windowStartAt);
    if (month !== this.s.month) {
      this.s.month = month;
      this.s.peakW = 0;
    }
    const averageW = this.s.importedWh / (this.windowMs / 3_600_000);
    this.s.peakW = Math.max(this.s.peakW, averageW);
    this.s.importedWh = 0;
  }

  /** A grid reading (W, import positive) taken at `at`; one older than the last is ignored. */
  reading(powerW: number, at: number): void {
    if (this.s.lastAt !== undefined && at < this.s.lastAt) return;
    this.advance(at);
    this.s.lastW = powerW;
    this.s.lastAt = at;
  }

  /** The current window at `now`: import so far (the last reading held up to now) and the month's peak before it. */
  window(now: number): CapacityWindow {
    if (this.s.countedTo === undefined || now >= this.s.countedTo) this.advance(now);
    const sameMonth = this.s.month === this.monthOf(this.s.windowStartAt);
    return {
      windowStartAt: this.s.windowStartAt,
      windowEndAt: this.s.windowStartAt + this.windowMs,
      importedWh: this.s.importedWh,
      monthPeakW: sameMonth ? this.s.peakW : 0,
    };
  }

  /** What to persist. */
  state(): CapacityState {
    return { ...this.s };
  }
}
