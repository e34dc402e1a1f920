import { z } from 'zod';
import { minerPlugins } from '../adapters/miners/registry.js';
import {
  eventPlugins,
  forecastPlugins,
  hashpricePlugins,
  loadPlugins,
  signalPlugins,
  tariffPlugins,
  xmrHashpricePlugins,
} from '../adapters/sources/registry.js';
import { agentSchema } from './agent.js';
import { backtestSectionSchema } from './backtest.js';
import { guardsSchema, idSchema, type MinerBaseConfig } from './common.js';
import { crossSectionIssues } from './cross-checks.js';
import { fleetSchema } from './fleet.js';
import { followerSchema } from './followers.js';
import { historySchema } from './history.js';
import { homeAssistantSchema } from './homeassistant.js';
import { httpSchema } from './http.js';
import { mqttSchema } from './mqtt.js';
import { plannerConfigSchema } from './planner.js';
import { safetySchema } from './policies.js';
import { siteSchema } from './site.js';
import { tankIssues, tankSchema } from './tank.js';

/** A miner's config: the base fields plus its family's own. */
export type MinerConfig = MinerBaseConfig & { type: string } & Record<string, unknown>;
/** A source's config: its type plus its own fields. */
export type SourceConfig = { type: string } & Record<string, unknown>;

/** A discriminated union on `type` over a registry's schemas. */
function unionOf<T>(plugins: readonly { schema: z.ZodObject }[]): z.ZodType<T> {
  const schemas = plugins.map((p) => p.schema);
  const union =
    schemas.length === 1
      ? schemas[0]!
      : z.discriminatedUnion('type', schemas as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]]);
  // The registry erases each plugin's own type; the base fields are what the shell relies on.
  return union as unknown as z.ZodType<T>;
}

const heaterSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('heat-pump'),
      cop: z.number().min(1).max(10).describe('coefficient of performance'),
    })
    .strict(),
  z
    .object({
      type: z.literal('gas'),
      perKWh: z.number().nonnegative().describe('fuel price per kWh'),
      efficiency: z.number().gt(0).max(1.1).default(0.92).describe('boiler efficiency'),
    })
    .strict(),
  z
    .object({ type: z.literal('resistive') })
    .strict()
    .describe('electric heater: heat worth the import price'),
  z
    .object({ type: z.literal('none') })
    .strict()
    .describe('heat is worth nothing'),
]);

const zoneSchema = z
  .object({
    id: idSchema,
    name: z.string().optional(),
    targetC: z.number().default(21).describe('heat is wanted below this temperature (°C)'),
    maxC: z.number().default(23).describe('never run a miner at or above this temperature (°C)'),
    bandC: z.number().nonnegative().default(0.5).describe('after a stop at maxC, resume below maxC − bandC'),
    heatLossWPerK: z.number().positive().optional().describe('room heat loss (W/K); bounds the useful heat'),
    heater: heaterSchema.describe('what heats the zone when the miners do not'),
    kind: z
      .enum(['room', 'tank'])
      .default('room')
      .describe('room (air temperature) or tank: a hot-water cylinder, pool or buffer with a tank section'),
    tank: tankSchema.optional().describe('water zone settings; required with kind: tank'),
  })
  .strict()
  .superRefine((zone, ctx) => {
    for (const issue of tankIssues(zone)) ctx.addIssue({ code: 'custom', ...issue });
  });

const maxAgeSchema = z
  .object({
    price: z
      .number()
      .positive()
      .default(36 * 3600),
    hashprice: z
      .number()
      .positive()
      .default(24 * 3600),
    grid: z.number().positive().default(120),
    pv: z.number().positive().default(120),
    battery: z.number().positive().default(300),
    zoneTemp: z.number().positive().default(1800),
    outdoor: z
      .number()
      .positive()
      .default(3 * 3600),
    heatDemand: z.number().positive().default(1800),
    chipTemp: z.number().positive().default(300).describe("a miner status's chip temperature"),
    forecast: z
      .number()
      .positive()
      .default(6 * 3600)
      .describe('a forecast (outdoor temperature, PV) this long after its fetch is no longer used'),
  })
  .strict()
  .describe('seconds after which a reading of each kind counts as unknown');

/** A capacity tariff: the bill charges the month's highest window average of grid import. */
const capacitySchema = z
  .object({
    perKWMonth: z.number().nonnegative().optional().describe("what each kW of the month's peak costs"),
    perKWYear: z
      .number()
      .nonnegative()
      .optional()
      .describe('the same as a yearly price (Belgium: about 40–60 EUR/kW); a month costs a twelfth'),
    window: z.enum(['15min', '60min']).default('15min').describe('the averaging window of the peak'),
    minimumKW: z.number().nonnegative().default(0).describe('the peak billed at least (Belgium: 2.5 kW)'),
    marginKW: z
      .number()
      .nonnegative()
      .default(0.1)
      .describe("kept free under the peak for the house load's jumps within a window"),
  })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.perKWMonth === undefined) === (c.perKWYear === undefined))
      ctx.addIssue({ code: 'custom', message: 'set exactly one of perKWMonth and perKWYear' });
  });

/** The whole config file. Defaults are filled in; the result is frozen by the loader. */
export const configSchema = z
  .object({
    site: siteSchema.prefault({}),
    agent: agentSchema.prefault({}),
    safety: safetySchema
      .prefault({})
      .describe('chip temperature limits, faulty miners, stale-input fail-safes'),
    maxAge: maxAgeSchema.prefault({}),
    guards: guardsSchema
      .extend({
        minOnSeconds: guardsSchema.shape.minOnSeconds.default(300),
        minOffSeconds: guardsSchema.shape.minOffSeconds.default(300),
        minDwellSeconds: guardsSchema.shape.minDwellSeconds.default(120),
        hysteresisPerHour: guardsSchema.shape.hysteresisPerHour.default(0.001),
        maxStartsPerDay: guardsSchema.shape.maxStartsPerDay.default(48),
        enableDelaySeconds: guardsSchema.shape.enableDelaySeconds.default(60),
        disableDelaySeconds: guardsSchema.shape.disableDelaySeconds.default(180),
        disableThresholdW: guardsSchema.shape.disableThresholdW.default(0),
      })
      .prefault({}),
    staleFallback: z
      .enum(['off', 'lowest', 'hold'])
      .default('off')
      .describe('when no fresh import price exists'),
    prices: z
      .object({
        import: unionOf<SourceConfig>(tariffPlugins).describe('what grid power costs'),
        export: unionOf<SourceConfig>(tariffPlugins)
          .optional()
          .describe('what exported power earns (feed-in)'),
        capacity: capacitySchema
          .optional()
          .describe("a capacity tariff on the month's highest average grid import (issue 18)"),
      })
      .strict(),
    revenue: z
      .object({
        hashprice: unionOf<SourceConfig>(hashpricePlugins).describe('mining revenue per TH/s per day'),
        monero: unionOf<SourceConfig>(xmrHashpricePlugins)
          .optional()
          .describe('RandomX revenue (hashprice.xmr, per TH/s per day) for miners with coin: xmr'),
        poolFee: z.number().min(0).max(1).default(0.02).describe('default pool fee fraction'),
      })
      .strict(),
    zones: z.array(zoneSchema).default([]),
    planner: plannerConfigSchema.optional().describe('look-ahead planning over the known price horizon'),
    signals: z
      .array(unionOf<SourceConfig>(signalPlugins))
      .default([])
      .describe('sources of grid, PV, temperatures, …'),
    loads: z
      .array(unionOf<SourceConfig & { id: string; name?: string; priority: number }>(loadPlugins))
      .default([])
      .describe("external flexible loads (evcc's car, a heat pump) sharing the surplus by priority"),
    events: z
      .array(unionOf<SourceConfig>(eventPlugins))
      .default([])
      .describe('grid events: free-power and saving sessions, dimming signals, demand-response calls'),
    forecasts: z
      .array(unionOf<SourceConfig>(forecastPlugins))
      .default([])
      .describe('outdoor temperature and PV forecasts for the planner'),
    followers: z
      .array(followerSchema)
      .default([])
      .describe(
        'devices that follow miners or zones (fans, pumps, blowers): on while a miner runs, or a speed from a temperature',
      ),
    miners: z.array(unionOf<MinerConfig>(minerPlugins)).min(1, 'at least one miner'),
    mqtt: mqttSchema.optional().describe('MQTT broker; enables Home Assistant discovery and MQTT inputs'),
    fleet: fleetSchema
      .optional()
      .describe('one shard of a site sharing one power budget with other agents over MQTT (needs mqtt)'),
    http: httpSchema.optional().describe('web page, JSON API and Prometheus metrics; off unless configured'),
    history: historySchema
      .optional()
      .describe(
        '15-minute energy and money per miner in the data directory (the page, the API, hashheat report)',
      ),
    homeassistant: homeAssistantSchema
      .optional()
      .describe('Home Assistant REST/WebSocket API for homeassistant inputs and switch miners'),
    backtest: backtestSectionSchema
      .optional()
      .describe('the data `hashheat backtest` replays (a backtest config; the agent ignores it)'),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const issue of crossSectionIssues(config)) ctx.addIssue({ code: 'custom', ...issue });
  });

/** The validated config, defaults filled in. */
export type Config = z.infer<typeof configSchema>;
/** One zone of the config. */
export type ZoneConfig = z.infer<typeof zoneSchema>;
