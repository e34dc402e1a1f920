import { z } from 'zod';
import { chargesScheduleSchema } from '../adapters/sources/registry.js';
import { isKnownTimeZone } from '../src/time-zones.js';

// The `backtest:` section of a backtest config, here in the config layer so `hashheat schema` and
// `hashheat check` know it too (issue 11: check said `backtest: unknown key`). src/backtest/config.ts loads it.

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** `timeZone` / `utcOffset` of a data file: how its naive times (no offset, no `Z`) are read. */
const fileTimeKeys = {
  timeZone: z
    .string()
    .refine((zone) => isKnownTimeZone(zone), 'an IANA time zone, e.g. Europe/Berlin or UTC')
    .optional()
    .describe("IANA zone of the file's naive times, with its daylight saving; default site.timeZone"),
  utcOffset: z
    .string()
    .regex(/^[+-]\d{2}:\d{2}$/, 'a fixed UTC offset ±HH:MM, e.g. "+01:00" ("+00:00" for UTC)')
    .optional()
    .describe('one fixed UTC offset for all the file\'s naive times, e.g. "+00:00" for UTC'),
};

/** A data file names its time basis once: `timeZone` or `utcOffset`, not both. */
function oneTimeBasis(
  spec: { timeZone?: string | undefined; utcOffset?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (spec.timeZone !== undefined && spec.utcOffset !== undefined)
    ctx.addIssue({ code: 'custom', path: ['utcOffset'], message: 'set timeZone or utcOffset, not both' });
}

const priceFileSchema = z
  .object({
    file: z.string().describe('path, relative to dataDir'),
    format: z
      .enum(['day-ahead-csv', 'time-value-csv', 'json-slots'])
      .default('day-ahead-csv')
      .describe(
        'day-ahead-csv: `Datetime,Price (EUR/MWh)` naive local hours; time-value-csv: `time,value`; json-slots: [{start, end?, perKWh}]',
      ),
    unit: z
      .enum(['per-MWh', 'per-kWh'])
      .optional()
      .describe('default per-MWh for day-ahead-csv, else per-kWh'),
    ...fileTimeKeys,
  })
  .strict()
  .superRefine(oneTimeBasis);

const retailSchema = z
  .object({
    multiplier: z.number().default(1).describe('applied to the wholesale price first'),
    chargesPerKWh: z
      .union([z.number(), chargesScheduleSchema])
      .default(0)
      .describe(
        'grid fees, levies, supplier margin (per kWh, before tax); a number or a schedule { defaultPerKWh, periods } by local time',
      ),
    taxRate: z.number().min(0).default(0).describe('VAT as a fraction (0.19), applied last'),
  })
  .strict();

const exportSchema = z.union([
  z.object({ perKWh: z.number().describe('fixed feed-in tariff') }).strict(),
  z
    .object({
      wholesale: z.literal(true).describe('feed-in at the wholesale price (market value)'),
      multiplier: z.number().default(1),
      chargesPerKWh: z
        .number()
        .default(0)
        .describe('added to the wholesale price (negative = marketing fee)'),
      floorPerKWh: z
        .number()
        .optional()
        .describe('lowest feed-in price, e.g. 0 when negative hours pay nothing'),
    })
    .strict(),
]);

const seriesFileSchema = z
  .object({
    file: z.string(),
    format: z.enum(['time-value-csv', 'open-meteo', 'opsd']).default('time-value-csv'),
    column: z
      .string()
      .optional()
      .describe('CSV column (opsd, or a CSV with more columns); open-meteo: hourly field'),
    unit: z.enum(['W', 'kWh']).default('W').describe('energy series: W mean power, or kWh per interval'),
    cumulative: z.boolean().default(false).describe('values are meter readings (kWh)'),
    shiftYears: z
      .number()
      .int()
      .default(0)
      .describe('move the series by whole years (use a profile as a shape)'),
    scale: z.number().default(1).describe('multiply every value'),
    intervalEnding: z
      .boolean()
      .optional()
      .describe('each value is the mean of the interval ENDING at its time (Open-Meteo radiation)'),
    ...fileTimeKeys,
  })
  .strict()
  .superRefine(oneTimeBasis);

const hashpriceSchema = z.union([
  z.object({ perThsDay: z.number().nonnegative().describe('constant, currency per TH/s per day') }).strict(),
  z
    .object({
      file: z.string().describe('daily CSV with a `date` column (UTC days)'),
      column: z.string().default('hashprice_subsidy_usd_per_th_day'),
      fallbackColumn: z.string().optional().describe('used where `column` is empty'),
      unitsPerCurrency: z
        .number()
        .positive()
        .default(1)
        .describe('file units per 1 configured currency, e.g. 1.0824 USD per EUR'),
    })
    .strict(),
]);

/** The `backtest:` section of a backtest config file; the rest of the file is a normal hashheat config. */
export const backtestSectionSchema = z
  .object({
    name: z.string().optional(),
    dataDir: z.string().default('.').describe('where data files are, relative to this file'),
    from: dateSchema.describe('first local day'),
    to: dateSchema.describe('day after the last local day'),
    stepMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(60),
    prices: z
      .object({
        import: priceFileSchema,
        retail: retailSchema.prefault({}),
        export: exportSchema.default({ perKWh: 0 }),
        publishedAtHour: z
          .number()
          .min(0)
          .max(23)
          .default(13)
          .describe('next-day prices known from this local hour'),
      })
      .strict(),
    outdoor: z.union([seriesFileSchema, z.object({ constantC: z.number() }).strict()]),
    hashprice: hashpriceSchema,
    pv: seriesFileSchema.optional().describe('PV generation'),
    load: seriesFileSchema.optional().describe('house load without the miners and the zone heater'),
    houseImport: seriesFileSchema
      .optional()
      .describe(
        "the house's grid import without the miners (an import meter), for a capacity tariff's peaks (prices.capacity)",
      ),
    solar: seriesFileSchema
      .optional()
      .describe(
        'solar irradiance (W/m²) for the solar gains of planner.zones[].windowAreaM2, e.g. Open-Meteo shortwave_radiation',
      ),
    house: z
      .object({
        zone: z.string().describe('the zone (with a planner thermal model) the simulated room is'),
        startC: z
          .number()
          .optional()
          .describe('room temperature at the start (°C), default the planner minC'),
        heaterMaxW: z.number().positive().optional().describe('alternative heater power limit (W)'),
      })
      .strict(),
    strategies: z
      .object({
        thermostat: z
          .object({ onBelowC: z.number().optional(), offAtC: z.number().optional() })
          .strict()
          .prefault({}),
        threshold: z.object({ maxPerKWh: z.number().optional() }).strict().prefault({}),
        planner: z
          .object({
            forecastErrorC: z
              .number()
              .nonnegative()
              .default(1)
              .describe('outdoor forecast error, 1σ after 24 h (K)'),
            surplusForecastError: z
              .number()
              .nonnegative()
              .default(0.3)
              .describe('relative PV forecast error, 1σ after 24 h'),
            seed: z.number().int().default(1),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The parsed `backtest:` section. */
export type BacktestSection = z.infer<typeof backtestSectionSchema>;
