import { z } from 'zod';
import { levelSchema, minerBaseSchema } from '../../../config/common.js';
import { OFF } from '../../../src/core/model.js';
import type { Level, MinerStatus } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { ApplyResult, MinerAdapter, MinerInfo } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import { defineMiner } from '../../plugin.js';
import { deviceHttp, hostSchema, probeTarget } from '../http-target.js';
import { recentRead } from '../recent-read.js';
import { serialQueue } from '../serial.js';
import { axeosRequest, readSystemInfo, type SystemInfo } from './bitaxe-api.js';
import {
  type AsicSetting,
  capText,
  detectBackoff,
  sameSetting,
  settingOf,
  withinCap,
} from './bitaxe-backoff.js';
import { type BitaxeLevel, BOARD_NAMES, boardLevels, detectBoard } from './bitaxe-boards.js';
import { setBitaxeFanCap } from './bitaxe-fan.js';

const bitaxeLevelSchema = levelSchema
  .extend({
    frequencyMHz: z.number().int().positive().describe('ASIC frequency at this level (MHz)'),
    coreVoltageMV: z.number().int().positive().describe('ASIC core voltage at this level (mV)'),
  })
  .strict();

const schema = minerBaseSchema
  .extend({
    type: z.literal('bitaxe'),
    host: hostSchema,
    board: z
      .enum(BOARD_NAMES)
      .optional()
      .describe('board whose default levels (eco, stock) to use; default: detected from the device'),
    levels: z
      .array(bitaxeLevelSchema)
      .min(1)
      .optional()
      .describe('running levels, each with its frequencyMHz and coreVoltageMV (off is implicit)'),
    restartAfterChange: z
      .boolean()
      .default(false)
      .describe(
        'restart after a frequency/voltage change (only ESP-Miner before v2.2.0 and some forks need it)',
      ),
  })
  .strict();

type BitaxeConfig = z.infer<typeof schema>;

const matches = (info: SystemInfo, level: BitaxeLevel) =>
  Math.abs(info.frequency - level.frequencyMHz) < 0.5 && Math.round(info.coreVoltage) === level.coreVoltageMV;

function noPause(info: SystemInfo): DeviceError {
  return new DeviceError(
    'UNSUPPORTED',
    `AxeOS ${info.version ?? '(unknown version)'} cannot pause mining (POST /api/system/pause came with ` +
      'ESP-Miner v2.14.0): give this miner a companion smart plug to switch it off, or update its firmware',
    false,
  );
}

function createBitaxe(config: BitaxeConfig, deps: AdapterDeps): MinerAdapter {
  const device = deviceHttp({ host: config.host, defaultPort: 80, timeoutMs: config.timeoutMs });
  const serial = serialQueue();
  let pauseApi: boolean | undefined;
  let lastInfo: SystemInfo | undefined;
  const recent = recentRead<SystemInfo>(deps.clock);
  // Thermal back-off (issue 13): the reduced setting ESP-Miner saved after an overheat caps what hashheat
  // sets until someone changes the device's frequency or voltage; `commanded` is what hashheat last PATCHed.
  let cap: AsicSetting | undefined;
  let commanded: AsicSetting | undefined;
  let lastSeen: AsicSetting | undefined;
  let overheatSeen = false;

  const settings = (): BitaxeLevel[] => {
    if (config.levels) return [...config.levels].sort((a, b) => a.powerW - b.powerW);
    const board = config.board ?? (lastInfo ? detectBoard(lastInfo) : undefined);
    return board ? boardLevels(board) : [];
  };
  const levels = (): Level[] => [OFF, ...settings().map((l) => ({ id: l.id, powerW: l.powerW, ths: l.ths }))];

  async function info(): Promise<SystemInfo> {
    const read = await readSystemInfo(device.http);
    lastInfo = read;
    recent.remember(read);
    pauseApi = read.miningPaused !== undefined;
    observe(read);
    return read;
  }

  /** Follows the firmware's overheat protection: sets, keeps or clears the cap from what the device shows. */
  function observe(read: SystemInfo): void {
    if (read.overheat_mode) {
      overheatSeen = true; // cooling (v2.11+) or halted until cleared (older): the firmware owns the settings
      return;
    }
    const now = settingOf(read);
    const ours = commanded !== undefined && sameSetting(commanded, now);
    if (cap && !sameSetting(cap, now) && !(ours && withinCap(now, cap))) {
      const lower = detectBackoff(read, settings(), lastSeen);
      if (lower && withinCap(lower, cap)) cap = lower;
      else {
        deps.logger.info(
          { miner: config.id, ...now },
          'thermal cap cleared: the setting was changed on the device',
        );
        cap = undefined;
      }
    } else if (!cap) {
      const droppedAfterFlag =
        overheatSeen && lastSeen !== undefined && !sameSetting(lastSeen, now) && withinCap(now, lastSeen);
      const backedOff = droppedAfterFlag ? now : detectBackoff(read, settings(), lastSeen);
      if (backedOff && !ours) {
        cap = backedOff;
        deps.logger.warn({ miner: config.id, ...backedOff }, capText(backedOff));
      }
    }
    overheatSeen = false;
    lastSeen = now;
  }
  const post = (path: string) => axeosRequest(device.http, { method: 'POST', path });

  /**
   * What a command starts from: the status the tick has just read (issue 16: a command never re-reads
   * a status the tick already has), or a fresh read when the last one is older than a few seconds.
   */
  async function current(): Promise<SystemInfo> {
    return recent.get() ?? info();
  }

  async function pause(): Promise<ApplyResult> {
    const before = await current();
    if (before.miningPaused === true) return { accepted: true };
    if (!pauseApi) throw noPause(before);
    await post('/api/system/pause').catch((error: unknown) => {
      throw error instanceof DeviceError && error.code === 'UNSUPPORTED' ? noPause(before) : error;
    });
    const after = await info();
    return after.miningPaused ? { accepted: true } : { accepted: false, detail: 'still mining after pause' };
  }

  async function run(level: BitaxeLevel): Promise<ApplyResult> {
    const before = await current();
    if (before.overheat_mode)
      return { accepted: false, detail: 'overheat safe mode: ESP-Miner is cooling down; nothing sent' };
    if (cap && !withinCap(level, cap)) {
      // Never PATCH the configured level back over the firmware's protection; mine on at the cap.
      if (before.miningPaused === true) await post('/api/system/resume');
      const above = `${level.id} (${level.frequencyMHz} MHz / ${level.coreVoltageMV} mV) is above it`;
      return { accepted: false, detail: `${capText(cap)}; ${above}` };
    }
    const change = !matches(before, level);
    if (change) {
      const body = { frequency: level.frequencyMHz, coreVoltage: level.coreVoltageMV };
      commanded = { frequencyMHz: level.frequencyMHz, coreVoltageMV: level.coreVoltageMV };
      try {
        await axeosRequest(device.http, { method: 'PATCH', path: '/api/system', body });
      } catch (error) {
        if (error instanceof DeviceError && error.code === 'REFUSED')
          return { accepted: false, detail: error.message };
        throw error;
      }
    }
    if (before.miningPaused === true) await post('/api/system/resume');
    const after = await info();
    if (!matches(after, level))
      return { accepted: false, detail: `device reports ${after.frequency} MHz / ${after.coreVoltage} mV` };
    if (after.miningPaused === true) return { accepted: false, detail: 'still paused after resume' };
    if (change && config.restartAfterChange) {
      await post('/api/system/restart');
      return { accepted: true, detail: 'restarting to apply the new frequency and voltage' };
    }
    return { accepted: true };
  }

  return {
    id: config.id,
    family: 'bitaxe',
    get capabilities() {
      return { softStop: pauseApi !== false, throttle: settings().length > 1, reportsPower: true };
    },
    levels,
    status: () =>
      serial(async (): Promise<MinerStatus> => {
        const read = await info();
        const paused = read.miningPaused === true;
        const level = settings().find((l) => matches(read, l));
        // In safe mode the firmware has stopped mining (mining_stop in power_management_task.c).
        const status: MinerStatus = {
          reachable: true,
          running: !paused && !read.overheat_mode,
          at: deps.clock.now(),
        };
        status.levelId = paused
          ? OFF.id
          : (level?.id ?? `custom-${Math.round(read.frequency)}mhz-${Math.round(read.coreVoltage)}mv`);
        if (read.power !== undefined) status.powerW = read.power;
        if (read.hashRate !== undefined) status.ths = read.hashRate / 1000;
        if (read.temp !== undefined) status.chipTempC = read.temp;
        if (read.uptimeSeconds !== undefined) status.uptimeS = read.uptimeSeconds;
        if (read.overheat_mode) status.error = 'overheat safe mode: the firmware stopped mining to cool down';
        else if (cap) status.error = capText(cap);
        return status;
      }),
    apply: (level) =>
      serial(async () => {
        if (level.id === OFF.id) return pause();
        const setting = settings().find((l) => l.id === level.id);
        return setting
          ? run(setting)
          : { accepted: false, detail: `no frequency/voltage known for level ${level.id}` };
      }),
    describe: () =>
      serial(async (): Promise<MinerInfo> => {
        const read = await info();
        if (!read.ASICModel)
          throw new DeviceError('UNSUPPORTED', 'no ASICModel in /api/system/info: not AxeOS', false);
        const board = config.board ?? detectBoard(read);
        return {
          family: 'bitaxe',
          model: board ? `Bitaxe ${board} (${read.ASICModel})` : read.ASICModel,
          firmware: read.version,
          serial: read.macAddr,
        };
      }),
    setFanCapPercent: (percent) => serial(() => setBitaxeFanCap(device.http, percent)),
    async close() {
      device.close();
    },
  };
}

/** Bitaxe and other ESP-Miner (AxeOS) boards: frequency/voltage levels via PATCH, pause/resume on v2.14+. */
export const bitaxeMiner = defineMiner({
  type: 'bitaxe',
  description: 'Bitaxe / ESP-Miner (AxeOS) over HTTP: frequency and voltage levels, pause/resume',
  schema,
  create: createBitaxe,
  fanControl: true,
  async probe(url, deps) {
    const target = probeTarget(url, 'bitaxe');
    const adapter = createBitaxe(schema.parse({ id: 'probe', type: 'bitaxe', host: target.host }), deps);
    try {
      const info = await adapter.describe!();
      const status = await adapter.status();
      return { info, status, levels: adapter.levels(), capabilities: adapter.capabilities };
    } finally {
      await adapter.close();
    }
  },
  suggestConfig(result, url) {
    const fields = { type: 'bitaxe', host: probeTarget(url, 'bitaxe').host };
    const notes: string[] = [];
    if (result.levels.length <= 1)
      notes.push('board not recognised: add levels with frequencyMHz and coreVoltageMV');
    if (result.capabilities?.softStop === false)
      notes.push('this firmware cannot pause (before ESP-Miner v2.14.0): update it or add a companion plug');
    return notes.length > 0 ? { fields, notes } : { fields };
  },
});
