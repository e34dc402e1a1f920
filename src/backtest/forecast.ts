import type { Forecasts } from '../core/planner/plan-all.js';
import type { Instant } from '../core/types.js';
import type { BacktestWorld } from './world.js';

const DAY_MS = 86_400_000;

/** A deterministic uniform number in (0, 1) from integers (a small integer hash). */
function uniform(a: number, b: number, c: number): number {
  let h =
    Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(c, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return ((h ^ (h >>> 15)) >>> 0) / 4294967296 + 1 / 8589934592;
}

/** A deterministic standard normal number (Box–Muller on two hashed uniforms). */
function gauss(seed: number, day: number, step: number): number {
  return (
    Math.sqrt(-2 * Math.log(uniform(seed, day, step))) *
    Math.cos(2 * Math.PI * uniform(seed + 7919, day, step))
  );
}

/**
 * What a forecast issued at `now` would have said: the observed value plus an error that grows with
 * the square root of the lead time (outdoor: σ K after 24 h; PV surplus: relative σ after 24 h).
 * Errors are fixed per issue day and target step, so re-plans on one day see the same forecast.
 */
export function backtestForecasts(world: BacktestWorld, now: Instant): Forecasts {
  const f = world.frames;
  const spec = world.bc.backtest.strategies.planner;
  const issueDay = Math.floor(now / DAY_MS);
  const indexOf = (at: Instant) =>
    Math.min(f.start.length - 1, Math.max(0, Math.floor((at - f.start[0]!) / f.stepMs)));
  const spread = (at: Instant) => Math.sqrt(Math.max(0, at - now) / DAY_MS);
  return {
    outdoorC(at) {
      const j = indexOf(at);
      return f.outdoorC[j]! + spec.forecastErrorC * spread(at) * gauss(spec.seed, issueDay, j);
    },
    surplusW(at) {
      const j = indexOf(at);
      const factor = 1 + spec.surplusForecastError * spread(at) * gauss(spec.seed + 1, issueDay, j);
      return Math.max(0, f.surplusW[j]! * factor);
    },
    // Sunshine on the windows with the PV surplus's relative error (both are the sun).
    irradianceWPerM2(at) {
      const j = indexOf(at);
      const factor = 1 + spec.surplusForecastError * spread(at) * gauss(spec.seed + 2, issueDay, j);
      return Math.max(0, f.irradianceWPerM2[j]! * factor);
    },
  };
}
