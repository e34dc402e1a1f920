import type { Forecasts } from '../core/planner/plan-all.js';
import type { Instant } from '../core/types.js';
import type { ForecastKind, ForecastPoint, ForecastUpdate } from '../forecast-ports.js';

/** The latest series of one kind, with when it was fetched. */
export interface StoredForecast {
  points: readonly ForecastPoint[];
  /** When it was fetched (epoch ms). */
  at: Instant;
  source: string;
}

/** The value of the point whose [start, end) holds `at`, by binary search over sorted points. */
export function pointAt(points: readonly ForecastPoint[], at: Instant): number | undefined {
  let lo = 0;
  let hi = points.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const point = points[mid]!;
    if (at < point.start) hi = mid - 1;
    else if (at >= point.end) lo = mid + 1;
    else return point.value;
  }
  return undefined;
}

/**
 * Latest forecast series per kind (outdoor temperature, PV power), answering the planner's
 * `Forecasts`. A series older than `maxAgeMs` counts as unknown (the planner then holds the current
 * reading); a new fetch replaces the whole series of its kind. Forecast PV becomes surplus as the
 * core counts it without a grid meter: PV − the site's reserve (W).
 */
export class ForecastStore {
  private readonly latest = new Map<ForecastKind, StoredForecast>();
  private fetches = 0;

  /** Counts stored forecasts; a change tells the planner to re-plan. */
  get version(): number {
    return this.fetches;
  }

  constructor(private readonly options: { maxAgeMs: number; reserveW: number }) {}

  /** Keeps a fetched series (sorted by start; empty series are ignored: they would erase a good one). */
  update(update: ForecastUpdate): void {
    if (update.points.length === 0) return;
    const points = [...update.points].sort((a, b) => a.start - b.start);
    this.latest.set(update.kind, { points, at: update.at, source: update.source });
    this.fetches += 1;
  }

  /** The latest series of a kind, fresh or not. */
  get(kind: ForecastKind): StoredForecast | undefined {
    return this.latest.get(kind);
  }

  /** The series of a kind if it was fetched at most `maxAgeMs` before `now`. */
  fresh(kind: ForecastKind, now: Instant): StoredForecast | undefined {
    const stored = this.latest.get(kind);
    return stored && now - stored.at <= this.options.maxAgeMs ? stored : undefined;
  }

  /** Forecasts for a plan made at `now`: only kinds with a fresh series; undefined outside it. */
  forecastsAt(now: Instant): Forecasts {
    const outdoor = this.fresh('outdoor.tempC', now);
    const pv = this.fresh('pv.powerW', now);
    const sun = this.fresh('solar.irradianceWPerM2', now);
    const { reserveW } = this.options;
    const forecasts: Forecasts = {};
    if (outdoor) forecasts.outdoorC = (at) => pointAt(outdoor.points, at);
    if (sun) forecasts.irradianceWPerM2 = (at) => pointAt(sun.points, at);
    if (pv)
      forecasts.surplusW = (at) => {
        const pvW = pointAt(pv.points, at);
        return pvW === undefined ? undefined : Math.max(0, pvW - reserveW);
      };
    return forecasts;
  }
}
