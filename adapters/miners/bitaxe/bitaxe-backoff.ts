import type { SystemInfo } from './bitaxe-api.js';
import type { BitaxeLevel } from './bitaxe-boards.js';

/** A frequency (MHz) and core voltage (mV) pair as AxeOS stores it. */
export interface AsicSetting {
  frequencyMHz: number;
  coreVoltageMV: number;
}

/**
 * ESP-Miner's thermal back-off (main/tasks/power_management_task.c, since v2.11.0, "Overheat protection"
 * #1304): above 75 °C chip / 105 °C regulator it stops mining, sets `overheat_mode`, cools down, then
 * saves and restarts at 100 mV and 100 MHz less (floors 1000 mV / 400 MHz) and clears `overheat_mode`.
 * Older firmware saved 50 MHz / 1000 mV and kept `overheat_mode` set until the user cleared it.
 */
export function reducedAfterOverheat(setting: AsicSetting): AsicSetting {
  return {
    frequencyMHz: setting.frequencyMHz > 100 ? setting.frequencyMHz - 100 : 400,
    coreVoltageMV: setting.coreVoltageMV > 100 ? setting.coreVoltageMV - 100 : 1000,
  };
}

/** What the device is set to now. */
export function settingOf(info: SystemInfo): AsicSetting {
  return { frequencyMHz: info.frequency, coreVoltageMV: Math.round(info.coreVoltage) };
}

/** Same frequency (within 0.5 MHz, newer firmware reports a float) and voltage. */
export function sameSetting(a: AsicSetting, b: AsicSetting): boolean {
  return Math.abs(a.frequencyMHz - b.frequencyMHz) < 0.5 && a.coreVoltageMV === b.coreVoltageMV;
}

/** Whether running `level` stays within `cap` (neither frequency nor voltage above it). */
export function withinCap(level: AsicSetting, cap: AsicSetting): boolean {
  return level.frequencyMHz <= cap.frequencyMHz + 0.5 && level.coreVoltageMV <= cap.coreVoltageMV;
}

/**
 * The setting the firmware backed off to, if the device shows one: it sits exactly at the reduction of
 * the setting it ran before (`previous`, what hashheat last set or saw) or of a configured level, and is
 * no configured level itself. Without the flag (it is set only while cooling) this signature is the evidence.
 */
export function detectBackoff(
  info: SystemInfo,
  levels: readonly BitaxeLevel[],
  previous: AsicSetting | undefined,
): AsicSetting | undefined {
  const now = settingOf(info);
  if (levels.some((l) => sameSetting(l, now))) return undefined;
  const sources = previous ? [previous, ...levels] : levels;
  return sources.some((s) => sameSetting(reducedAfterOverheat(s), now)) ? now : undefined;
}

/** The sentence shown while a cap holds. */
export function capText(cap: AsicSetting): string {
  return (
    `thermal back-off: ESP-Miner lowered the ASIC to ${cap.frequencyMHz} MHz / ${cap.coreVoltageMV} mV ` +
    'after an overheat; hashheat keeps that as a cap until the frequency or voltage is changed on the device (AxeOS)'
  );
}
