import { z } from 'zod';
import { levelSchema, minerBaseSchema } from '../../../config/common.js';
import { OFF } from '../../../src/core/model.js';
import type { MinerStatus } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { ApplyResult, MinerAdapter, MinerInfo } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import { defineMiner } from '../../plugin.js';
import { envReference, probeEndpoint, probeTimeoutMs } from '../../probe-url.js';
import { levelsWithOff, runningLevel } from '../knob-levels.js';
import { readBack } from '../read-back.js';
import { serialQueue } from '../serial.js';
import type { WhatsminerApi, WhatsminerReading } from './whatsminer-api.js';
import { detectWhatsminerApi, type WhatsminerEndpoint, whatsminerApi } from './whatsminer-detect.js';
import { PendingLimit } from './whatsminer-reboot.js';

const whatsminerLevel = levelSchema.extend({
  powerLimitW: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('power limit this level sets (W); the miner restarts to apply a new limit'),
});

const schema = minerBaseSchema
  .extend({
    type: z.literal('whatsminer'),
    host: z.string().min(1).describe('hostname or IP address of the miner'),
    api: z.enum(['auto', 'v2', 'v3']).default('auto').describe('API version; auto asks the miner'),
    v3Port: z.number().int().min(1).max(65535).default(4433).describe('API v3 port'),
    v2Port: z.number().int().min(1).max(65535).default(4028).describe('API v2 (cgminer) port'),
    account: z.string().min(1).default('super').describe('API v3 write account'),
    password: z.string().min(1).describe('admin (v2) or super-account (v3) password, from the environment'),
    levels: z.array(whatsminerLevel).min(1).describe('running levels (off is implicit)'),
    settleMs: z
      .number()
      .int()
      .nonnegative()
      .default(3000)
      .describe('after a command, read back this long before answering "not yet" (ms)'),
    rebootTimeoutSeconds: z
      .number()
      .positive()
      .default(600)
      .describe('a power-limit change not confirmed after this long is sent again (s)'),
  })
  .strict();

type WhatsminerConfig = z.infer<typeof schema>;

/** A reading as a MinerStatus without its level. */
function statusOf(r: WhatsminerReading, at: number): MinerStatus {
  const { running, powerW, ths, chipTempC, uptimeS } = r;
  return {
    reachable: true,
    running,
    ...(powerW !== undefined ? { powerW } : {}),
    ...(ths !== undefined ? { ths } : {}),
    ...(chipTempC !== undefined ? { chipTempC } : {}),
    ...(uptimeS !== undefined ? { uptimeS } : {}),
    at,
  };
}

function createWhatsminer(config: WhatsminerConfig, deps: AdapterDeps): MinerAdapter {
  const endpoint: WhatsminerEndpoint = { ...config, clock: deps.clock };
  const levels = levelsWithOff(config.levels);
  const limitLevels = config.levels.filter((l) => l.powerLimitW !== undefined);
  const serial = serialQueue();
  const reboot = new PendingLimit(config.rebootTimeoutSeconds * 1000, deps.clock);
  // Never read back longer than the agent allows an apply (3 × timeoutMs in MinerSupervisor).
  const settleMs = Math.min(config.settleMs, 2 * config.timeoutMs);
  let api: WhatsminerApi | undefined =
    config.api === 'auto' ? undefined : whatsminerApi(config.api, endpoint);

  async function open(): Promise<WhatsminerApi> {
    if (api) return api;
    const version = await detectWhatsminerApi(endpoint);
    deps.logger.info({ miner: config.id, api: version }, 'Whatsminer API detected');
    api = whatsminerApi(version, endpoint);
    return api;
  }

  async function read(): Promise<WhatsminerReading> {
    try {
      const reading = await (await open()).read();
      reboot.settle(reading.powerLimitW);
      return reading;
    } catch (error) {
      if (!reboot.active() || !(error instanceof DeviceError)) throw error;
      throw new DeviceError('UNREACHABLE', `${config.id}: ${reboot.describe()}; ${error.message}`, true);
    }
  }

  const levelOf = (r: WhatsminerReading) =>
    runningLevel({
      configured: config.levels,
      settingOf: (l) => l.powerLimitW,
      current: r.powerLimitW,
      powerW: r.powerLimitW ?? r.powerW,
    });

  async function settled(done: (r: WhatsminerReading) => boolean): Promise<WhatsminerReading | undefined> {
    const safeRead = () => read().catch(() => undefined);
    const { last } = await readBack({
      read: safeRead,
      done: (r) => r !== undefined && done(r),
      settleMs,
      intervalMs: Math.min(500, settleMs || 500),
      clock: deps.clock,
    });
    return last;
  }

  async function runAt(
    level: (typeof config.levels)[number],
    before: WhatsminerReading,
  ): Promise<ApplyResult> {
    const device = await open();
    const limitW = level.powerLimitW;
    if (limitW !== undefined && before.powerLimitW !== limitW) {
      if (reboot.awaiting(limitW)) return { accepted: false, pending: true, detail: reboot.describe() };
      await device.setPowerLimit(limitW);
      reboot.sent(limitW);
      // One look, no waiting: a miner that applies the limit without restarting is confirmed at once;
      // a restarting one is confirmed by a later call, so the agent's tick never waits for the reboot.
      const after = await read().catch(() => undefined);
      if (!after || after.powerLimitW !== limitW)
        return { accepted: false, pending: true, detail: reboot.describe() };
      if (after.running) return { accepted: true };
    } else if (before.running) return { accepted: true, detail: `already at ${level.id}` };
    await device.setMining(true);
    const after = await settled((r) => r.running);
    return after?.running ? { accepted: true } : { accepted: false, detail: 'sent start, still not hashing' };
  }

  async function stop(before: WhatsminerReading): Promise<ApplyResult> {
    if (!before.running) return { accepted: true, detail: 'already off' };
    await (await open()).setMining(false);
    const after = await settled((r) => !r.running);
    return after && !after.running
      ? { accepted: true }
      : { accepted: false, detail: 'sent stop, still hashing' };
  }

  return {
    id: config.id,
    family: 'whatsminer',
    capabilities: { softStop: true, throttle: limitLevels.length > 1, reportsPower: true },
    levels: () => levels,
    status: () =>
      serial(async (): Promise<MinerStatus> => {
        const r = await read();
        const level = r.running ? levelOf(r) : OFF;
        return { ...statusOf(r, deps.clock.now()), ...(level ? { levelId: level.id } : {}) };
      }),
    apply: (level) =>
      serial(async (): Promise<ApplyResult> => {
        const target = level.id === OFF.id ? OFF : config.levels.find((l) => l.id === level.id);
        if (!target) throw new DeviceError('UNSUPPORTED', `${config.id}: unknown level "${level.id}"`, false);
        let before: WhatsminerReading;
        try {
          before = await read();
        } catch (error) {
          // A restart to apply a power limit is expected: say so instead of failing the command.
          if (reboot.active()) return { accepted: false, pending: true, detail: reboot.describe() };
          throw error;
        }
        return target.id === OFF.id ? stop(before) : runAt(target as (typeof config.levels)[number], before);
      }),
    describe: () => serial(async (): Promise<MinerInfo> => (await open()).identity()),
    async close() {},
  };
}

/** MicroBT Whatsminer over API v3 (TCP 4433) or v2 (TCP 4028): stop/start and power-limit levels. */
export const whatsminerMiner = defineMiner({
  type: 'whatsminer',
  description: 'MicroBT Whatsminer (API v2 or v3): stop/start, power limit per level (restarts the miner)',
  schema,
  create: createWhatsminer,
  async probe(url, deps) {
    if (!['whatsminer:', 'http:'].includes(url.protocol))
      throw new DeviceError('UNSUPPORTED', `${url.protocol}// is not a whatsminer URL`, false);
    const timeoutMs = probeTimeoutMs(url);
    // The URL's port is the cgminer (v2) port like for every TCP family; `?v3Port=` moves API v3.
    const { host, port: v2Port } = probeEndpoint(url, 4028);
    const v3Port = Number(url.searchParams.get('v3Port') ?? 4433);
    const password = decodeURIComponent(url.password);
    const endpoint = { host, v2Port, v3Port, timeoutMs, account: 'super', password, clock: deps.clock };
    const version = await detectWhatsminerApi(endpoint);
    const device = whatsminerApi(version, endpoint);
    const info = await device.identity();
    const reading = await device.read();
    const limitW = Math.round(reading.powerLimitW ?? reading.powerW ?? 0);
    // The level carries the setting that selects it, so the suggested entry can name it.
    const ths = Number((reading.ths ?? 0).toFixed(2));
    const on = { id: `w${limitW}`, powerW: limitW, ths, powerLimitW: limitW };
    const status: MinerStatus = {
      ...statusOf(reading, deps.clock.now()),
      levelId: reading.running ? on.id : OFF.id,
    };
    return {
      info,
      status,
      levels: [OFF, on],
      capabilities: { softStop: true, throttle: true, reportsPower: true },
    };
  },
  suggestConfig(result, url) {
    const { host, port } = probeEndpoint(url, 4028);
    const v3Port = url.searchParams.get('v3Port');
    const levels = result.levels.filter((l) => l.id !== OFF.id);
    return {
      fields: {
        type: 'whatsminer',
        host,
        ...(port !== 4028 ? { v2Port: port } : {}),
        ...(v3Port && Number(v3Port) !== 4433 ? { v3Port: Number(v3Port) } : {}),
        password: envReference('WHATSMINER_PASSWORD'),
        levels,
      },
      notes: [
        'set WHATSMINER_PASSWORD to the admin (API v2) or super (API v3) password; writes must be on (WhatsMinerTool: API switch)',
        'more levels: { id, powerW, ths, powerLimitW }; each limit change restarts the miner',
      ],
    };
  },
});
