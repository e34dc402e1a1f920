import { OFF } from '../../src/core/model.js';
import type { Level } from '../../src/core/types.js';

/**
 * Levels whose config names the device setting that selects them (a Whatsminer power limit, a LuxOS
 * profile, a Vnish preset or throttle, a stock Antminer work mode). `off` first, then by power.
 */
export function levelsWithOff(configured: readonly Level[]): Level[] {
  const running = configured
    .filter((l) => l.id !== OFF.id)
    .map((l) => ({ id: l.id, powerW: l.powerW, ths: l.ths }))
    .sort((a, b) => a.powerW - b.powerW);
  return [OFF, ...running];
}

/** What identifies the running level of a device. */
export interface RunningLevelQuery<T extends Level> {
  configured: readonly T[];
  /** The device setting a level selects, undefined for a plain "on" level. */
  settingOf: (level: T) => unknown;
  /** The device's current setting. */
  current: unknown;
  /** Measured (or set) power to pick the nearest level when nothing matches (W). */
  powerW?: number;
}

/**
 * The running level a device is at: the level whose setting equals the device's, else the only level
 * without a setting, else the nearest by power, else the first level.
 */
export function runningLevel<T extends Level>(query: RunningLevelQuery<T>): T | undefined {
  const { configured, settingOf, current } = query;
  const same = configured.find((l) => settingOf(l) !== undefined && settingOf(l) === current);
  if (same) return same;
  const plain = configured.filter((l) => settingOf(l) === undefined);
  if (plain.length === 1) return plain[0];
  const powerW = query.powerW;
  if (powerW === undefined) return configured[0];
  return configured.reduce<T | undefined>(
    (best, l) => (!best || Math.abs(l.powerW - powerW) < Math.abs(best.powerW - powerW) ? l : best),
    undefined,
  );
}
