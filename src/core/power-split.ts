/** How much of a level's power the surplus covers and how much comes from the grid (W). */
export interface PowerSplit {
  surplusW: number;
  gridW: number;
}

/** Splits `powerW` into a surplus part (at most `surplusW`, never negative) and a grid part. */
export function splitPower(powerW: number, surplusW: number | undefined): PowerSplit {
  const fromSurplus = Math.max(0, Math.min(powerW, surplusW ?? 0));
  return { surplusW: fromSurplus, gridW: powerW - fromSurplus };
}
