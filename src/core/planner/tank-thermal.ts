import type { ZoneModel } from '../model.js';
import type { TankModel } from '../tank.js';
import type { PlannerSettings, ZoneThermal } from './plan-settings.js';

/** A tank as the planner's one-mass zone: its capacity, standing loss, ambient and draw-offs. */
export function tankThermal(tank: TankModel): ZoneThermal {
  return {
    heatLossWPerK: tank.standingLossWPerK,
    capacityKWhPerK: tank.capacityKWhPerK,
    minC: tank.minC,
    baseHeatW: 0,
    ...(tank.ambientC !== undefined ? { ambientC: tank.ambientC } : {}),
    drawOff: tank.drawOff,
  };
}

/** The settings with a thermal model for every water zone: a tank needs no planner.zones entry. */
export function withTankZones(settings: PlannerSettings, zones: readonly ZoneModel[]): PlannerSettings {
  const tanks = zones.filter((z) => z.tank);
  if (tanks.length === 0) return settings;
  const thermal = { ...settings.zones };
  for (const zone of tanks) thermal[zone.id] = tankThermal(zone.tank!);
  return { ...settings, zones: thermal };
}
