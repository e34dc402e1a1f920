import { z } from 'zod';
import type { PlannerSettings } from '../src/core/planner/plan-all.js';
import { idSchema } from './common.js';

const plannerZoneSchema = z
  .object({
    zone: idSchema.describe('id of a zone in `zones`'),
    heatLossWPerK: z
      .number()
      .positive()
      .optional()
      .describe('room heat loss per K indoor − outdoor (W/K); default the zone’s heatLossWPerK'),
    capacityKWhPerK: z.number().positive().describe('thermal capacity of the room (kWh/K)'),
    minC: z
      .number()
      .optional()
      .describe('comfort minimum the other heater holds (°C); default the zone’s targetC'),
    baseHeatW: z
      .number()
      .nonnegative()
      .default(0)
      .describe('other heat into the room: people, appliances (W)'),
    baseHeatByHour: z
      .array(z.number().nonnegative())
      .length(24)
      .optional()
      .describe('24 factors by local hour 0–23 multiplying baseHeatW (a daily profile); default flat'),
    windowAreaM2: z
      .number()
      .nonnegative()
      .default(0)
      .describe('glazed area that lets sun into the room (m²); solar gains need an irradiance series'),
    gValue: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('total solar energy transmittance of the glazing (0.5–0.6 double, ~0.5 triple)'),
    heatingLimitC: z
      .number()
      .optional()
      .describe('outdoor temperature at and above which the house wants no heat (°C); default none'),
    copPerK: z
      .number()
      .min(0)
      .default(0)
      .describe('heat pump: COP change per K of outdoor temperature around 7 °C (0 = constant)'),
  })
  .strict();

/** The optional `planner:` section: look-ahead planning over the known price horizon (issue 7). */
export const plannerConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    horizonHours: z.number().positive().max(96).default(36).describe('how far ahead to plan (h)'),
    slotMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(15),
    replanMinutes: z.number().positive().default(15).describe('re-plan at least this often (min)'),
    temperatureStepC: z.number().positive().max(1).default(0.05).describe('room temperature grid step (K)'),
    coldPenaltyPerKh: z
      .number()
      .nonnegative()
      .default(1)
      .describe('cost of one degree-hour below the comfort minimum (currency per K·h)'),
    beyondKnownPrices: z
      .enum(['stop', 'repeat-last-day'])
      .default('stop')
      .describe('past the published prices: end the horizon, or assume the last published day repeats'),
    hotPenaltyPerKh: z
      .number()
      .nonnegative()
      .default(0)
      .describe('cost of one degree-hour above the zone maxC (currency per K·h): trades money for comfort'),
    zones: z.array(plannerZoneSchema).default([]).describe('thermal model per heated zone'),
  })
  .strict();

/** The parsed `planner:` section. */
export type PlannerConfig = z.infer<typeof plannerConfigSchema>;

/** Planner settings from the config section and the zones' own fields. */
export function plannerSettings(
  planner: PlannerConfig,
  zones: readonly { id: string; targetC: number; heatLossWPerK?: number | undefined }[],
): PlannerSettings {
  const thermal: PlannerSettings['zones'] = {};
  for (const pz of planner.zones) {
    const zone = zones.find((z) => z.id === pz.zone);
    const heatLossWPerK = pz.heatLossWPerK ?? zone?.heatLossWPerK;
    if (!zone || heatLossWPerK === undefined) continue;
    thermal[pz.zone] = {
      heatLossWPerK,
      capacityKWhPerK: pz.capacityKWhPerK,
      minC: pz.minC ?? zone.targetC,
      baseHeatW: pz.baseHeatW,
      baseHeatByHour: pz.baseHeatByHour,
      solarApertureM2: pz.windowAreaM2 * pz.gValue,
      heatingLimitC: pz.heatingLimitC,
      copPerK: pz.copPerK,
    };
  }
  return {
    horizonMs: planner.horizonHours * 3_600_000,
    slotMs: planner.slotMinutes * 60_000,
    temperatureStepC: planner.temperatureStepC,
    coldPenaltyPerKh: planner.coldPenaltyPerKh,
    hotPenaltyPerKh: planner.hotPenaltyPerKh,
    beyondKnownPrices: planner.beyondKnownPrices,
    zones: thermal,
  };
}

/** Problems zod cannot see inside the section: unknown zones, a zone without a heat loss. */
export function plannerIssues(config: {
  planner?: PlannerConfig | undefined;
  zones: readonly { id: string; heatLossWPerK?: number | undefined; kind?: 'room' | 'tank' }[];
}): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  config.planner?.zones.forEach((pz, i) => {
    const zone = config.zones.find((z) => z.id === pz.zone);
    if (!zone)
      issues.push({ path: ['planner', 'zones', i, 'zone'], message: `no zone "${pz.zone}" in zones` });
    else if (zone.kind === 'tank')
      issues.push({
        path: ['planner', 'zones', i, 'zone'],
        message: `zone "${pz.zone}" is a tank: its thermal model is its tank section, not planner.zones`,
      });
    else if (pz.heatLossWPerK === undefined && zone.heatLossWPerK === undefined)
      issues.push({
        path: ['planner', 'zones', i, 'heatLossWPerK'],
        message: 'required (expected a number) unless the zone has heatLossWPerK',
      });
  });
  return issues;
}
