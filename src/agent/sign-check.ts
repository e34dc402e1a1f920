/** A step in the miners' total power waiting for the grid meter to show it. */
interface PendingStep {
  gridBeforeW: number;
  deltaW: number;
}

/** Smallest power step (W) worth checking; smaller ones drown in house-load noise. */
const MIN_STEP_W = 150;
/** Consecutive contradicting steps before the sign is called inverted. */
const STRIKES = 2;

/**
 * Watches whether the grid meter moves the way the miners do: when they start (+ΔP) the grid
 * reading (import positive) must rise by about ΔP. A meter that falls instead, twice in a row,
 * reports export as positive — the surplus would look like it grows when a miner starts.
 */
export class GridSignCheck {
  private pending: PendingStep | undefined;
  private strikes = 0;
  private verdict: string | undefined;

  /** The miners' commanded power changed by `deltaW` while the grid read `gridBeforeW`. */
  stepped(deltaW: number, gridBeforeW: number | undefined): void {
    if (gridBeforeW === undefined || Math.abs(deltaW) < MIN_STEP_W) return;
    this.pending = { gridBeforeW, deltaW };
  }

  /** A new grid reading arrived after the step; returns a diagnosis the first time the sign looks inverted. */
  observed(gridW: number): string | undefined {
    const step = this.pending;
    if (!step) return undefined;
    this.pending = undefined;
    const change = gridW - step.gridBeforeW;
    const contradicts =
      Math.sign(change) === -Math.sign(step.deltaW) && Math.abs(change) > 0.5 * Math.abs(step.deltaW);
    const agrees =
      Math.sign(change) === Math.sign(step.deltaW) && Math.abs(change) > 0.5 * Math.abs(step.deltaW);
    if (agrees) this.strikes = 0;
    if (!contradicts) return undefined;
    this.strikes += 1;
    if (this.strikes < STRIKES || this.verdict) return undefined;
    this.verdict =
      'grid.powerW looks inverted: it fell when the miners drew more (import must be positive); set `invert: true` on its source';
    return this.verdict;
  }

  /** The diagnosis, once made. */
  get diagnosis(): string | undefined {
    return this.verdict;
  }
}
