import { z } from 'zod';
import { levelSchema, minerBaseSchema } from '../../../config/common.js';
import { OFF } from '../../../src/core/model.js';
import type { Level, MinerStatus } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { ApplyResult, MinerAdapter } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import { defineMiner } from '../../plugin.js';
import { envReference, probeTimeoutMs } from '../../probe-url.js';
import { deviceHttp, hostSchema, probeTarget } from '../http-target.js';
import { levelsWithOff } from '../knob-levels.js';
import { readBack } from '../read-back.js';
import { serialQueue } from '../serial.js';
import { VnishClient } from './vnish-client.js';
import {
  hasThrottle,
  readPresets,
  readVnish,
  readVnishInfo,
  readVnishVersion,
  type VnishReading,
} from './vnish-read.js';

const vnishLevel = levelSchema
  .extend({
    preset: z.string().min(1).optional().describe('autotune preset this level selects (e.g. 1100)'),
    throttlePct: z.number().int().min(20).max(100).optional().describe('throttle this level sets (20–100 %)'),
  })
  .refine((l) => l.preset === undefined || l.throttlePct === undefined, {
    message: 'a level sets either preset or throttlePct, not both',
  });

const schema = minerBaseSchema
  .extend({
    type: z.literal('vnish'),
    host: hostSchema,
    password: z
      .string()
      .min(1)
      .optional()
      .describe('web password, unlocked into a token (from the environment)'),
    apiKey: z.string().min(1).optional().describe('API key sent as x-api-key, instead of the password'),
    levels: z.array(vnishLevel).min(1).describe('running levels (off is implicit)'),
    settleMs: z
      .number()
      .int()
      .nonnegative()
      .default(3000)
      .describe('after a command, read back this long before reporting it was not taken (ms)'),
  })
  .strict()
  .refine((c) => c.password !== undefined || c.apiKey !== undefined, {
    message: 'set password (or apiKey)',
    path: ['password'],
  });

type VnishConfig = z.infer<typeof schema>;

/** A preset name as a level id: `1100` → `p1100`. */
export function presetLevelId(name: string): string {
  return `p${name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;
}
type VnishLevel = VnishConfig['levels'][number];

/** The level a reading is at: by preset, else by throttle, else the only plain level, else the first. */
function levelOf(levels: readonly VnishLevel[], r: VnishReading): VnishLevel | undefined {
  return (
    levels.find((l) => l.preset !== undefined && l.preset === r.preset) ??
    levels.find((l) => l.throttlePct !== undefined && l.throttlePct === r.throttlePct) ??
    (levels.filter((l) => l.preset === undefined && l.throttlePct === undefined).length === 1
      ? levels.find((l) => l.preset === undefined && l.throttlePct === undefined)
      : levels[0])
  );
}

function createVnish(config: VnishConfig, deps: AdapterDeps): MinerAdapter {
  const device = deviceHttp({ host: config.host, defaultPort: 80, timeoutMs: config.timeoutMs });
  const credentials = {
    ...(config.password ? { password: config.password } : {}),
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  };
  const client = new VnishClient(device.http, credentials, deps);
  const levels = levelsWithOff(config.levels);
  const usesPresets = config.levels.some((l) => l.preset !== undefined);
  const serial = serialQueue();
  const settleMs = Math.min(config.settleMs, 2 * config.timeoutMs);
  const read = () => readVnish(client, usesPresets);
  // null: asked, but /info named no version (then throttle is tried and the device decides).
  let version: [number, number, number] | null | undefined;

  /** Refuses a throttle level on firmware without `/mining/throttle` (1.2.x), before anything is sent. */
  async function checkThrottle(): Promise<void> {
    if (version === undefined) version = (await readVnishVersion(client)) ?? null;
    if (version && !hasThrottle(version)) {
      throw new DeviceError(
        'UNSUPPORTED',
        `${config.id}: Vnish ${version.join('.')} has no /mining/throttle (it came with 1.3); use preset levels`,
        false,
      );
    }
  }

  async function settle(done: (r: VnishReading) => boolean) {
    return readBack({ read, done, settleMs, intervalMs: Math.min(500, settleMs || 500), clock: deps.clock });
  }

  async function setPreset(preset: string): Promise<ApplyResult | undefined> {
    const reply = (await client.call('POST', '/settings', { miner: { overclock: { preset } } })) as
      | { restart_required?: unknown }
      | undefined;
    if (reply?.restart_required === true) await client.call('POST', '/mining/restart');
    // pyasic: the reply is {"restart_required":false,"reboot_required":false} even when nothing changed.
    const { taken, last } = await settle((r) => r.preset === preset);
    if (taken) return undefined;
    return {
      accepted: false,
      detail: `Vnish answered OK but kept preset ${last.preset ?? '?'} (asked ${preset})`,
    };
  }

  async function runAt(level: VnishLevel, before: VnishReading): Promise<ApplyResult> {
    if (level.throttlePct !== undefined) await checkThrottle();
    if (!before.running) await client.call('POST', '/mining/resume');
    if (level.preset !== undefined && before.preset !== level.preset) {
      const refused = await setPreset(level.preset);
      if (refused) return refused;
    }
    if (level.throttlePct !== undefined && before.throttlePct !== level.throttlePct)
      await client.call('POST', '/mining/throttle', { percent: level.throttlePct });
    const { taken, last } = await settle(
      (r) => r.running && (level.throttlePct === undefined || r.throttlePct === level.throttlePct),
    );
    if (taken) return { accepted: true };
    return { accepted: false, detail: `still ${last.state} at ${last.throttlePct ?? '?'} %` };
  }

  async function pause(before: VnishReading): Promise<ApplyResult> {
    if (!before.running) return { accepted: true, detail: `already ${before.state}` };
    await client.call('POST', '/mining/pause');
    const { taken, last } = await settle((r) => !r.running);
    return taken ? { accepted: true } : { accepted: false, detail: `sent pause, still ${last.state}` };
  }

  return {
    id: config.id,
    family: 'vnish',
    capabilities: {
      softStop: true,
      throttle: config.levels.filter((l) => l.preset !== undefined || l.throttlePct !== undefined).length > 1,
      reportsPower: true,
    },
    levels: () => levels,
    status: () =>
      serial(async (): Promise<MinerStatus> => {
        const r = await read();
        const level = r.running ? levelOf(config.levels, r) : OFF;
        return {
          reachable: true,
          running: r.running,
          ...(level ? { levelId: level.id } : {}),
          ...(r.powerW !== undefined ? { powerW: r.powerW } : {}),
          ...(r.ths !== undefined ? { ths: r.ths } : {}),
          ...(r.chipTempC !== undefined ? { chipTempC: r.chipTempC } : {}),
          ...(r.uptimeS !== undefined ? { uptimeS: r.uptimeS } : {}),
          ...(r.state === 'failure' ? { error: 'Vnish reports a mining failure' } : {}),
          at: deps.clock.now(),
        };
      }),
    apply: (level) =>
      serial(async () => {
        const target = level.id === OFF.id ? undefined : config.levels.find((l) => l.id === level.id);
        if (level.id !== OFF.id && !target)
          throw new DeviceError('UNSUPPORTED', `${config.id}: unknown level "${level.id}"`, false);
        const before = await read();
        return target ? runAt(target, before) : pause(before);
      }),
    describe: () => serial(() => readVnishInfo(client)),
    async close() {
      device.close();
    },
  };
}

/** Antminers on Vnish firmware (REST /api/v1): pause/resume, autotune presets or throttle percent as levels. */
export const vnishMiner = defineMiner({
  type: 'vnish',
  description: 'Vnish firmware (REST /api/v1): pause/resume, presets or throttle percent as levels',
  schema,
  create: createVnish,
  async probe(url, deps) {
    const target = probeTarget(url, 'vnish');
    const device = deviceHttp({ host: target.host, defaultPort: 80, timeoutMs: probeTimeoutMs(url) });
    try {
      const password = target.password ?? target.username;
      const client = new VnishClient(device.http, password ? { password } : {}, deps);
      const info = await readVnishInfo(client);
      const presets = (await readPresets(client)).filter((p) => p.tuned && p.powerW !== undefined);
      const r = await readVnish(client, true);
      // Each level carries the preset that selects it, so the suggested entry can name it.
      const running = presets.map((p) => ({
        id: presetLevelId(p.name),
        powerW: p.powerW ?? 0,
        ths: p.ths ?? 0,
        preset: p.name,
      }));
      const levels: Level[] = [OFF, ...running.sort((a, b) => a.powerW - b.powerW)];
      const status: MinerStatus = {
        reachable: true,
        running: r.running,
        levelId: r.running ? (r.preset !== undefined ? presetLevelId(r.preset) : 'on') : OFF.id,
        ...(r.powerW !== undefined ? { powerW: r.powerW } : {}),
        ...(r.ths !== undefined ? { ths: r.ths } : {}),
        ...(r.chipTempC !== undefined ? { chipTempC: r.chipTempC } : {}),
        at: deps.clock.now(),
      };
      return { info, status, levels, capabilities: { softStop: true, throttle: true, reportsPower: true } };
    } finally {
      device.close();
    }
  },
  suggestConfig(result, url) {
    const { host } = probeTarget(url, 'vnish');
    return {
      fields: {
        type: 'vnish',
        host,
        password: envReference('VNISH_PASSWORD'),
        levels: result.levels.filter((l) => l.id !== OFF.id),
      },
      notes: [
        'set VNISH_PASSWORD to the web password',
        'levels: the tuned presets; or use throttlePct levels',
      ],
    };
  },
});
