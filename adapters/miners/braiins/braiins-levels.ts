import { OFF } from '../../../src/core/model.js';
import type { Level } from '../../../src/core/types.js';

/** The power-target range a Braiins OS miner reports (`GET /configuration/constraints`), in W. */
export interface PowerRange {
  minW: number;
  maxW: number;
  defaultW: number;
}

/** How many power-target steps to offer when the config names none. */
export const DEFAULT_STEPS = 4;

/** Id of a level that only sets a power target, e.g. `w850` for 850 W (the core synthesises these too). */
export function targetId(targetW: number): string {
  return `w${Math.round(targetW)}`;
}

/**
 * Efficiency (J/TH) used to estimate a target's hashrate: the configured one, else the miner's
 * sticker hashrate at its default power target. Undefined until one of them is known.
 */
export function efficiencyJPerTH(options: {
  configured?: number;
  range?: PowerRange;
  stickerThs?: number;
}): number | undefined {
  if (options.configured !== undefined) return options.configured;
  if (options.range && options.stickerThs && options.stickerThs > 0)
    return options.range.defaultW / options.stickerThs;
  return undefined;
}

/**
 * A level for a bare power target; hashrate scales linearly with power at the given efficiency
 * (conservative: Braiins autotuning makes low targets a little more efficient than this).
 */
export function targetLevel(targetW: number, jPerTh: number | undefined): Level {
  const ths = jPerTh ? Math.round((targetW / jPerTh) * 1000) / 1000 : 0;
  return { id: targetId(targetW), powerW: Math.round(targetW), ths };
}

/** `steps` targets spread evenly across the range, rounded to 10 W, min and max included. */
export function spreadTargetsW(range: PowerRange, steps = DEFAULT_STEPS): number[] {
  if (range.maxW <= range.minW) return [range.minW];
  const targets = Array.from({ length: steps }, (_, i) => {
    if (i === 0) return range.minW;
    if (i === steps - 1) return range.maxW;
    return Math.round((range.minW + ((range.maxW - range.minW) * i) / (steps - 1)) / 10) * 10;
  });
  return [...new Set(targets)];
}

/**
 * The miner's levels, `off` first, sorted by power: configured levels as they are; else levels for
 * the configured `powerTargetsW`; else steps across the reported range (none until it is known).
 */
export function braiinsLevels(options: {
  configured?: readonly Level[];
  targetsW?: readonly number[];
  range?: PowerRange;
  jPerTh?: number;
}): Level[] {
  let running: Level[];
  if (options.configured)
    running = options.configured.map((l) => ({ id: l.id, powerW: l.powerW, ths: l.ths }));
  else if (options.targetsW) running = options.targetsW.map((w) => targetLevel(w, options.jPerTh));
  else if (options.range) running = spreadTargetsW(options.range).map((w) => targetLevel(w, options.jPerTh));
  else running = [];
  return [OFF, ...running.filter((l) => l.id !== OFF.id).sort((a, b) => a.powerW - b.powerW)];
}

/** The level whose target equals `targetW` (a configured id when one matches), else `w<target>`. */
export function levelIdForTarget(levels: readonly Level[], targetW: number): string {
  return (
    levels.find((l) => l.id !== OFF.id && Math.round(l.powerW) === Math.round(targetW))?.id ??
    targetId(targetW)
  );
}
