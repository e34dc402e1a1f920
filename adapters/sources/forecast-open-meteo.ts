import { z } from 'zod';
import type { ForecastKind, ForecastPoint, ForecastUpdate } from '../../src/forecast-ports.js';
import { defineForecast } from '../forecast-plugin.js';
import { createHttp, requestJson } from '../http.js';
import { badShape } from './request-text.js';

const WHAT = 'open-meteo';
/** Irradiance at standard test conditions (W/m²): a panel makes its peak power here. */
const STC_W_PER_M2 = 1000;

const pvSchema = z
  .object({
    peakPowerW: z.number().positive().describe('PV peak power at 1000 W/m² (W)'),
    performanceRatio: z
      .number()
      .gt(0)
      .max(1)
      .default(0.8)
      .describe('inverter, wiring, heat and soiling losses as one factor'),
    tiltDeg: z
      .number()
      .min(0)
      .max(90)
      .optional()
      .describe('panel tilt (0 horizontal); with it the tilted irradiance is used, else horizontal'),
    azimuthDeg: z
      .number()
      .min(-180)
      .max(180)
      .default(0)
      .describe('panel orientation: 0 south, -90 east, 90 west (used with tiltDeg)'),
  })
  .strict();

/** PV settings of an Open-Meteo forecast. */
export type OpenMeteoPv = z.infer<typeof pvSchema>;

/** The irradiance variable the PV model reads: tilted when the panel's tilt is known. */
export function irradianceVariable(pv: OpenMeteoPv): string {
  return pv.tiltDeg === undefined ? 'shortwave_radiation' : 'global_tilted_irradiance';
}

function instants(hourly: Record<string, unknown>, offsetS: number): number[] {
  const time = hourly.time;
  if (!Array.isArray(time) || time.length === 0) throw badShape(WHAT, 'no hourly.time');
  const at = time.map((t) => {
    // With timezone=UTC the API sends "2025-01-15T00:00" without a zone: read it as UTC − offset.
    const ms = typeof t === 'string' ? Date.parse(`${t}${t.length === 16 ? ':00' : ''}Z`) : Number.NaN;
    if (!Number.isFinite(ms)) throw badShape(WHAT, `bad time ${JSON.stringify(t)}`);
    return ms - offsetS * 1000;
  });
  for (let i = 1; i < at.length; i++)
    if (at[i]! <= at[i - 1]!) throw badShape(WHAT, `times not increasing at ${String(time[i])}`);
  return at;
}

function values(hourly: Record<string, unknown>, variable: string, count: number): (number | null)[] {
  const list = hourly[variable];
  if (!Array.isArray(list) || list.length !== count) throw badShape(WHAT, `hourly.${variable} missing`);
  return list.map((v) => {
    if (v === null) return null; // past the model's range: a gap, not zero
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw badShape(WHAT, `${variable} ${JSON.stringify(v)}`);
    return v;
  });
}

/**
 * Parses an Open-Meteo `/v1/forecast` reply into forecast series. Temperature is instantaneous at
 * each time, so its slot is centred on it; radiation is the mean of the preceding step, so its slot
 * ends at it. PV power (W) = max(0, irradiance) / 1000 W·m⁻² × peakPowerW × performanceRatio.
 */
export function parseOpenMeteo(
  body: unknown,
  want: { temperature: boolean; pv?: OpenMeteoPv; irradiance?: boolean },
  meta: { at: number; source: string },
): ForecastUpdate[] {
  const reply = body as { hourly?: unknown; utc_offset_seconds?: unknown; error?: unknown; reason?: unknown };
  if (!reply || typeof reply !== 'object') throw badShape(WHAT, 'not an object');
  if (reply.error === true) throw badShape(WHAT, `error: ${String(reply.reason)}`);
  if (!reply.hourly || typeof reply.hourly !== 'object') throw badShape(WHAT, 'no hourly block');
  const hourly = reply.hourly as Record<string, unknown>;
  const offsetS = typeof reply.utc_offset_seconds === 'number' ? reply.utc_offset_seconds : 0;
  const at = instants(hourly, offsetS);
  const stepMs = at.length > 1 ? at[1]! - at[0]! : 3_600_000;
  const series = (kind: ForecastKind, variable: string, shift: number, map: (v: number) => number) => {
    const points: ForecastPoint[] = [];
    values(hourly, variable, at.length).forEach((v, i) => {
      const start = at[i]! + shift;
      if (v !== null) points.push({ start, end: start + stepMs, value: map(v) });
    });
    return { kind, points, at: meta.at, source: meta.source };
  };
  const updates: ForecastUpdate[] = [];
  if (want.temperature) updates.push(series('outdoor.tempC', 'temperature_2m', -stepMs / 2, (v) => v));
  const pv = want.pv;
  if (pv) {
    const scale = (pv.peakPowerW * pv.performanceRatio) / STC_W_PER_M2;
    // Radiation can come back slightly negative at night (open-meteo/open-meteo#1355): no PV then.
    updates.push(series('pv.powerW', irradianceVariable(pv), -stepMs, (v) => Math.max(0, v) * scale));
  }
  // Horizontal irradiance for the planner's window gains (planner.zones[].windowAreaM2).
  if (want.irradiance)
    updates.push(series('solar.irradianceWPerM2', 'shortwave_radiation', -stepMs, (v) => Math.max(0, v)));
  return updates;
}

/** Outdoor temperature and PV power forecasts from Open-Meteo's free forecast API (no key). */
export const openMeteoForecast = defineForecast({
  type: 'open-meteo',
  description: 'hourly outdoor temperature and PV power forecast (Open-Meteo, no API key)',
  schema: z
    .object({
      type: z.literal('open-meteo'),
      latitude: z.number().min(-90).max(90).describe('site latitude (°)'),
      longitude: z.number().min(-180).max(180).describe('site longitude (°)'),
      baseUrl: z.url().default('https://api.open-meteo.com').describe('Open-Meteo or a self-hosted instance'),
      temperature: z.boolean().default(true).describe('fetch the outdoor temperature forecast'),
      pv: pvSchema.optional().describe('turn the irradiance forecast into PV power (W)'),
      irradiance: z
        .boolean()
        .default(false)
        .describe(
          'fetch horizontal solar irradiance (W/m²) for the solar gains of planner.zones[].windowAreaM2',
        ),
      forecastDays: z.number().int().min(1).max(16).default(2).describe('days of forecast to fetch'),
      intervalSeconds: z.number().positive().default(3600),
      timeoutMs: z.number().int().positive().default(10_000),
    })
    .strict()
    .refine((c) => c.temperature || c.pv || c.irradiance, {
      message: 'fetches nothing: set temperature: true, irradiance: true or a pv block',
    }),
  create(config, deps) {
    const http = createHttp(config.baseUrl, config.timeoutMs);
    const hourly = [
      ...(config.temperature ? ['temperature_2m'] : []),
      ...(config.pv ? [irradianceVariable(config.pv)] : []),
    ];
    if (config.irradiance && !hourly.includes('shortwave_radiation')) hourly.push('shortwave_radiation');
    const tilted = config.pv?.tiltDeg !== undefined;
    const kinds: ForecastKind[] = [
      ...(config.temperature ? (['outdoor.tempC'] as const) : []),
      ...(config.pv ? (['pv.powerW'] as const) : []),
      ...(config.irradiance ? (['solar.irradianceWPerM2'] as const) : []),
    ];
    return {
      id: deps.id,
      kinds,
      intervalMs: config.intervalSeconds * 1000,
      async poll() {
        const params = {
          latitude: config.latitude,
          longitude: config.longitude,
          hourly: hourly.join(','),
          timezone: 'UTC',
          forecast_days: config.forecastDays,
          ...(tilted ? { tilt: config.pv?.tiltDeg, azimuth: config.pv?.azimuthDeg } : {}),
        };
        const body = await requestJson(http, { url: '/v1/forecast', params }, WHAT);
        const want = {
          temperature: config.temperature,
          irradiance: config.irradiance,
          ...(config.pv ? { pv: config.pv } : {}),
        };
        return parseOpenMeteo(body, want, { at: deps.clock.now(), source: deps.id });
      },
    };
  },
});
