import type { Instant } from '../basics.js';
import type { Decision } from '../decision.js';
import type { MinerModel } from '../model.js';
import type { MinerStatus, Override } from '../types.js';
import { FLEET_POLICY, type MinerOffer, type Offer } from './offer.js';

/** Who decided without the ledger's free choice and leaves the level as it is: the miner stays there. */
const FREE = new Set(['ledger', FLEET_POLICY]);

function minerOffer(
  miner: MinerModel,
  decision: Decision,
  status: MinerStatus | undefined,
  extra: { overrideLevelId: string | undefined; runningLevelId: string | undefined },
): MinerOffer {
  const overrideLevelId = extra.overrideLevelId;
  // The levels its own constraints allow; the fleet cap's blocks are the site's to lift, so they stay in.
  const rows = decision.ledger.filter(
    (r) => r.allowed || r.blockedBy?.startsWith(`${FLEET_POLICY}:`) || r.levelId === decision.levelId,
  );
  const levels = rows.map((r) => ({ id: r.levelId, powerW: r.powerW, netPerHour: r.netPerHour }));
  const chosen = decision.ledger.find((r) => r.levelId === decision.levelId);
  const locked = !FREE.has(decision.decidedBy) || (chosen !== undefined && !chosen.allowed);
  const offer: MinerOffer = {
    minerId: miner.id,
    priority: miner.priority,
    levels,
    runningLevelId: extra.runningLevelId ?? decision.levelId,
  };
  // A manual override the fleet cap held back asks the site for its level (the user's command).
  const wanted = decision.decidedBy === 'override' ? levels.find((l) => l.id === overrideLevelId) : undefined;
  if (wanted) offer.lockedLevelId = wanted.id;
  else if (locked) offer.lockedLevelId = decision.levelId;
  // A reading taken at another level than the one it runs from this tick says nothing about its draw now.
  const readAtLevelId = status?.running === false ? 'off' : status?.levelId;
  if (
    status?.reachable &&
    status.powerW !== undefined &&
    (readAtLevelId === undefined || readAtLevelId === offer.runningLevelId)
  )
    offer.readingW = status.powerW;
  return offer;
}

/**
 * A shard's offer from one tick's decisions (issue 20): per miner, the ledger's net value of each
 * level its own constraints allow, its priority, the level a guard, safety or an override holds it
 * at (locked), the level it runs from this tick, and its power reading when taken at that level.
 */
export function offerFromDecisions(input: {
  shard: string;
  at: Instant;
  ttlMs: number;
  miners: readonly MinerModel[];
  decisions: readonly Decision[];
  statuses: Readonly<Record<string, MinerStatus>>;
  /** Active manual overrides per miner id (the snapshot's). */
  overrides?: Readonly<Record<string, Override>>;
  /** What a miner runs when it is not the decided level (the command was held back, failed, or dry run). */
  runningLevelIds?: Readonly<Record<string, string>>;
}): Offer {
  const byId = new Map(input.decisions.map((d) => [d.minerId, d]));
  const miners = input.miners.flatMap((m) => {
    const decision = byId.get(m.id);
    return decision
      ? [
          minerOffer(m, decision, input.statuses[m.id], {
            overrideLevelId: input.overrides?.[m.id]?.levelId,
            runningLevelId: input.runningLevelIds?.[m.id],
          }),
        ]
      : [];
  });
  return { shard: input.shard, at: input.at, expiresAt: input.at + input.ttlMs, miners };
}
