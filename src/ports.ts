import type { Logger } from 'pino';
import type { Instant, Level, MinerStatus, PriceSlot, Reading, SignalKey } from './core/types.js';

/** Time as the shell sees it; tests pass a fake clock. */
export interface Clock {
  now(): Instant;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What a miner can do. */
export interface MinerCapabilities {
  /** Can stop hashing without cutting power (pause, sleep, soft off). */
  softStop: boolean;
  /** Has more than one running level (work modes, power target, frequency). */
  throttle: boolean;
  /** Reports its own power draw. */
  reportsPower: boolean;
  /**
   * Can reach `off` at all: a soft stop, a relay, or a companion plug. False only when it is known
   * that nothing can (an Avalon Nano 3S on firmware without soft off, no plug); absent = it can.
   */
  switchesOff?: boolean;
}

/** Identity a device reports, for `hashheat probe` and Home Assistant's device block. */
export interface MinerInfo {
  family: string;
  model?: string;
  firmware?: string;
  serial?: string;
}

/** Result of `apply`: whether the read-back shows the device at the requested level. */
export interface ApplyResult {
  accepted: boolean;
  detail?: string;
  /**
   * Not taken yet but under way (a miner booting behind its plug, a Whatsminer restarting for a new
   * power limit): the agent asks again next tick without counting a failure or backing off.
   */
  pending?: boolean;
}

/** The port every miner family implements. Errors are thrown as `DeviceError`. */
export interface MinerAdapter {
  readonly id: string;
  readonly family: string;
  readonly capabilities: MinerCapabilities;
  /** Operating points, `off` first, sorted by power. */
  levels(): Level[];
  status(): Promise<MinerStatus>;
  apply(level: Level): Promise<ApplyResult>;
  describe?(): Promise<MinerInfo>;
  close(): Promise<void>;
}

/** One new reading from a source. */
export type SignalUpdate =
  | { key: Exclude<SignalKey, 'price.import' | 'price.export'>; reading: Reading<number> }
  | { key: 'price.import' | 'price.export'; reading: Reading<PriceSlot[]> };

/** Where push sources deliver their readings. */
export type Emit = (update: SignalUpdate) => void;

/**
 * A signal source. Polled sources implement `poll` (and may say when to poll next, e.g. more often
 * around a tariff's publication window); push sources (MQTT) implement `start`.
 */
export interface Source {
  readonly id: string;
  readonly keys: readonly SignalKey[];
  /** Normal poll interval (ms). */
  readonly intervalMs?: number;
  poll?(): Promise<SignalUpdate[]>;
  /** Delay until the next poll after a successful one (ms); defaults to `intervalMs`. */
  nextPollInMs?(now: Instant): number;
  start?(emit: Emit): Promise<void>;
  close?(): Promise<void>;
}

/** Dependencies the shell passes down; one object, no singletons. */
export interface Deps {
  clock: Clock;
  logger: Logger;
}

/** Whether an update carries a price series (else a scalar). */
export function isSeriesUpdate(
  update: SignalUpdate,
): update is Extract<SignalUpdate, { key: 'price.import' | 'price.export' }> {
  return update.key === 'price.import' || update.key === 'price.export';
}
