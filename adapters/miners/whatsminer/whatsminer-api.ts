import { DeviceError } from '../../../src/errors.js';
import type { MinerInfo } from '../../../src/ports.js';
import { toNumber } from '../cgminer-readings.js';

/** Which Whatsminer API a firmware speaks: v2 (TCP 4028, before ~Nov 2024) or v3 (TCP 4433). */
export type WhatsminerApiVersion = 'v2' | 'v3';

/** One status read of a Whatsminer, normalised (W, TH/s, °C, s). */
export interface WhatsminerReading {
  /** Hashing (the mining service runs and is not powered off by the API). */
  running: boolean;
  powerW?: number;
  /** The power limit the user set (W). */
  powerLimitW?: number;
  ths?: number;
  chipTempC?: number;
  uptimeS?: number;
}

/** One Whatsminer API version behind a common face; every failure is a DeviceError. */
export interface WhatsminerApi {
  readonly version: WhatsminerApiVersion;
  read(): Promise<WhatsminerReading>;
  identity(): Promise<MinerInfo>;
  /** Starts or stops hashing (v3 `set.miner.service`, v2 `power_on` / `power_off`). */
  setMining(on: boolean): Promise<void>;
  /** Sets the power limit (W); the miner restarts to apply it (v3 `set.miner.power_limit`, v2 `adjust_power_limit`). */
  setPowerLimit(watts: number): Promise<void>;
}

/** How the user turns writes on; the firmware ships with them off (reference miners.md §4.1, §4.2). */
export const ENABLE_WRITES_HINT =
  'Whatsminer writes are off by default: in WhatsMinerTool change the admin password from the default, ' +
  'turn on the "API switch", and put that password in this miner\'s `password` (for API v3 the `super` ' +
  'account password)';

/** AUTH for a refused write (disabled API or wrong password), with how to enable writes. */
export function writeRefused(what: string, reason: string): DeviceError {
  return new DeviceError('AUTH', `${what}: ${reason}. ${ENABLE_WRITES_HINT}`, false);
}

/** A finite number from a number or numeric string, undefined otherwise. */
export const num = toNumber;

/** `"true"`/`true` → true, `"false"`/`false` → false (Whatsminer sends booleans as strings), else undefined. */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return /^true$/i.test(value.trim());
  return undefined;
}

/** Whether a firmware version `YYYYMMDD.xx.REL` is from November 2024 or later, i.e. speaks API v3 (asic-rs). */
export function firmwareSpeaksV3(fwVersion: string | undefined): boolean | undefined {
  const date = /(\d{8})/.exec(fwVersion?.replace(/'/g, '') ?? '')?.[1];
  return date === undefined ? undefined : Number(date) >= 20241101;
}

/** A record from an unknown JSON value (else an empty one). */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
