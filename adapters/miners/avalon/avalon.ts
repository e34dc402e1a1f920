import { OFF } from '../../../src/core/model.js';
import type { Level, MinerStatus } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { ApplyResult, MinerAdapter, MinerCapabilities } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import { defineMiner } from '../../plugin.js';
import { probeEndpoint, probeTimeoutMs } from '../../probe-url.js';
import { createCgminerClient } from '../../protocols/cgminer-client.js';
import { identify, minerInfo } from '../../protocols/cgminer-identity.js';
import { readBack } from '../read-back.js';
import { type AvalonConfig, avalonSchema } from './avalon-config.js';
import { type AvalonDevice, createAvalonDevice } from './avalon-device.js';
import type { AvalonEstats } from './avalon-estats.js';
import { AVALON_MODELS, type AvalonLevel, detectModel } from './avalon-models.js';

/** The Avalon adapter, plus asking the firmware what it can do (for `hashheat probe`). */
export interface AvalonAdapter extends MinerAdapter {
  detectCapabilities(): Promise<MinerCapabilities>;
}

/** Builds an Avalon adapter: levels from work modes, soft off/on where the firmware has it. */
export function createAvalonAdapter(config: AvalonConfig, deps: AdapterDeps): AvalonAdapter {
  const spec = AVALON_MODELS[config.model];
  const modeCommand = config.modeCommand ?? spec.modeCommand;
  const running: AvalonLevel[] = [...(config.levels ?? spec.levels)].sort((a, b) => a.powerW - b.powerW);
  const levels: Level[] = [OFF, ...running.map(({ id, powerW, ths }) => ({ id, powerW, ths }))];
  const client = createCgminerClient({
    host: config.host,
    port: config.port,
    timeoutMs: config.timeoutMs,
    form: config.apiForm,
  });
  const device: AvalonDevice = createAvalonDevice(client, deps.clock);
  let modeBlockedUntil = 0;
  let modelChecked = false;

  const modeOf = (e: AvalonEstats) => (modeCommand === 'workmode' ? e.workmode : e.worklevel);
  const levelOf = (e: AvalonEstats) => (e.running ? running.find((l) => l.workmode === modeOf(e)) : OFF);
  // A soft off/on scheduled for later (SoftOffTime / SoftOnTime ahead of the device clock) will still flip it.
  const pending = (e: AvalonEstats, atS: number | undefined, otherS: number | undefined) =>
    atS !== undefined && e.whenS !== undefined && atS > e.whenS && atS > (otherS ?? 0);
  const pendingOff = (e: AvalonEstats) => pending(e, e.softOffAtS, e.softOnAtS);
  const pendingOn = (e: AvalonEstats) => pending(e, e.softOnAtS, e.softOffAtS);
  const at = (e: AvalonEstats, level: Level) =>
    level.id === 'off'
      ? !e.running && !pendingOn(e)
      : e.running && !pendingOff(e) && levelOf(e)?.id === level.id;

  const toStatus = (e: AvalonEstats): MinerStatus => {
    const level = levelOf(e);
    const { powerW, ths, chipTempC, uptimeS } = e;
    const measured = { powerW, ths, chipTempC, uptimeS };
    const present = Object.fromEntries(Object.entries(measured).filter(([, v]) => v !== undefined));
    return {
      reachable: true,
      running: e.running,
      ...(level ? { levelId: level.id } : {}),
      ...present,
      at: deps.clock.now(),
    };
  };

  const capabilities = (): MinerCapabilities => {
    const known = config.softOff === 'auto' ? device.knownSoftOff() : config.softOff;
    return {
      softStop: known === true,
      throttle: running.length > 1,
      reportsPower: true,
      // Without soft off nothing but a plug stops it; unknown until the firmware has been asked.
      ...(known === false ? { switchesOff: false } : {}),
    };
  };
  const softOffAvailable = async () => (config.softOff === 'auto' ? device.hasSoftOff() : config.softOff);

  // Never read back longer than the agent allows an apply (3 × timeoutMs in MinerSupervisor).
  const settleMs = Math.min(config.settleMs, 2 * config.timeoutMs);
  const confirm = async (level: Level, sent: string): Promise<ApplyResult> => {
    const { taken, last } = await readBack({
      read: () => device.read(),
      done: (e) => at(e, level),
      settleMs,
      intervalMs: 1000,
      clock: deps.clock,
    });
    if (taken) return { accepted: true };
    const now = last.running
      ? `hashing in ${modeCommand} ${modeOf(last) ?? '?'}`
      : `idle (${last.state ?? 'soft off'})`;
    return { accepted: false, detail: `${sent}; after ${settleMs} ms the device is ${now}` };
  };

  const toOff = async (before: AvalonEstats): Promise<ApplyResult> => {
    if (at(before, OFF)) return { accepted: true, detail: 'already off' };
    if (!(await softOffAvailable())) {
      throw new DeviceError(
        'UNSUPPORTED',
        `${config.id}: this Avalon firmware has no soft off (ascset|0,help lists no softoff); pair it with a smart plug`,
        false,
      );
    }
    const msg = await device.softSwitch('softoff', config.softSwitchLeadS);
    return confirm(OFF, `softoff: ${msg}`);
  };

  const toRunning = async (before: AvalonEstats, target: AvalonLevel): Promise<ApplyResult> => {
    if (at(before, target)) return { accepted: true, detail: `already at ${target.id}` };
    const sent: string[] = [];
    const modeChange = modeOf(before) !== target.workmode;
    const now = deps.clock.now();
    if (modeChange && now < modeBlockedUntil) {
      const retry = new Date(modeBlockedUntil).toISOString();
      return { accepted: false, detail: `mode change held back until ${retry} (the device was calibrating)` };
    }
    if (!before.running || pendingOff(before)) {
      if (before.state === 'init')
        return { accepted: false, detail: 'the device is still starting (In Init)' };
      // Firmware without soft off has no softon either: it idles for its own reasons; the mode change still goes out.
      if (await softOffAvailable())
        sent.push(`softon: ${await device.softSwitch('softon', config.softSwitchLeadS)}`);
    }
    if (modeChange) {
      try {
        await device.setMode(modeCommand, target.workmode);
        sent.push(`${modeCommand} ${target.workmode}`);
      } catch (error) {
        // "current mode N is caling Don't permit switch mode" (ADJ[0]): never hammer, try again later.
        if (!(error instanceof DeviceError) || error.code !== 'REFUSED' || !error.retryable) throw error;
        modeBlockedUntil = now + config.calibrationRetryS * 1000;
        return { accepted: false, detail: `${error.message}; retrying after ${config.calibrationRetryS} s` };
      }
    }
    return confirm(target, sent.join(', '));
  };

  const checkModel = async () => {
    const version = await client.command('version');
    const detected = detectModel(version.sections.VERSION?.[0] ?? {});
    if (!modelChecked && detected && detected !== config.model) {
      deps.logger.warn(
        { miner: config.id, configured: config.model, detected },
        'Avalon model differs from config',
      );
    }
    modelChecked = true;
    return minerInfo('avalon', identify(version), spec.label);
  };

  return {
    id: config.id,
    family: 'avalon',
    get capabilities() {
      return capabilities();
    },
    levels: () => levels,
    async status() {
      // Ask the firmware once whether it has soft off, so the agent knows before deciding whether off is reachable.
      if (config.softOff === 'auto' && device.knownSoftOff() === undefined)
        await device.hasSoftOff().catch(() => undefined);
      return toStatus(await device.read());
    },
    async apply(level) {
      const before = async () => device.read();
      if (level.id === 'off') return toOff(await before());
      const target = running.find((l) => l.id === level.id);
      if (!target) throw new DeviceError('UNSUPPORTED', `${config.id}: unknown level "${level.id}"`, false);
      return toRunning(await before(), target);
    },
    describe: checkModel,
    async detectCapabilities() {
      if (config.softOff === 'auto') await device.hasSoftOff();
      return capabilities();
    },
    async close() {},
  };
}

/** Canaan Avalon Nano 3 / 3S, Mini 3 and Q over the cgminer API (work modes, soft off/on where supported). */
export const avalonMiner = defineMiner({
  type: 'avalon',
  description:
    'Canaan Avalon Nano 3/3S, Mini 3, Q: work modes as levels, soft off/on where the firmware has it',
  schema: avalonSchema,
  create: createAvalonAdapter,
  async probe(url, deps) {
    const { host, port } = probeEndpoint(url, 4028);
    const timeoutMs = probeTimeoutMs(url);
    const version = await createCgminerClient({ host, port, timeoutMs }).command('version');
    const identity = identify(version);
    if (identity.kind !== 'avalon') {
      throw new DeviceError(
        'UNSUPPORTED',
        `${host}:${port} answers as ${identity.kind}, not an Avalon`,
        false,
      );
    }
    const model = detectModel(version.sections.VERSION?.[0] ?? {}) ?? 'nano3s';
    const adapter = createAvalonAdapter(
      avalonSchema.parse({ id: 'probe', type: 'avalon', host, port, timeoutMs, model }),
      deps,
    );
    const status = await adapter.status();
    const capabilities = await adapter.detectCapabilities();
    const info = minerInfo('avalon', identity, AVALON_MODELS[model].label);
    return { info, status, levels: adapter.levels(), capabilities };
  },
  suggestConfig(result, url) {
    const { host, port } = probeEndpoint(url, 4028);
    const model = detectModel({ PROD: result.info.model ?? '' });
    const fields = { type: 'avalon', host, ...(port !== 4028 ? { port } : {}), ...(model ? { model } : {}) };
    if (result.capabilities?.softStop !== false) return { fields };
    return { fields, notes: ['this firmware has no soft off: add a companion plug to switch the miner off'] };
  },
});
