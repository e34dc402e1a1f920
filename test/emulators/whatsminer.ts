import type { EmulatorHandle, Fault } from '../contract/miner-contract.js';
import { startTcpEmulator } from './tcp-emulator.js';
import { startWhatsminerV2 } from './whatsminer-v2.js';
import { startWhatsminerV3 } from './whatsminer-v3.js';

/** How an emulated Whatsminer behaves. */
export interface WhatsminerEmulatorOptions {
  /** API of the firmware: v3 (2024-11 and later) also answers reads on the v2 port, v2 has no 4433. */
  firmware?: 'v2' | 'v3';
  /** Admin (v2) / super (v3) password. */
  password?: string;
  /** The API switch (WhatsMinerTool); off by default on real miners. */
  writesEnabled?: boolean;
  /** Power limit at start (W). */
  powerLimitW?: number;
  /** Highest limit the miner accepts (its standard power, W). */
  maxPowerLimitW?: number;
  /** How long a power-limit change keeps the miner offline (ms; the real duration is unknown, reference §11). */
  rebootMs?: number;
  /** v2 `power_off` closes the socket before replying (asic-rs notes this on real miners). */
  closeOnPowerOff?: boolean;
  /** Efficiency used for the hashrate at a limit (J/TH). */
  jPerTh?: number;
  now?: () => number;
  slowMs?: number;
}

/** What tests can see and change. */
export interface WhatsminerState {
  mining: boolean;
  powerLimitW: number;
  bootedAtMs: number;
  /** Offline (restarting) until this time (epoch ms). */
  downUntilMs: number;
}

/** The device both API servers share. */
export interface WhatsminerModel {
  readonly options: Required<Omit<WhatsminerEmulatorOptions, 'now'>>;
  readonly state: WhatsminerState;
  now(): number;
  readings(): { powerW: number; ths: number; chipTempC: number; elapsedS: number };
  /** Applies a new limit and restarts; an error text when out of range. */
  setLimit(watts: number): string | undefined;
  /** A line for the request log (`v3 set.miner.service stop`). */
  log(line: string): void;
}

/** A running emulated Whatsminer: one server per API port. */
export interface WhatsminerEmulator extends EmulatorHandle {
  readonly v2Port: number;
  /** The v3 port (a closed port when the firmware is v2). */
  readonly v3Port: number;
  readonly state: WhatsminerState;
  readonly requests: string[];
  readonly model: WhatsminerModel;
}

/** Starts an emulated Whatsminer on 127.0.0.1 (both ports random). */
export async function startWhatsminerEmulator(
  options: WhatsminerEmulatorOptions = {},
): Promise<WhatsminerEmulator> {
  const now = options.now ?? Date.now;
  const resolved = {
    firmware: 'v3' as const,
    password: 'miner-secret',
    writesEnabled: true,
    powerLimitW: 3300,
    maxPowerLimitW: 3600,
    rebootMs: 0,
    closeOnPowerOff: false,
    jPerTh: 30,
    slowMs: 2000,
    ...options,
  };
  const state: WhatsminerState = {
    mining: true,
    powerLimitW: resolved.powerLimitW,
    bootedAtMs: now(),
    downUntilMs: 0,
  };
  const requests: string[] = [];
  const model: WhatsminerModel = {
    options: resolved,
    state,
    now,
    readings() {
      const elapsedS = Math.floor((now() - state.bootedAtMs) / 1000) + 600;
      if (!state.mining) return { powerW: 14, ths: 0, chipTempC: 38, elapsedS };
      return {
        powerW: Math.round(state.powerLimitW * 0.97),
        ths: Number((state.powerLimitW / resolved.jPerTh).toFixed(2)),
        chipTempC: 62 + Math.round(state.powerLimitW / 300),
        elapsedS,
      };
    },
    setLimit(watts) {
      if (!Number.isFinite(watts) || watts <= 0 || watts > resolved.maxPowerLimitW)
        return `power limit out of range (max ${resolved.maxPowerLimitW})`;
      state.powerLimitW = Math.round(watts);
      // The miner restarts to apply the limit and comes back hashing.
      state.mining = true;
      state.downUntilMs = now() + resolved.rebootMs;
      state.bootedAtMs = state.downUntilMs;
      return undefined;
    },
    log: (line) => requests.push(line),
  };
  const down = () => now() < state.downUntilMs;
  const v2 = await startWhatsminerV2(model, down);
  const v3 = resolved.firmware === 'v3' ? await startWhatsminerV3(model, down) : await closedPort();
  return {
    v2Port: v2.port,
    v3Port: v3.port,
    state,
    requests,
    model,
    setFault(fault: Fault) {
      v2.setFault(fault);
      v3.setFault(fault);
    },
    async close() {
      await Promise.all([v2.close(), v3.close()]);
    },
  };
}

/** A port nothing listens on (bound, then released), for a v2 firmware's missing 4433. */
async function closedPort(): Promise<{ port: number; setFault(f: Fault): void; close(): Promise<void> }> {
  const probe = await startTcpEmulator({ takeRequest: () => undefined, answer: () => ({ close: true }) });
  const port = probe.port;
  await probe.close();
  return { port, setFault: () => undefined, close: async () => undefined };
}
