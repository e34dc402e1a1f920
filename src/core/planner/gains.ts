/**
 * Heat gains of a room besides its heaters and miners (W): internal gains (people, appliances) with an
 * optional daily profile, and solar gains through windows: glazed area × g-value (total solar energy
 * transmittance, the fraction of incident sunlight the glazing lets into the room, EN 410 / ISO 13790)
 * × solar irradiance. One function, used by the backtest simulator, its optimum and the planner.
 */
export interface GainsModel {
  /** Constant internal gains (W): people, appliances, lighting. */
  baseHeatW: number;
  /** Factors by local hour 0–23 that multiply `baseHeatW` (e.g. more in the evening); none = flat. */
  baseHeatByHour?: readonly number[] | undefined;
  /** Window area (m²) × g-value: solar gains (W) per W/m² of irradiance; 0 = none. */
  solarApertureM2?: number | undefined;
}

/** Gains (W) at a local hour (0–23) under an irradiance (W/m², 0 at night or when unknown). */
export function gainsW(model: GainsModel, localHour: number, irradianceWPerM2: number): number {
  const factor = model.baseHeatByHour ? (model.baseHeatByHour[localHour] ?? 1) : 1;
  const aperture = model.solarApertureM2 ?? 0;
  const solar = aperture > 0 && irradianceWPerM2 > 0 ? aperture * irradianceWPerM2 : 0;
  return model.baseHeatW * factor + solar;
}
