/**
 * A fan or pump speed from a temperature (issue 19 item 3): a piecewise-linear curve of
 * `[tempC, percent]` points, temperatures rising and percents not falling, flat beyond its ends.
 */
export interface SpeedCurve {
  points: readonly (readonly [number, number])[];
  /** The speed goes down only once the temperature fell this far below where it went up (K). */
  hysteresisK: number;
}

/** The curve's speed at `tempC` (%): linear between points, the end values beyond them. */
export function curvePercent(points: SpeedCurve['points'], tempC: number): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (tempC <= first[0]) return first[1];
  if (tempC >= last[0]) return last[1];
  for (let i = 1; i < points.length; i += 1) {
    const [t1, p1] = points[i]!;
    if (tempC > t1) continue;
    const [t0, p0] = points[i - 1]!;
    return p0 + ((p1 - p0) * (tempC - t0)) / (t1 - t0);
  }
  return last[1];
}

/** A speed and why, for the log. */
export interface SpeedWant {
  percent: number;
  reason: string;
}

/**
 * The speed for `tempC` given the one set last (`lastPercent`, %): up at once as the temperature
 * rises; down only to where the curve is `hysteresisK` warmer, so a temperature wobbling around a
 * point does not hunt. Unknown temperature: the curve's top speed (a fan that cannot see the heat
 * cools as if it were hot). Rounded to whole percent, so tiny moves send nothing.
 */
export function speedWant(curve: SpeedCurve, tempC: number | undefined, lastPercent?: number): SpeedWant {
  if (tempC === undefined) {
    const top = Math.max(...curve.points.map((p) => p[1]));
    return { percent: top, reason: `${top} %: temperature unknown` };
  }
  const rising = curvePercent(curve.points, tempC);
  let percent = rising;
  if (lastPercent !== undefined && rising < lastPercent)
    percent = Math.min(lastPercent, curvePercent(curve.points, tempC + curve.hysteresisK));
  percent = Math.round(percent);
  return { percent, reason: `${percent} % at ${tempC.toFixed(1)} °C` };
}
