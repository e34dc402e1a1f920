import { syntheticPowerW } from './continuous.js';
import type { Decision } from './decision.js';
import type { MinerMemory, ProbeMemory } from './memory-types.js';
import type { MinerModel, ProbeModel } from './model.js';
import type { Constraint } from './policy.js';
import { type ProbeTick, probing, stepUp } from './probe.js';
import type { Instant } from './types.js';

/** One miner's decision and its memory for the next tick. */
export interface Decided {
  decision: Decision;
  memory: MinerMemory;
}

/** What the probe needs to decide one miner: the tick's probe step and a way to decide at a given surplus. */
export interface ProbeMinerInput {
  tick: ProbeTick;
  probe: ProbeModel;
  miner: MinerModel;
  memory: MinerMemory;
  now: Instant;
  /** Surplus left for this miner before the probe (W). */
  remainingW: number | undefined;
  /** A manual override is active: the probe leaves the miner alone. */
  overridden: boolean;
  /** Decides the miner as if `surplusW` were offered, with extra constraints. */
  decideAt(surplusW: number | undefined, extra?: Constraint[]): Decided;
}

/** The probe's part in one miner's decision; undefined when the probe has nothing to do with this miner. */
export interface ProbeOutcome {
  decided: Decided;
  /** Set when the probe's state changes because of this miner (a step taken). */
  memory?: ProbeMemory;
  /** The tick's offer was used by this miner (no other miner is offered a step this tick). */
  offerTaken: boolean;
}

const POLICY = 'probe';

function levelPowerW(miner: MinerModel, levelId: string): number {
  return miner.levels.find((l) => l.id === levelId)?.powerW ?? syntheticPowerW(levelId) ?? 0;
}

function force(levelId: string, reason: string, bypassGuards: boolean): Constraint {
  return { policy: POLICY, kind: 'force', levelId, reason, bypassGuards };
}

function noted(decided: Decided, reason: string): Decided {
  return { ...decided, decision: { ...decided.decision, decidedBy: POLICY, reason } };
}

/** The probe's sentence where the probe's level was taken; a safety limit that moved the miner keeps its own. */
function notedAt(decided: Decided, levelId: string, reason: string): Decided {
  return decided.decision.levelId === levelId ? noted(decided, reason) : decided;
}

/** A step up offered to this miner: taken, waiting for its start delay, or not wanted (undefined). */
function tryStep(input: ProbeMinerInput): ProbeOutcome | undefined {
  const { miner, memory, probe, remainingW } = input;
  if (input.overridden || remainingW === undefined) return undefined;
  const step = stepUp(miner, memory, probe);
  if (!step) return undefined;
  // Import within the tolerance counts as covered, as while the step is watched; one level, not two.
  const targetW = levelPowerW(miner, memory.levelId) + step.extraW;
  const above = miner.levels.filter((l) => l.powerW > targetW).map((l) => l.id);
  const cap: Constraint[] = above.length
    ? [{ policy: POLICY, kind: 'forbid', levelIds: above, reason: 'one step at a time' }]
    : [];
  const tried = input.decideAt(remainingW + step.extraW + probe.importToleranceW, cap);
  const fromW = levelPowerW(miner, memory.levelId);
  if (tried.decision.powerW > fromW) {
    const to = tried.decision.levelId;
    const reason = `probing for hidden surplus: stepping up to ${to}, watching grid import for ${Math.round(probe.probeMs / 1000)} s`;
    return {
      decided: noted(tried, reason),
      memory: probing(
        { minerId: miner.id, fromLevelId: memory.levelId, toLevelId: to },
        input.now,
        input.tick.memory ?? { phase: 'idle' },
      ),
      offerTaken: true,
    };
  }
  // A start the ledger wants once the step is counted waits for its enable delay: keep offering it.
  if (tried.decision.decidedBy === 'enable-delay') {
    const reason = `probing for hidden surplus: ${tried.decision.reason}`;
    return { decided: { ...tried, decision: { ...tried.decision, reason } }, offerTaken: true };
  }
  return undefined;
}

/**
 * One miner under the probe: an offered step up (the ledger must still want the level with the step
 * counted as surplus, and the guards must allow it), a step being watched (held at its level, small
 * import within the tolerance counted as covered), a step kept (the ledger decides; the sentence says
 * why), or a step backed off (back at once, guards bypassed: the probe caused the import).
 */
export function probeMiner(input: ProbeMinerInput, offerOpen: boolean): ProbeOutcome | undefined {
  const { tick, miner, remainingW } = input;
  if (tick.kind === 'offer') return offerOpen ? tryStep(input) : undefined;
  // A manual override rules the miner; the probe ends when the miner leaves its level.
  if (tick.kind === 'none' || tick.minerId !== miner.id || input.overridden) return undefined;
  if (tick.kind === 'hold') {
    const offeredW = remainingW === undefined ? undefined : remainingW + input.probe.importToleranceW;
    const decided = input.decideAt(offeredW, [force(tick.levelId, tick.note, false)]);
    return { decided: notedAt(decided, tick.levelId, tick.note), offerTaken: false };
  }
  if (tick.kind === 'back-off') {
    const decided = input.decideAt(levelPowerW(miner, tick.levelId), [force(tick.levelId, tick.note, true)]);
    return { decided: notedAt(decided, tick.levelId, tick.note), offerTaken: false };
  }
  return { decided: notedAt(input.decideAt(remainingW), tick.levelId, tick.note), offerTaken: false };
}
