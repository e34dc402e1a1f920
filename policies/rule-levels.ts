import type { MinerModel } from '../src/core/model.js';
import type { Abstention, Constraint } from '../src/core/policy.js';

/** The level a simple rule runs a miner at: the configured one, else the top level; undefined when unknown. */
export function ruleLevelId(miner: MinerModel, levelId: string | undefined): string | undefined {
  if (levelId === undefined) {
    const top = miner.levels[miner.levels.length - 1];
    return top && top.id !== 'off' ? top.id : undefined;
  }
  return miner.levels.some((l) => l.id === levelId && l.id !== 'off') ? levelId : undefined;
}

/** A rule that says "run now": force its level (guards still apply when starting). */
export function runAt(policy: string, levelId: string, reason: string): Constraint {
  return { policy, kind: 'force', levelId, reason, bypassGuards: false };
}

/** A rule that says "not now": forbid every running level. */
export function stopAll(policy: string, miner: MinerModel, reason: string): Constraint {
  const levelIds = miner.levels.filter((l) => l.id !== 'off').map((l) => l.id);
  return { policy, kind: 'forbid', levelIds, reason };
}

/** The abstention of a rule whose level does not exist on the miner (the rule then does nothing). */
export function unknownLevel(policy: string, miner: MinerModel, levelId: string | undefined): Abstention {
  const known = miner.levels.map((l) => l.id).join(', ');
  return {
    policy,
    reason: `level "${levelId ?? '(top)'}" is not one of ${miner.id}'s levels (${known}); rule ignored`,
    essential: false,
  };
}
