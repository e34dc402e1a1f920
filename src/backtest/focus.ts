/** A curve's lowest and highest value over the run. */
export interface Extent {
  name: string;
  lo: number;
  hi: number;
}

/**
 * The curves to leave out of a chart's y range because they dwarf the ones that matter: any curve not
 * in `focus` that reaches further than the focus curves' own span beyond their range (so including it
 * would squeeze them into less than half the chart). Empty when no focus curve is present.
 */
export function clippedCurves(curves: readonly Extent[], focus: readonly string[]): string[] {
  const kept = curves.filter((c) => focus.includes(c.name));
  if (kept.length === 0) return [];
  const lo = Math.min(...kept.map((c) => c.lo));
  const hi = Math.max(...kept.map((c) => c.hi));
  const span = Math.max(hi - lo, 1e-9);
  return curves
    .filter((c) => !focus.includes(c.name) && (c.lo < lo - span || c.hi > hi + span))
    .map((c) => c.name);
}
