import type { MinerModel } from './model.js';
import type { Level } from './types.js';

const SYNTHETIC = /^w(\d+)$/;

/** Id of a synthesised power-target level: `w850` is 850 W. */
export function syntheticLevelId(powerW: number): string {
  return `w${Math.round(powerW)}`;
}

/** The power of a synthesised level id, or undefined for a configured one. */
export function syntheticPowerW(levelId: string): number | undefined {
  const match = SYNTHETIC.exec(levelId);
  return match ? Number(match[1]) : undefined;
}

/** Hashrate at `powerW`, interpolated linearly between the configured levels (flat beyond the ends). */
export function interpolateThs(levels: readonly Level[], powerW: number): number {
  const running = levels.filter((l) => l.id !== 'off');
  if (running.length === 0) return 0;
  if (powerW <= running[0]!.powerW) return (running[0]!.ths * powerW) / Math.max(1, running[0]!.powerW);
  for (let i = 1; i < running.length; i++) {
    const a = running[i - 1]!;
    const b = running[i]!;
    if (powerW <= b.powerW)
      return a.ths + ((b.ths - a.ths) * (powerW - a.powerW)) / Math.max(1, b.powerW - a.powerW);
  }
  const top = running[running.length - 1]!;
  return (top.ths * powerW) / Math.max(1, top.powerW);
}

function synthetic(miner: MinerModel, powerW: number): Level {
  return { id: syntheticLevelId(powerW), powerW, ths: interpolateThs(miner.levels, powerW) };
}

/**
 * For a power-target miner, adds a level at the surplus (rounded down to its step, within its range)
 * and keeps the synthesised level it currently runs at, so the ledger can follow surplus closely.
 */
export function withSurplusLevels(
  miner: MinerModel,
  surplusW: number | undefined,
  currentLevelId: string,
): MinerModel {
  const range = miner.continuous;
  if (!range) return miner;
  const extra: Level[] = [];
  const currentW = syntheticPowerW(currentLevelId);
  if (currentW !== undefined && currentW >= range.minW && currentW <= range.maxW)
    extra.push(synthetic(miner, currentW));
  if (surplusW !== undefined && surplusW >= range.minW) {
    const powerW = Math.min(range.maxW, Math.floor(surplusW / range.stepW) * range.stepW);
    if (powerW >= range.minW) extra.push(synthetic(miner, powerW));
  }
  const levels = [...miner.levels];
  for (const level of extra)
    if (!levels.some((l) => l.id === level.id || l.powerW === level.powerW)) levels.push(level);
  levels.sort((a, b) => a.powerW - b.powerW);
  return levels.length === miner.levels.length ? miner : { ...miner, levels };
}
