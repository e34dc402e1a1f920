import { z } from 'zod';
import { minerBaseSchema } from '../../../config/common.js';
import { OFF } from '../../../src/core/model.js';
import type { Level, MinerStatus } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { MinerAdapter, MinerInfo } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import { defineMiner } from '../../plugin.js';
import { probeEndpoint, probeTimeoutMs } from '../../probe-url.js';
import { type CgminerClient, createCgminerClient } from '../../protocols/cgminer-client.js';
import { identify, minerInfo } from '../../protocols/cgminer-identity.js';
import { type CgminerReadings, readingsOf } from '../cgminer-readings.js';
import { readBack } from '../read-back.js';

const commandSchema = z
  .object({
    command: z.string().min(1).describe('cgminer API command, e.g. pause'),
    parameter: z.string().optional().describe('its parameter as one comma-separated string'),
  })
  .strict();

const schema = minerBaseSchema.extend({
  type: z.literal('cgminer'),
  host: z.string().min(1).describe('hostname or IP address of the miner'),
  port: z.number().int().min(1).max(65535).default(4028).describe('cgminer API port'),
  apiForm: z.enum(['json', 'text']).default('json').describe('request syntax: JSON or cmd|param text'),
  levels: minerBaseSchema.shape.levels
    .unwrap()
    .describe('running levels (off is implicit); a generic cgminer cannot switch between them'),
  control: z
    .object({ off: commandSchema, on: commandSchema })
    .strict()
    .optional()
    .describe('API commands that stop and resume hashing, for firmwares that have them; else pair a plug'),
  settleMs: z
    .number()
    .int()
    .nonnegative()
    .default(3000)
    .describe('after a command, read back this long before reporting it was not taken (ms)'),
});

/** A parsed `cgminer` miner config. */
export type CgminerConfig = z.infer<typeof schema>;

/** The level nearest to a measured hashrate (the running level a generic cgminer is at). */
function nearestLevel(levels: readonly Level[], ths: number): Level | undefined {
  const running = levels.filter((l) => l.id !== 'off');
  return running.reduce<Level | undefined>(
    (best, l) => (!best || Math.abs(l.ths - ths) < Math.abs(best.ths - ths) ? l : best),
    undefined,
  );
}

async function readDevice(client: CgminerClient, canJoin: { value?: boolean }): Promise<CgminerReadings> {
  if (canJoin.value !== false) {
    try {
      const parts = await client.multi(['summary', 'devs', 'stats']);
      canJoin.value = true;
      const rows = (cmd: string, section: string) => {
        const part = parts[cmd];
        return part instanceof DeviceError || !part ? [] : (part.sections[section] ?? []);
      };
      if (parts.summary instanceof DeviceError) throw parts.summary;
      return readingsOf(rows('summary', 'SUMMARY')[0], rows('devs', 'DEVS'), rows('stats', 'STATS'));
    } catch (error) {
      // Some firmwares break on joined commands (pyasic falls back for the S19): ask one by one from now on.
      if (!(error instanceof DeviceError) || !['UNSUPPORTED', 'REFUSED'].includes(error.code)) throw error;
      canJoin.value = false;
    }
  }
  const summary = await client.command('summary');
  return readingsOf(summary.sections.SUMMARY?.[0], [], []);
}

/** Builds a generic cgminer adapter (also used by `probe` with levels made up from the measured hashrate). */
export function createCgminerAdapter(config: CgminerConfig, deps: AdapterDeps): MinerAdapter {
  const client = createCgminerClient({
    host: config.host,
    port: config.port,
    timeoutMs: config.timeoutMs,
    form: config.apiForm,
  });
  const levels: Level[] = [OFF, ...[...config.levels].sort((a, b) => a.powerW - b.powerW)];
  const canJoin: { value?: boolean } = {};

  const status = async (): Promise<MinerStatus> => {
    const readings = await readDevice(client, canJoin);
    const running = (readings.ths ?? 0) > 0;
    const level = running ? nearestLevel(levels, readings.ths ?? 0) : OFF;
    return {
      reachable: true,
      running,
      ...(level ? { levelId: level.id } : {}),
      ...readings,
      at: deps.clock.now(),
    };
  };

  return {
    id: config.id,
    family: 'cgminer',
    capabilities: { softStop: config.control !== undefined, throttle: false, reportsPower: false },
    levels: () => levels,
    status,
    async apply(level) {
      const target = levels.find((l) => l.id === level.id);
      if (!target) throw new DeviceError('UNSUPPORTED', `${config.id}: unknown level "${level.id}"`, false);
      const before = await status();
      const wantRunning = target.id !== 'off';
      if (before.running === wantRunning && (!wantRunning || before.levelId === target.id)) {
        return { accepted: true, detail: `already ${wantRunning ? `at ${target.id}` : 'off'}` };
      }
      if (!config.control) {
        throw new DeviceError(
          'UNSUPPORTED',
          `${config.id}: this cgminer firmware has no remote on/off; pair the miner with a smart plug`,
          false,
        );
      }
      if (before.running && wantRunning) {
        throw new DeviceError(
          'UNSUPPORTED',
          `${config.id}: a generic cgminer cannot change its running level`,
          false,
        );
      }
      const step = wantRunning ? config.control.on : config.control.off;
      // Never read back longer than the agent allows an apply (3 × timeoutMs in MinerSupervisor).
      const settleMs = Math.min(config.settleMs, 2 * config.timeoutMs);
      await client.command(step.command, step.parameter);
      const { taken, last } = await readBack({
        read: status,
        done: (s) => s.running === wantRunning,
        settleMs,
        intervalMs: Math.min(500, settleMs || 500),
        clock: deps.clock,
      });
      if (taken) return { accepted: true };
      const hashrate = last.ths === undefined ? '' : ` (${last.ths.toFixed(2)} TH/s)`;
      return {
        accepted: false,
        detail: `sent ${step.command}, still ${last.running ? 'hashing' : 'idle'}${hashrate}`,
      };
    },
    async describe(): Promise<MinerInfo> {
      return minerInfo('cgminer', identify(await client.command('version')), 'cgminer device');
    },
    async close() {},
  };
}

/** Generic cgminer-API miners (stock cgminer/bmminer): read-only unless the firmware has on/off commands. */
export const cgminerMiner = defineMiner({
  type: 'cgminer',
  description: 'any miner with the cgminer RPC API on TCP 4028 (read-only unless `control` is set)',
  schema,
  create: createCgminerAdapter,
  async probe(url, deps) {
    const { host, port } = probeEndpoint(url, 4028);
    const timeoutMs = probeTimeoutMs(url);
    const identity = identify(await createCgminerClient({ host, port, timeoutMs }).command('version'));
    // A bare host tries every family: leave devices with their own family to that family's probe.
    if (url.protocol !== 'cgminer:' && !['cgminer', 'antminer'].includes(identity.kind)) {
      throw new DeviceError(
        'UNSUPPORTED',
        `${host}:${port} is a ${identity.kind} miner; probe ${identity.kind}://`,
        false,
      );
    }
    const base = { id: 'probe', type: 'cgminer' as const, host, port, timeoutMs, apiForm: 'json' as const };
    const first = schema.parse({ ...base, levels: [{ id: 'on', powerW: 0, ths: 0 }] });
    const measured = await createCgminerAdapter(first, deps).status();
    const on = { id: 'on', powerW: 0, ths: Number((measured.ths ?? 0).toFixed(3)) };
    const status: MinerStatus = { ...measured, levelId: measured.running ? 'on' : 'off' };
    const info = minerInfo('cgminer', identity, 'cgminer device');
    return {
      info,
      status,
      levels: [OFF, on],
      capabilities: { softStop: false, throttle: false, reportsPower: false },
    };
  },
  suggestConfig(result, url) {
    const { host, port } = probeEndpoint(url, 4028);
    const ths = result.levels.find((l) => l.id !== 'off')?.ths ?? 0;
    const notes = ['powerW 0 is a placeholder: the device does not report power; measure it at the wall (W)'];
    if (ths === 0) notes.push('ths 0 is a placeholder: the miner was not hashing; put its hashrate (TH/s)');
    notes.push('no remote on/off: add `control` if the firmware has pause/resume, else a companion plug');
    const levels = [{ id: 'on', powerW: 0, ths }];
    return { fields: { type: 'cgminer', host, ...(port !== 4028 ? { port } : {}), levels }, notes };
  },
});
