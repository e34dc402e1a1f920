import { OFF } from '../../../src/core/model.js';
import type { Level, MinerStatus } from '../../../src/core/types.js';
import type { ApplyResult, Deps, MinerAdapter } from '../../../src/ports.js';

/** A relay's state as read back from the device. */
export interface SwitchState {
  on: boolean;
  /** Measured power through the relay (W), when the device meters and the value is fresh. */
  powerW?: number;
}

/**
 * A switch (plug, relay, HA switch entity): read the relay, set it. Same shape as the companion
 * plugs' `PowerSwitch`, so one implementation serves both. Errors are DeviceErrors.
 */
export interface SwitchDevice {
  /** Short name for logs, e.g. `tasmota tasmota_A1B2C3`. */
  readonly label: string;
  /** Whether `read` can report power. */
  readonly meters: boolean;
  read(): Promise<SwitchState>;
  /** Switches the relay and waits (bounded) for the device to confirm; callers read back. */
  set(on: boolean): Promise<void>;
  close(): Promise<void>;
}

/** What a switched miner needs besides its device. */
export interface SwitchedMinerOptions {
  id: string;
  family: string;
  /** The one running level (power and hashrate when the relay is on). */
  level: Level;
}

/**
 * A miner that is only a relay: `off` and one running level. Status is the relay's read-back
 * (power measured by the device when it meters); apply switches and reads back.
 */
export function switchedMiner(device: SwitchDevice, options: SwitchedMinerOptions, deps: Deps): MinerAdapter {
  const levels: Level[] = [OFF, options.level];
  const toStatus = (state: SwitchState): MinerStatus => ({
    reachable: true,
    running: state.on,
    levelId: state.on ? options.level.id : OFF.id,
    ...(state.powerW !== undefined ? { powerW: state.powerW } : {}),
    ...(state.on ? { ths: options.level.ths } : { ths: 0 }),
    at: deps.clock.now(),
  });
  return {
    id: options.id,
    family: options.family,
    capabilities: { softStop: false, throttle: false, reportsPower: device.meters },
    levels: () => levels,
    async status() {
      return toStatus(await device.read());
    },
    async apply(level): Promise<ApplyResult> {
      const want = level.id !== OFF.id;
      await device.set(want);
      const state = await device.read();
      return state.on === want
        ? { accepted: true }
        : { accepted: false, detail: `${device.label} still ${state.on ? 'on' : 'off'}` };
    },
    async describe() {
      return { family: options.family, model: device.label };
    },
    close: () => device.close(),
  };
}

/** A device that cannot work (e.g. no MQTT connection configured): every call fails with `error`. */
export function unusableDevice(label: string, error: Error): SwitchDevice {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return { label, meters: false, read: fail, set: fail, close: async () => undefined };
}
