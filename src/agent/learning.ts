import type { MinerMemory } from '../core/memory.js';
import type { Model } from '../core/model.js';
import type { MinerStatus } from '../core/types.js';
import type { AgentState } from './state-file.js';

/** Weight of a new measurement in the running average. */
const ALPHA = 0.1;
/** A level's measurement counts only after the miner has settled at it this long (ms). */
const SETTLE_MS = 120_000;
/** Measurements needed before a learned value replaces the configured one. */
export const MIN_SAMPLES = 5;

type Learned = AgentState['learned'];

/** A measurement may move the estimate by at most this fraction of it per sample (a clipped update). */
const CLIP = 0.5;

/** The sample limited to ±50 % of the estimate: one wild reading moves a learned value by at most 5 %. */
function clipped(sample: number, estimate: number): number {
  const spread = Math.abs(estimate) * CLIP;
  return Math.min(estimate + spread, Math.max(estimate - spread, sample));
}

/**
 * One miner's learned levels with a status folded into the power and hashrate of the level it runs at,
 * as an exponential moving average, once the miner has settled there (fresh after a switch it lags);
 * the same object when nothing was learned.
 */
function learnedForMiner(
  mine: Learned[string] | undefined,
  status: MinerStatus | undefined,
  memory: MinerMemory | undefined,
  now: number,
): Learned[string] | undefined {
  if (!status?.reachable || !status.running || status.powerW === undefined || status.ths === undefined)
    return mine;
  const levelId = status.levelId ?? memory?.levelId;
  if (!levelId || levelId === 'off' || levelId !== memory?.levelId) return mine;
  if (memory.levelSince !== undefined && now - memory.levelSince < SETTLE_MS) return mine;
  const previous = mine?.[levelId];
  const next = previous
    ? {
        powerW: previous.powerW + ALPHA * (clipped(status.powerW, previous.powerW) - previous.powerW),
        ths: previous.ths + ALPHA * (clipped(status.ths, previous.ths) - previous.ths),
        samples: previous.samples + 1,
      }
    : { powerW: status.powerW, ths: status.ths, samples: 1 };
  return { ...mine, [levelId]: next };
}

/** Every miner's statuses folded in at once (one copy of the table, not one per miner). */
export function learnFromStatuses(
  learned: Learned,
  minerIds: readonly string[],
  statuses: Readonly<Record<string, MinerStatus>>,
  memory: Readonly<Record<string, MinerMemory>>,
  now: number,
): Learned {
  let next: Learned | undefined;
  for (const id of minerIds) {
    const mine = learnedForMiner(learned[id], statuses[id], memory[id], now);
    if (mine === learned[id]) continue;
    next ??= { ...learned };
    next[id] = mine!;
  }
  return next ?? learned;
}

/** The model with learned level values (enough samples) in place of the configured ones. */
export function withLearnedLevels(model: Model, learned: Learned): Model {
  let changed = false;
  const miners = model.miners.map((miner) => {
    const byLevel = learned[miner.id];
    if (!byLevel) return miner;
    const levels = miner.levels.map((level) => {
      const value = byLevel[level.id];
      if (!value || value.samples < MIN_SAMPLES || level.id === 'off') return level;
      changed = true;
      return {
        id: level.id,
        powerW: Math.round(value.powerW * 10) / 10,
        ths: Math.round(value.ths * 1000) / 1000,
      };
    });
    return { ...miner, levels: [...levels].sort((a, b) => a.powerW - b.powerW) };
  });
  return changed ? { ...model, miners } : model;
}
