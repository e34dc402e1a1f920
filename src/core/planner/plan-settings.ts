import type { DrawOff } from '../tank.js';

/** A zone's thermal model for the planner. */
export interface ZoneThermal {
  heatLossWPerK: number;
  capacityKWhPerK: number;
  /** Comfort minimum the alternative heater holds (°C). */
  minC: number;
  /** Other heat into the room: people, appliances (W). */
  baseHeatW: number;
  /** Factors by local hour 0–23 multiplying `baseHeatW`; none = flat. */
  baseHeatByHour?: readonly number[] | undefined;
  /** Window area × g-value (m²): solar gains per W/m² of irradiance; 0 or none = no solar gains. */
  solarApertureM2?: number | undefined;
  /** Outdoor temperature at and above which the house wants no heat (°C); none = always below minC. */
  heatingLimitC?: number | undefined;
  /** Heat-pump COP change per K of outdoor temperature (0 = constant). */
  copPerK?: number;
  /** A water zone (tank): the temperature around it, used instead of the outdoor temperature (°C). */
  ambientC?: number;
  /** A water zone's daily draw-off profile: heat taken out, planned as negative gains. */
  drawOff?: readonly DrawOff[];
}

/** How the planner runs: horizon, slot length, grid step and the thermal model per zone id. */
export interface PlannerSettings {
  horizonMs: number;
  slotMs: number;
  temperatureStepC: number;
  coldPenaltyPerKh: number;
  hotPenaltyPerKh: number;
  zones: Record<string, ZoneThermal>;
  /** Past the published prices: stop the horizon there, or assume the last published day repeats. */
  beyondKnownPrices?: 'stop' | 'repeat-last-day';
}
