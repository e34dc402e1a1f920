import { z } from 'zod';

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM (00:00–23:59)')
  .describe('local time of the draw-off (HH:MM)');

/** One draw-off of the daily profile: litres of mixed water at `tapC`, or its heat in kWh. */
const drawOffEntrySchema = z
  .object({
    at: hhmm,
    litres: z
      .number()
      .positive()
      .optional()
      .describe('litres of water drawn at the tap temperature tapC (mixed with cold water at the tap)'),
    kWh: z
      .number()
      .positive()
      .optional()
      .describe('heat drawn (kWh), as the EN 16147 tapping tables give it'),
  })
  .strict()
  .superRefine((e, ctx) => {
    if ((e.litres === undefined) === (e.kWh === undefined))
      ctx.addIssue({ code: 'custom', message: 'set exactly one of litres and kWh' });
  });

/** Named daily draw-off profiles (src/core/tank.ts has their tables). */
export const DRAW_OFF_PRESETS = ['en16147-M', 'none'] as const;

/** The `tank:` section of a zone of kind `tank`: a hot-water cylinder, a pool or a buffer. */
export const tankSchema = z
  .object({
    volumeL: z.number().positive().describe('water volume (litres); heat capacity 4.186 kJ/(kg·K) × volume'),
    standingLossWPerK: z
      .number()
      .positive()
      .describe('standing heat loss per K of water above ambient (W/K), the UA value'),
    ambientC: z
      .union([z.number(), z.literal('outdoor')])
      .default(15)
      .describe("temperature around the tank (°C): a cellar, a plant room; or 'outdoor' (a pool outside)"),
    minC: z
      .number()
      .describe('the other heater (immersion, heat pump, boiler) holds the water at least this warm (°C)'),
    highLimitC: z
      .number()
      .describe('hard cut-off (°C): any miner in the zone is stopped at or above it, whatever else says'),
    maxDeltaK: z
      .number()
      .positive()
      .optional()
      .describe(
        'largest outlet − inlet temperature rise over the heat exchanger (K): above it the miner may not step up and steps down; needs zone.<id>.inlet.tempC and zone.<id>.outlet.tempC',
      ),
    coldWaterC: z.number().default(10).describe('cold mains water temperature (°C)'),
    tapC: z
      .number()
      .default(40)
      .describe('temperature of the water drawn at the tap (°C), for litres entries'),
    drawOff: z
      .union([z.enum(DRAW_OFF_PRESETS), z.array(drawOffEntrySchema)])
      .default('none')
      .describe(
        'daily draw-off: a list of { at, litres | kWh }, or a preset: en16147-M (EN 16147 / EU 812/2013 profile M, 5.845 kWh a day) or none',
      ),
  })
  .strict();

/** The parsed `tank:` section. */
export type TankConfig = z.infer<typeof tankSchema>;

/** Problems of a zone's kind and tank section zod cannot see: what a tank needs and its temperature order. */
export function tankIssues(zone: {
  kind: 'room' | 'tank';
  targetC: number;
  maxC: number;
  tank?: TankConfig | undefined;
}): { path: (string | number)[]; message: string }[] {
  const { tank } = zone;
  if (zone.kind === 'room')
    return tank ? [{ path: ['tank'], message: 'only a zone of kind tank has a tank section' }] : [];
  if (!tank) return [{ path: ['tank'], message: 'a zone of kind tank needs a tank section (volumeL, …)' }];
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (!(tank.minC <= zone.targetC))
    issues.push({
      path: ['targetC'],
      message: `targetC ${zone.targetC} °C is below tank.minC ${tank.minC} °C`,
    });
  if (!(zone.targetC <= zone.maxC))
    issues.push({ path: ['maxC'], message: `maxC ${zone.maxC} °C is below targetC ${zone.targetC} °C` });
  if (!(zone.maxC < tank.highLimitC))
    issues.push({
      path: ['tank', 'highLimitC'],
      message: `highLimitC ${tank.highLimitC} °C must be above maxC ${zone.maxC} °C`,
    });
  if (!(tank.coldWaterC < tank.minC))
    issues.push({ path: ['tank', 'coldWaterC'], message: `coldWaterC must be below minC ${tank.minC} °C` });
  if (!(tank.tapC > tank.coldWaterC))
    issues.push({ path: ['tank', 'tapC'], message: `tapC must be above coldWaterC ${tank.coldWaterC} °C` });
  return issues;
}
