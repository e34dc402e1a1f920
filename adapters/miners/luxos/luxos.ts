import { z } from 'zod';
import { levelSchema, minerBaseSchema } from '../../../config/common.js';
import { OFF } from '../../../src/core/model.js';
import type { Level, MinerStatus } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { ApplyResult, MinerAdapter, MinerInfo } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import { defineMiner } from '../../plugin.js';
import { probeEndpoint, probeTimeoutMs } from '../../probe-url.js';
import { createCgminerClient } from '../../protocols/cgminer-client.js';
import { identify, minerInfo } from '../../protocols/cgminer-identity.js';
import { levelsWithOff, runningLevel } from '../knob-levels.js';
import { readBack } from '../read-back.js';
import { serialQueue } from '../serial.js';
import { luxosFanCap } from './luxos-fan.js';
import { type LuxProfile, type LuxReading, readLux, readProfiles } from './luxos-read.js';
import { LuxSessions } from './luxos-session.js';

const luxLevel = levelSchema.extend({
  profile: z
    .string()
    .min(1)
    .optional()
    .describe('LuxOS profile this level selects, as `profiles` names it (e.g. 290MHz)'),
});

const schema = minerBaseSchema
  .extend({
    type: z.literal('luxos'),
    host: z.string().min(1).describe('hostname or IP address of the miner'),
    port: z.number().int().min(1).max(65535).default(4028).describe('LuxOS (cgminer-style) API port'),
    levels: z.array(luxLevel).min(1).describe('running levels (off is implicit)'),
    settleMs: z
      .number()
      .int()
      .nonnegative()
      .default(3000)
      .describe('after a command, read back this long before reporting it was not taken (ms)'),
  })
  .strict();

type LuxConfig = z.infer<typeof schema>;
type LuxLevel = LuxConfig['levels'][number];

/** A profile name as a level id: `290MHz` → `p290mhz`. */
export function profileLevelId(name: string): string {
  return `p${name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;
}

function createLuxos(config: LuxConfig, deps: AdapterDeps): MinerAdapter {
  const client = createCgminerClient({ host: config.host, port: config.port, timeoutMs: config.timeoutMs });
  const sessions = new LuxSessions(client, { logger: deps.logger, minerId: config.id });
  const fanCap = luxosFanCap(client, sessions);
  const levels = levelsWithOff(config.levels);
  const serial = serialQueue();
  const canJoin: { value?: boolean } = {};
  const settleMs = Math.min(config.settleMs, 2 * config.timeoutMs);
  let profiles: LuxProfile[] | undefined;

  const read = () => readLux(client, canJoin);
  const levelOf = (r: LuxReading) =>
    runningLevel({
      configured: config.levels,
      settingOf: (l) => l.profile,
      current: r.profile,
      powerW: r.powerW,
    });

  async function confirm(done: (r: LuxReading) => boolean, sent: string): Promise<ApplyResult> {
    const { taken, last } = await readBack({
      read,
      done,
      settleMs,
      intervalMs: Math.min(500, settleMs || 500),
      clock: deps.clock,
    });
    if (taken) return { accepted: true };
    return {
      accepted: false,
      detail: `${sent}; still ${last.curtailed ? 'asleep' : 'awake'} at ${last.profile ?? '?'}`,
    };
  }

  async function knownProfile(name: string): Promise<void> {
    profiles ??= await readProfiles(client);
    if (!profiles.some((p) => p.name === name)) {
      profiles = undefined; // read them again next time: the user may add one
      throw new DeviceError(
        'UNSUPPORTED',
        `${config.id}: LuxOS has no profile "${name}"; ask \`hashheat probe luxos://${config.host}\` for the list`,
        false,
      );
    }
  }

  async function runAt(level: LuxLevel, before: LuxReading): Promise<ApplyResult> {
    const profile = level.profile;
    const needProfile = profile !== undefined && before.profile !== profile;
    if (!needProfile && !before.curtailed) return { accepted: true, detail: `already at ${level.id}` };
    if (profile !== undefined) await knownProfile(profile);
    await sessions.run(async (sid) => {
      if (before.curtailed) await client.command('curtail', `${sid},wakeup`);
      if (!needProfile) return;
      // pyasic/luxos-tooling: ATM would move the profile on its own; switch it off around profileset.
      const atm = (await client.command('atm')).sections.ATM?.[0]?.Enabled === true;
      if (atm) await client.command('atmset', `${sid},enabled=false`);
      await client.command('profileset', `${sid},${profile}`);
      if (atm) await client.command('atmset', `${sid},enabled=true`);
    });
    const sent = [before.curtailed ? 'woke up' : '', needProfile ? `set profile ${profile}` : ''].filter(
      Boolean,
    );
    return confirm((r) => !r.curtailed && (profile === undefined || r.profile === profile), sent.join(', '));
  }

  async function sleep(before: LuxReading): Promise<ApplyResult> {
    if (before.curtailed) return { accepted: true, detail: 'already asleep' };
    await sessions.run((sid) => client.command('curtail', `${sid},sleep`));
    return confirm((r) => r.curtailed, 'sent curtail sleep');
  }

  return {
    id: config.id,
    family: 'luxos',
    capabilities: {
      softStop: true,
      throttle: config.levels.filter((l) => l.profile !== undefined).length > 1,
      reportsPower: true,
    },
    levels: () => levels,
    status: () =>
      serial(async (): Promise<MinerStatus> => {
        const r = await read();
        const level = r.curtailed ? OFF : levelOf(r);
        return {
          reachable: true,
          running: !r.curtailed,
          ...(level ? { levelId: level.id } : {}),
          ...(r.powerW !== undefined ? { powerW: r.powerW } : {}),
          ...(r.ths !== undefined ? { ths: r.ths } : {}),
          ...(r.chipTempC !== undefined ? { chipTempC: r.chipTempC } : {}),
          ...(r.uptimeS !== undefined ? { uptimeS: r.uptimeS } : {}),
          at: deps.clock.now(),
        };
      }),
    apply: (level) =>
      serial(async () => {
        const target = level.id === OFF.id ? undefined : config.levels.find((l) => l.id === level.id);
        if (level.id !== OFF.id && !target)
          throw new DeviceError('UNSUPPORTED', `${config.id}: unknown level "${level.id}"`, false);
        const before = await read();
        return target ? runAt(target, before) : sleep(before);
      }),
    describe: () =>
      serial(
        async (): Promise<MinerInfo> =>
          minerInfo('luxos', identify(await client.command('version')), 'LuxOS miner'),
      ),
    setFanCapPercent: (percent) => serial(() => fanCap(percent)),
    async close() {},
  };
}

/** Antminers running Luxor's LuxOS: curtail sleep/wakeup and profiles as levels, in short logon sessions. */
export const luxosMiner = defineMiner({
  type: 'luxos',
  description: 'LuxOS (Luxor firmware for Antminers): curtail sleep/wakeup, profiles as levels',
  schema,
  create: createLuxos,
  fanControl: true,
  async probe(url, deps) {
    const { host, port } = probeEndpoint(url, 4028);
    const timeoutMs = probeTimeoutMs(url);
    const client = createCgminerClient({ host, port, timeoutMs });
    const identity = identify(await client.command('version'));
    if (identity.kind !== 'luxos')
      throw new DeviceError('UNSUPPORTED', `${host}:${port} answers as ${identity.kind}, not LuxOS`, false);
    const found = await readProfiles(client);
    // Each level carries the profile that selects it, so the suggested entry can name it.
    const running = found.map((p) => ({
      id: profileLevelId(p.name),
      powerW: p.powerW ?? 0,
      ths: p.ths ?? 0,
      profile: p.name,
    }));
    const levels: Level[] = [OFF, ...running.sort((a, b) => a.powerW - b.powerW)];
    const r = await readLux(client, {});
    const status: MinerStatus = {
      reachable: true,
      running: !r.curtailed,
      levelId: r.curtailed || !r.profile ? OFF.id : profileLevelId(r.profile),
      ...(r.powerW !== undefined ? { powerW: r.powerW } : {}),
      ...(r.ths !== undefined ? { ths: r.ths } : {}),
      ...(r.chipTempC !== undefined ? { chipTempC: r.chipTempC } : {}),
      ...(r.uptimeS !== undefined ? { uptimeS: r.uptimeS } : {}),
      at: deps.clock.now(),
    };
    const throttle = found.length > 1;
    return {
      info: minerInfo('luxos', identity, 'LuxOS miner'),
      status,
      levels,
      capabilities: { softStop: true, throttle, reportsPower: true },
    };
  },
  suggestConfig(result, url) {
    const { host, port } = probeEndpoint(url, 4028);
    const levels = result.levels.filter((l) => l.id !== OFF.id);
    return {
      fields: { type: 'luxos', host, ...(port !== 4028 ? { port } : {}), levels },
      notes: ['levels: one per LuxOS profile; keep the ones you want hashheat to choose between'],
    };
  },
});
