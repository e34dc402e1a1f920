import { z } from 'zod';
import { levelSchema, minerBaseSchema } from '../../../config/common.js';
import { OFF } from '../../../src/core/model.js';
import type { MinerStatus } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { ApplyResult, MinerAdapter, MinerInfo } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import { defineMiner } from '../../plugin.js';
import { envReference, probeEndpoint, probeTimeoutMs } from '../../probe-url.js';
import { createCgminerClient } from '../../protocols/cgminer-client.js';
import { identify, minerInfo } from '../../protocols/cgminer-identity.js';
import { readingsOf, toNumber } from '../cgminer-readings.js';
import { levelsWithOff } from '../knob-levels.js';
import { readBack } from '../read-back.js';
import { serialQueue } from '../serial.js';
import { createAntminerWeb } from './antminer-web.js';

/** Stock firmware `miner-mode` values (pyasic `config/mining`): 0 normal, 1 sleep, 3 low power. */
const MODES = { normal: 0, sleep: 1, low: 3 } as const;

const antminerLevel = levelSchema.extend({
  mode: z
    .enum(['normal', 'low'])
    .default('normal')
    .describe('work mode this level sets: normal or low (power)'),
});

const schema = minerBaseSchema
  .extend({
    type: z.literal('antminer'),
    host: z.string().min(1).describe('hostname or IP address of the miner'),
    port: z.number().int().min(1).max(65535).default(4028).describe('cgminer (bmminer) API port, for status'),
    webPort: z.number().int().min(1).max(65535).default(80).describe('web UI port, for control'),
    username: z.string().min(1).default('root').describe('web UI user (stock: root)'),
    password: z
      .string()
      .min(1)
      .default('root')
      .describe('web UI password (stock: root; from the environment)'),
    modeAsString: z.boolean().default(false).describe('send miner-mode as "0" instead of 0 (some firmwares)'),
    levels: z
      .array(antminerLevel)
      .min(1)
      .max(2)
      .refine((ls) => new Set(ls.map((l) => l.mode)).size === ls.length, 'one level per mode')
      .describe('running levels (off = sleep): at most one normal and one low'),
    settleMs: z
      .number()
      .int()
      .nonnegative()
      .default(3000)
      .describe('after a mode change, read back this long before reporting it was not taken (ms)'),
  })
  .strict();

type AntminerConfig = z.infer<typeof schema>;

function modeName(mode: number | undefined): string {
  return Object.entries(MODES).find(([, v]) => v === mode)?.[0] ?? `mode ${mode ?? '?'}`;
}

function createAntminer(config: AntminerConfig, deps: AdapterDeps): MinerAdapter {
  const api = createCgminerClient({ host: config.host, port: config.port, timeoutMs: config.timeoutMs });
  const web = createAntminerWeb({ ...config, port: config.webPort });
  const levels = levelsWithOff(config.levels);
  const serial = serialQueue();
  const settleMs = Math.min(config.settleMs, 2 * config.timeoutMs);

  async function readConf(): Promise<{ conf: Record<string, unknown>; mode?: number }> {
    const conf = await web.get('get_miner_conf');
    const mode = toNumber(conf['bitmain-work-mode'] ?? conf['miner-mode']);
    return mode === undefined ? { conf } : { conf, mode };
  }

  /** A full config write with the new mode (stock firmware has no stop command: reference §1.5). */
  async function writeMode(conf: Record<string, unknown>, mode: number): Promise<void> {
    const pools = (Array.isArray(conf.pools) ? conf.pools : []).map((p: Record<string, unknown>) => ({
      url: p.url,
      user: p.user,
      pass: p.pass,
    }));
    const reply = await web.post('set_miner_conf', {
      'bitmain-fan-ctrl': conf['bitmain-fan-ctrl'] ?? false,
      'bitmain-fan-pwm': conf['bitmain-fan-pwm'] ?? '100',
      'freq-level': conf['bitmain-freq-level'] ?? '100',
      'miner-mode': config.modeAsString ? String(mode) : mode,
      pools,
    });
    if (reply.code !== undefined && reply.code !== 'M000')
      throw new DeviceError(
        'REFUSED',
        `${config.id}: set_miner_conf answered ${String(reply.code)} ${String(reply.msg ?? '')}`,
        true,
      );
  }

  async function setMode(mode: number): Promise<ApplyResult> {
    const before = await readConf();
    if (before.mode === mode) return { accepted: true, detail: `already ${modeName(mode)}` };
    await writeMode(before.conf, mode);
    const { taken, last } = await readBack({
      read: readConf,
      done: (r) => r.mode === mode,
      settleMs,
      intervalMs: Math.min(500, settleMs || 500),
      clock: deps.clock,
    });
    if (taken) return { accepted: true };
    const hint = config.modeAsString
      ? ''
      : '; if this firmware wants the mode as text, set modeAsString: true';
    return {
      accepted: false,
      detail: `asked ${modeName(mode)}, miner still in ${modeName(last.mode)}${hint}`,
    };
  }

  return {
    id: config.id,
    family: 'antminer',
    capabilities: { softStop: true, throttle: config.levels.length > 1, reportsPower: false },
    levels: () => levels,
    status: () =>
      serial(async (): Promise<MinerStatus> => {
        const [stats, conf] = await Promise.all([api.command('stats'), readConf()]);
        const readings = readingsOf(undefined, [], stats.sections.STATS ?? []);
        const running = conf.mode !== MODES.sleep;
        const level = running
          ? (config.levels.find((l) => MODES[l.mode] === conf.mode) ?? config.levels[0])
          : OFF;
        return {
          reachable: true,
          running,
          ...(level ? { levelId: level.id } : {}),
          ...readings,
          at: deps.clock.now(),
        };
      }),
    apply: (level) =>
      serial(async () => {
        if (level.id === OFF.id) return setMode(MODES.sleep);
        const target = config.levels.find((l) => l.id === level.id);
        if (!target) throw new DeviceError('UNSUPPORTED', `${config.id}: unknown level "${level.id}"`, false);
        return setMode(MODES[target.mode]);
      }),
    describe: () =>
      serial(async (): Promise<MinerInfo> => {
        const info = minerInfo('antminer', identify(await api.command('version')), 'Antminer');
        const system = await web.get('get_system_info').catch(() => ({}) as Record<string, unknown>);
        return {
          ...info,
          ...(typeof system.minertype === 'string' ? { model: system.minertype } : {}),
          ...(typeof system.macaddr === 'string' ? { serial: system.macaddr } : {}),
        };
      }),
    async close() {
      web.close();
    },
  };
}

/** Stock Bitmain Antminers: status over the cgminer API, sleep / normal / low power over the web CGI. */
export const antminerMiner = defineMiner({
  type: 'antminer',
  description: 'stock Bitmain Antminer firmware: sleep, normal and low-power modes (pair a metering plug)',
  schema,
  create: createAntminer,
  async probe(url, deps) {
    const { host, port } = probeEndpoint(url, 4028);
    const timeoutMs = probeTimeoutMs(url);
    const identity = identify(await createCgminerClient({ host, port, timeoutMs }).command('version'));
    if (identity.kind !== 'antminer')
      throw new DeviceError(
        'UNSUPPORTED',
        `${host}:${port} answers as ${identity.kind}, not stock bmminer`,
        false,
      );
    const username = decodeURIComponent(url.username) || 'root';
    const password = decodeURIComponent(url.password) || 'root';
    const webPort = Number(url.searchParams.get('webPort') ?? 80);
    const config = schema.parse({
      id: 'probe',
      type: 'antminer',
      host,
      port,
      webPort,
      username,
      password,
      timeoutMs,
      levels: [
        { id: 'low', powerW: 0, ths: 0, mode: 'low' },
        { id: 'normal', powerW: 0, ths: 0, mode: 'normal' },
      ],
    });
    const adapter = createAntminer(config, deps);
    try {
      const status = await adapter.status().catch((error: unknown) => {
        if (error instanceof DeviceError && error.code === 'AUTH')
          throw new DeviceError(
            'AUTH',
            `${error.message}; a stock Antminer answered: probe antminer://root:PASSWORD@${host}`,
            false,
          );
        throw error;
      });
      const info = { ...(await adapter.describe!()), family: 'antminer' };
      // Power is unknown on stock firmware; the hashrate only for the mode the miner is in.
      const ths = Number((status.ths ?? 0).toFixed(2));
      const levels = (['low', 'normal'] as const).map((mode) => ({
        id: mode,
        powerW: 0,
        ths: status.levelId === mode ? ths : 0,
        mode,
      }));
      return { info, status, levels: [OFF, ...levels], capabilities: adapter.capabilities };
    } finally {
      await adapter.close();
    }
  },
  suggestConfig(result, url) {
    const { host, port } = probeEndpoint(url, 4028);
    const webPort = Number(url.searchParams.get('webPort') ?? 80);
    const password = decodeURIComponent(url.password);
    const username = decodeURIComponent(url.username);
    const notes = [
      'powerW 0 is a placeholder: stock firmware does not report power; measure each mode at the wall or add a metering companion plug',
    ];
    const levels = result.levels.filter((l) => l.id !== OFF.id);
    if (levels.some((l) => l.ths === 0))
      notes.push('ths 0 is a placeholder for the mode the miner was not in: put its hashrate (TH/s)');
    if (password && password !== 'root') notes.push('set ANTMINER_PASSWORD to the web UI password');
    return {
      fields: {
        type: 'antminer',
        host,
        ...(port !== 4028 ? { port } : {}),
        ...(webPort !== 80 ? { webPort } : {}),
        ...(username && username !== 'root' ? { username } : {}),
        ...(password && password !== 'root' ? { password: envReference('ANTMINER_PASSWORD') } : {}),
        levels,
      },
      notes,
    };
  },
});
