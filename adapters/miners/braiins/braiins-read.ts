import type { Logger } from 'pino';
import { z } from 'zod';
import type { MinerInfo } from '../../../src/ports.js';
import { parseReply } from '../reply.js';
import type { BraiinsClient } from './braiins-client.js';
import type { PowerRange } from './braiins-levels.js';

const STATUS_NAMES = ['UNSPECIFIED', 'NOT_STARTED', 'NORMAL', 'PAUSED', 'SUSPENDED', 'RESTRICTED'];

/** Name of a `MinerStatus` enum value (REST sends integers, grpcurl strings). */
export function statusName(code: number): string {
  return STATUS_NAMES[code] ?? `status ${code}`;
}

// uint64 fields may arrive as JSON strings (proto3 JSON mapping); accept both.
const numeric = z.union([
  z.number(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number),
]);
const gigahash = z.object({ gigahash_per_second: numeric.optional() });
const watts = z.object({ watt: numeric });

const detailsReply = z.object({
  uid: z.string().optional(),
  status: z.union([z.number(), z.string()]).optional(),
  bosminer_uptime_s: numeric.optional(),
  system_uptime_s: numeric.optional(),
  serial_number: z.string().nullish(),
  miner_identity: z.object({ name: z.string().optional(), miner_model: z.string().optional() }).optional(),
  bos_version: z.object({ current: z.string().optional() }).optional(),
  sticker_hashrate: gigahash.optional(),
});
const minerConfigReply = z.object({
  tuner: z.object({ power_target: watts.partial().optional() }).optional(),
});
const statsReply = z.object({
  miner_stats: z
    .object({
      real_hashrate: z.object({ last_5s: gigahash.optional(), last_1m: gigahash.optional() }).optional(),
    })
    .optional(),
  power_stats: z.object({ approximated_consumption: watts.partial().optional() }).optional(),
});
const coolingReply = z.object({
  highest_temperature: z
    .object({ temperature: z.object({ degree_c: z.number().optional() }).optional() })
    .optional(),
});
const constraintsReply = z.object({
  tuner_constraints: z.object({
    power_target: z.object({ min: watts, max: watts, default: watts.optional() }),
  }),
});

function statusCode(value: number | string | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string')
    return Math.max(0, STATUS_NAMES.indexOf(value.replace(/^MINER_STATUS_/, '')));
  return 0; // proto3 JSON omits the default value, UNSPECIFIED
}

async function get<S extends z.ZodType>(client: BraiinsClient, path: string, schema: S): Promise<z.infer<S>> {
  return parseReply(schema, await client.call('GET', path), `Braiins OS GET ${path}`);
}

/** What `apply` needs to decide and verify: miner status, configured power target, identity. */
export interface BraiinsControl {
  statusCode: number;
  targetW?: number;
  stickerThs?: number;
  uptimeS?: number;
  identity: Omit<MinerInfo, 'family'>;
}

/** Reads `miner/details` and `configuration/miner` (in parallel). */
export async function readControl(client: BraiinsClient): Promise<BraiinsControl> {
  const [details, config] = await Promise.all([
    get(client, '/api/v1/miner/details', detailsReply),
    get(client, '/api/v1/configuration/miner', minerConfigReply),
  ]);
  const stickerGhs = details.sticker_hashrate?.gigahash_per_second;
  return {
    statusCode: statusCode(details.status),
    targetW: config.tuner?.power_target?.watt,
    stickerThs: stickerGhs ? stickerGhs / 1000 : undefined,
    uptimeS: details.bosminer_uptime_s ?? details.system_uptime_s,
    identity: {
      model: details.miner_identity?.miner_model || details.miner_identity?.name,
      firmware: details.bos_version?.current,
      serial: details.serial_number ?? details.uid,
    },
  };
}

/** Control state plus measurements: power (W), hashrate (GH/s → TH/s), hottest sensor (°C), uptime (s). */
export async function readStatus(
  client: BraiinsClient,
): Promise<
  BraiinsControl & { measured: { powerW?: number; ths?: number; chipTempC?: number; uptimeS?: number } }
> {
  const [control, stats, cooling] = await Promise.all([
    readControl(client),
    get(client, '/api/v1/miner/stats', statsReply),
    get(client, '/api/v1/cooling/state', coolingReply),
  ]);
  const hashrate = stats.miner_stats?.real_hashrate;
  const ghs = hashrate?.last_1m?.gigahash_per_second ?? hashrate?.last_5s?.gigahash_per_second;
  const measured: { powerW?: number; ths?: number; chipTempC?: number; uptimeS?: number } = {};
  const powerW = stats.power_stats?.approximated_consumption?.watt;
  if (powerW !== undefined) measured.powerW = powerW;
  if (ghs !== undefined) measured.ths = ghs / 1000;
  const tempC = cooling.highest_temperature?.temperature?.degree_c;
  if (tempC !== undefined) measured.chipTempC = tempC;
  if (control.uptimeS !== undefined) measured.uptimeS = control.uptimeS;
  return { ...control, measured };
}

/** The power-target range from `configuration/constraints`; undefined (logged once) when the miner has none. */
export async function readRange(client: BraiinsClient, logger: Logger): Promise<PowerRange | undefined> {
  const reply = await client.call('GET', '/api/v1/configuration/constraints');
  const parsed = constraintsReply.safeParse(reply);
  if (!parsed.success) {
    logger.warn('Braiins OS reports no power-target constraints; levels must come from the config');
    return undefined;
  }
  const target = parsed.data.tuner_constraints.power_target;
  return { minW: target.min.watt, maxW: target.max.watt, defaultW: target.default?.watt ?? target.max.watt };
}
