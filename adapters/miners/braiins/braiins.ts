import { z } from 'zod';
import { minerBaseSchema } from '../../../config/common.js';
import { OFF } from '../../../src/core/model.js';
import type { Level, MinerStatus } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { ApplyResult, MinerAdapter, MinerInfo } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import { defineMiner } from '../../plugin.js';
import { envReference } from '../../probe-url.js';
import { deviceHttp, hostSchema, probeTarget } from '../http-target.js';
import { recentRead } from '../recent-read.js';
import { serialQueue } from '../serial.js';
import { BraiinsClient } from './braiins-client.js';
import { braiinsFanCap } from './braiins-fan.js';
import { braiinsLevels, efficiencyJPerTH, levelIdForTarget, type PowerRange } from './braiins-levels.js';
import { type BraiinsControl, readControl, readRange, readStatus, statusName } from './braiins-read.js';

const PAUSED = 3;
const NORMAL = 2;

const schema = minerBaseSchema
  .extend({
    type: z.literal('braiins'),
    host: hostSchema,
    username: z.string().min(1).default('root').describe('Braiins OS user (web UI login)'),
    password: z
      .string()
      .describe('password of that user (from an environment variable, never the secret itself)'),
    powerTargetsW: z
      .array(z.number().int().positive())
      .min(1)
      .optional()
      .describe('power targets (W) to offer as levels w<target>; instead of `levels`'),
    efficiencyJPerTH: z
      .number()
      .positive()
      .optional()
      .describe('J/TH to estimate hashrate per target; default: sticker hashrate at the default target'),
  })
  .strict()
  .refine((c) => !(c.levels && c.powerTargetsW), {
    message: 'set either levels or powerTargetsW, not both',
    path: ['powerTargetsW'],
  });

type BraiinsConfig = z.infer<typeof schema>;

/** A Braiins OS adapter also reports the power-target range the miner accepts (W), once known. */
export interface BraiinsAdapter extends MinerAdapter {
  powerRange(): { minW: number; maxW: number } | undefined;
}

function createBraiins(config: BraiinsConfig, deps: AdapterDeps): BraiinsAdapter {
  const device = deviceHttp({ host: config.host, defaultPort: 80, timeoutMs: config.timeoutMs });
  const client = new BraiinsClient(
    device.http,
    { username: config.username, password: config.password },
    deps,
  );
  const serial = serialQueue();
  const fanCap = braiinsFanCap(client);
  let range: PowerRange | undefined;
  let rangeAsked = false;
  let stickerThs: number | undefined;

  const levels = (): Level[] =>
    braiinsLevels({
      configured: config.levels,
      targetsW: config.powerTargetsW,
      range,
      jPerTh: efficiencyJPerTH({ configured: config.efficiencyJPerTH, range, stickerThs }),
    });

  async function learnRange(): Promise<void> {
    if (rangeAsked) return;
    range = await readRange(client, deps.logger);
    rangeAsked = true;
  }

  /** The control state the last read saw (a command starts from it while it is recent). */
  const seen = recentRead<BraiinsControl>(deps.clock);

  async function control(): Promise<BraiinsControl> {
    const state = await readControl(client);
    if (state.stickerThs) stickerThs = state.stickerThs;
    seen.remember(state);
    return state;
  }

  /** What a command starts from: the tick's own status read (issue 16), or a fresh read when it is older. */
  async function current(): Promise<BraiinsControl> {
    return seen.get() ?? control();
  }

  async function pause(): Promise<ApplyResult> {
    if ((await current()).statusCode !== PAUSED) await client.call('PUT', '/api/v1/actions/pause');
    const after = await control();
    if (after.statusCode === PAUSED) return { accepted: true };
    return { accepted: false, detail: `still ${statusName(after.statusCode)} after pause` };
  }

  async function runAt(targetW: number): Promise<ApplyResult> {
    await learnRange();
    if (range && (targetW < range.minW || targetW > range.maxW)) {
      return {
        accepted: false,
        detail: `${targetW} W is outside the miner's power-target range ${range.minW}–${range.maxW} W`,
      };
    }
    const before = await current();
    try {
      if (before.targetW !== targetW)
        await client.call('PUT', '/api/v1/performance/power-target', { watt: targetW });
    } catch (error) {
      if (error instanceof DeviceError && error.code === 'REFUSED')
        return { accepted: false, detail: error.message };
      throw error;
    }
    if (before.statusCode === PAUSED) await client.call('PUT', '/api/v1/actions/resume');
    const after = await control();
    if (after.targetW !== targetW)
      return { accepted: false, detail: `device kept its power target at ${after.targetW ?? '?'} W` };
    if (after.statusCode !== NORMAL)
      return { accepted: false, detail: `miner is ${statusName(after.statusCode)}` };
    return { accepted: true };
  }

  return {
    id: config.id,
    family: 'braiins',
    capabilities: { softStop: true, throttle: true, reportsPower: true },
    levels,
    powerRange: () => (range ? { minW: range.minW, maxW: range.maxW } : undefined),
    status: () =>
      serial(async (): Promise<MinerStatus> => {
        const [, state] = await Promise.all([learnRange(), readStatus(client)]);
        if (state.stickerThs) stickerThs = state.stickerThs;
        seen.remember(state);
        const running = state.statusCode === NORMAL;
        const status: MinerStatus = { ...state.measured, reachable: true, running, at: deps.clock.now() };
        if (state.statusCode === PAUSED) status.levelId = OFF.id;
        else if (running && state.targetW !== undefined)
          status.levelId = levelIdForTarget(levels(), state.targetW);
        if (!running && state.statusCode !== PAUSED)
          status.error = `miner is ${statusName(state.statusCode)}`;
        return status;
      }),
    // Convention for power-target miners: the target is level.powerW whatever the id (`w850` = 850 W).
    apply: (level) => serial(() => (level.id === OFF.id ? pause() : runAt(Math.round(level.powerW)))),
    describe: () =>
      serial(async (): Promise<MinerInfo> => {
        const state = await control();
        return { family: 'braiins', ...state.identity };
      }),
    setFanCapPercent: (percent) => serial(() => fanCap(percent)),
    async close() {
      device.close();
    },
  };
}

/** Braiins OS (+) over its public REST API: pause/resume and a power target within the reported range. */
export const braiinsMiner = defineMiner({
  type: 'braiins',
  description: 'Braiins OS / BOS+ miner (REST /api/v1): pause, resume, power target',
  schema,
  create: createBraiins,
  fanControl: true,
  async probe(url, deps) {
    const target = probeTarget(url, 'braiins');
    const config = schema.parse({
      id: 'probe',
      type: 'braiins',
      host: target.host,
      username: target.username ?? 'root',
      password: target.password ?? '',
    });
    const adapter = createBraiins(config, deps);
    try {
      const info = await adapter.describe!();
      const status = await adapter.status();
      return { info, status, levels: adapter.levels() };
    } finally {
      await adapter.close();
    }
  },
  suggestConfig(_result, url) {
    const { host, username } = probeTarget(url, 'braiins');
    const user = username && username !== 'root' ? { username } : {};
    return {
      fields: { type: 'braiins', host, ...user, password: envReference('BRAIINS_PASSWORD') },
      notes: [
        'set BRAIINS_PASSWORD in the environment to the web UI password',
        "levels: steps across the miner's power-target range, or set powerTargetsW",
      ],
    };
  },
});
