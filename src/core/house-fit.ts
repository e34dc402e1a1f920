/**
 * Fits the one-mass room model of src/core/planner/thermal.ts to a recorded history: heat-loss
 * coefficient UA (W/K), capacity C and constant gains G (W) from room temperature, outdoor temperature
 * and heater power on a regular grid. Over a step Δt with inputs held, the model is exact:
 *
 *   T[n+1] − T[n] = (1 − k)·(Tout[n] − T[n]) + (1 − k)/UA · P[n] + (1 − k)·G/UA,   k = exp(−UA·Δt/C)
 *
 * which is linear in a = 1 − k, b = (1 − k)/UA and c = (1 − k)·G/UA: least squares on those three
 * (instrumented against sensor noise, see below), then UA = a/b, G = c/b, C = −UA·Δt / ln(1 − a).
 * Pure: no I/O, no clock.
 */

/** One grid step of the history: room at the step's start, outdoor and heater power held over it. */
export interface HouseSample {
  roomC: number;
  outdoorC: number;
  /** Heat put into the room by heaters and miners (W): electric power, or a heat pump's heat output. */
  heatW: number;
}

/** The fitted house and how well it explains the history. */
export interface HouseFit {
  heatLossWPerK: number;
  capacityKWhPerK: number;
  gainsW: number;
  /** Time constant C/UA (h). */
  tauH: number;
  /** RMS of the one-step-ahead prediction error (K). */
  rmsStepK: number;
  /** RMS error of the whole history simulated from its first room temperature with the fit (K). */
  rmsRunK: number;
  /**
   * Standard errors (1σ) of heat loss, capacity and gains from the residuals (delta method; residuals
   * of a noisy sensor are correlated step to step; on such data they come out about twice the real
   * spread: read them as a conservative guide). Gains are the least
   * certain: over a short history they trade off against the heat loss.
   */
  sigma: { heatLossWPerK: number; capacityKWhPerK: number; gainsW: number };
  /** Steps used (both ends finite) of the steps given. */
  used: number;
  steps: number;
}

/** Solves a 3×3 linear system by Gaussian elimination with partial pivoting; undefined when singular. */
function solve3(m: number[][], v: number[]): number[] | undefined {
  const a = m.map((row, i) => [...row, v[i]!]);
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-12 * Math.max(1, Math.abs(a[0]![0]!))) return undefined;
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / p;
      for (let c = col; c < 4; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return [0, 1, 2].map((i) => a[i]![3]! / a[i]![i]!);
}

/** The inverse of a 3×3 matrix, column by column; undefined when singular. */
function inverse3(m: number[][]): number[][] | undefined {
  const cols = [0, 1, 2].map((j) =>
    solve3(
      m,
      [0, 1, 2].map((i) => (i === j ? 1 : 0)),
    ),
  );
  if (cols.some((c) => !c)) return undefined;
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => cols[j]![i]!));
}

const mul = (p: number[][], q: number[][]) =>
  p.map((row) => [0, 1, 2].map((j) => row.reduce((sum, v, k) => sum + v * q[k]![j]!, 0)));
const transpose = (p: number[][]) => [0, 1, 2].map((i) => [0, 1, 2].map((j) => p[j]![i]!));

/**
 * 1σ of UA, C and G: Cov(θ) = A⁻¹·S·A⁻ᵀ for the instrumented estimate (A = ZᵀX), S the residuals'
 * covariance with neighbouring steps included (a noisy reading enters two successive residuals with
 * opposite signs; Newey–West with lag 1, Bartlett weight ½, which keeps it positive), carried to the house parameters through
 * their gradients.
 */
function standardErrors(
  rows: readonly { z: [number, number, number]; e: number }[],
  zx: number[][],
  t: { a: number; bPerKW: number; c: number },
  dtS: number,
): HouseFit['sigma'] {
  const none = { heatLossWPerK: Number.NaN, capacityKWhPerK: Number.NaN, gainsW: Number.NaN };
  const inv = inverse3(zx);
  if (!inv) return none;
  const meat = [0, 1, 2].map(() => [0, 0, 0]);
  rows.forEach(({ z, e }, n) => {
    const next = rows[n + 1];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        meat[i]![j]! += z[i]! * z[j]! * e * e;
        if (next) meat[i]![j]! += 0.5 * (z[i]! * next.z[j]! + next.z[i]! * z[j]!) * e * next.e;
      }
  });
  const cov = mul(mul(inv, meat), transpose(inv));
  const { a, bPerKW: b, c } = t;
  const L = Math.log(1 - a);
  // Gradients with respect to (a, b [K per kW·step], c).
  const gUA = [1000 / b, (-1000 * a) / (b * b), 0];
  const gG = [0, (-1000 * c) / (b * b), 1000 / b];
  const gC = [(-(1000 * dtS) / b) * ((L + a / (1 - a)) / (L * L)), (1000 * a * dtS) / (b * b * L), 0];
  const sd = (g: number[]) =>
    Math.sqrt(
      Math.max(
        0,
        g.reduce((sum, gi, i) => sum + gi * g.reduce((s, gj, j) => s + cov[i]![j]! * gj, 0), 0),
      ),
    );
  return { heatLossWPerK: sd(gUA), capacityKWhPerK: sd(gC) / 3.6e6, gainsW: sd(gG) };
}

const finite = (s: HouseSample | undefined) =>
  s !== undefined && Number.isFinite(s.roomC) && Number.isFinite(s.outdoorC) && Number.isFinite(s.heatW);

/**
 * Least-squares fit of the room model to `samples`, one every `stepMs`. Throws a clear error when the
 * history cannot determine the house (too short, heater never varies, a fit that is not a physical room).
 */
export function fitHouse(samples: readonly HouseSample[], stepMs: number): HouseFit {
  // Columns in K and kW keep the equations well conditioned. The instrument z is x with the room
  // temperature one step earlier: a room sensor's noise is in both T[n] and T[n+1] − T[n], which biases
  // plain least squares (errors in variables); the earlier reading's noise is independent of both.
  const rows: { x: [number, number, number]; z: [number, number, number]; y: number }[] = [];
  for (let n = 1; n + 1 < samples.length; n++) {
    const s = samples[n];
    const prev = samples[n - 1];
    const next = samples[n + 1];
    if (!finite(s) || !next || !Number.isFinite(next.roomC) || !prev || !Number.isFinite(prev.roomC))
      continue;
    const x: [number, number, number] = [s!.outdoorC - s!.roomC, s!.heatW / 1000, 1];
    rows.push({ x, z: [s!.outdoorC - prev.roomC, x[1], 1], y: next.roomC - s!.roomC });
  }
  if (rows.length < 24)
    throw new Error(`only ${rows.length} usable steps: the fit needs at least 24 (a day of hours)`);
  const m = [0, 1, 2].map(() => [0, 0, 0]);
  const v = [0, 0, 0];
  for (const { x, z, y } of rows)
    for (let i = 0; i < 3; i++) {
      v[i]! += z[i]! * y;
      for (let j = 0; j < 3; j++) m[i]![j]! += z[i]! * x[j]!;
    }
  const theta = solve3(m, v);
  if (!theta)
    throw new Error(
      'the history cannot separate heat loss, heater and gains (does the heater power or the outdoor temperature never change?)',
    );
  const [a, bPerKW, c] = theta as [number, number, number];
  const b = bPerKW / 1000;
  if (!(a > 0 && a < 1) || !(b > 0))
    throw new Error(
      `the fit is not a physical room (a = ${a.toPrecision(3)}, b = ${b.toPrecision(3)} K/Wstep): check the columns, units (W, °C) and that the power heats this room`,
    );
  const heatLossWPerK = a / b;
  const gainsW = c / b;
  const capacityJPerK = (-heatLossWPerK * (stepMs / 1000)) / Math.log(1 - a);
  let sq = 0;
  const residuals = rows.map(({ x, z, y }) => {
    const e = y - (a * x[0] + bPerKW * x[1] + c);
    sq += e * e;
    return { z, e };
  });
  const sigma = standardErrors(residuals, m, { a, bPerKW, c }, stepMs / 1000);
  // The whole history simulated from its first room temperature with measured outdoor and power.
  let roomC = samples.find(finite)?.roomC ?? Number.NaN;
  let runSq = 0;
  let runN = 0;
  let started = false;
  for (let n = 0; n + 1 < samples.length; n++) {
    const s = samples[n]!;
    if (!started) {
      if (!finite(s)) continue;
      started = true;
    }
    if (Number.isFinite(s.outdoorC) && Number.isFinite(s.heatW)) {
      const eq = s.outdoorC + (s.heatW + gainsW) / heatLossWPerK;
      roomC = eq + (roomC - eq) * (1 - a);
    }
    const measured = samples[n + 1]!.roomC;
    if (Number.isFinite(measured)) {
      runSq += (roomC - measured) ** 2;
      runN += 1;
    }
  }
  return {
    heatLossWPerK,
    capacityKWhPerK: capacityJPerK / 3.6e6,
    gainsW,
    tauH: capacityJPerK / heatLossWPerK / 3600,
    rmsStepK: Math.sqrt(sq / rows.length),
    rmsRunK: runN > 0 ? Math.sqrt(runSq / runN) : Number.NaN,
    sigma,
    used: rows.length,
    steps: Math.max(0, samples.length - 1),
  };
}
