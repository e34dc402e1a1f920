import type { Instant } from './core/types.js';

/** What a forecast series predicts: outdoor temperature (°C), PV power (W) or solar irradiance (W/m², window gains). */
export type ForecastKind = 'outdoor.tempC' | 'pv.powerW' | 'solar.irradianceWPerM2';

/** One forecast slot: the value expected over [start, end) (epoch ms; °C or W by kind). */
export interface ForecastPoint {
  start: Instant;
  end: Instant;
  value: number;
}

/** A whole forecast series of one kind, sorted by start, as fetched at `at`. */
export interface ForecastUpdate {
  kind: ForecastKind;
  points: ForecastPoint[];
  /** When the forecast was fetched (epoch ms). */
  at: Instant;
  /** Source id (config path, e.g. `forecasts[0]`). */
  source: string;
}

/**
 * A forecast source (weather, PV). Forecasts are series issued at one time, not readings, so they
 * get their own port; the agent runs them through the SourceRunner (schedule, backoff, health).
 */
export interface ForecastSource {
  readonly id: string;
  readonly kinds: readonly ForecastKind[];
  /** Refresh interval (ms). */
  readonly intervalMs: number;
  /** Fetches every series this source offers; throws a DeviceError on a bad reply. */
  poll(): Promise<ForecastUpdate[]>;
  close?(): Promise<void>;
}
