import type { LedgerRow } from './decision.js';
import { CAPACITY_POLICY, explainCapacityHold, explainHold, explainLedgerChoice } from './explain.js';
import { effectiveForce } from './force.js';
import { checkGuards, type GuardInput } from './guards.js';
import { type Text, textOf } from './lazy-text.js';
import { bestRow } from './ledger.js';
import { type MinerMemory, trackWants } from './memory.js';
import type { MinerModel } from './model.js';
import type { Abstention, Constraint, PolicyContext } from './policy.js';
import type { MinerStatus } from './types.js';

// How `decide` picks one row of a miner's ledger: a forcing rule, a manual override, the stale-data
// fallback or the best row, held back by the guards; and `off` replaced by the lowest level for a
// miner that cannot be switched off.

/** The row a miner runs at this tick, who decided it and why. */
export interface Choice {
  row: LedgerRow;
  decidedBy: string;
  /** The sentence, formatted once the choice is final (`textOf`). */
  reason: Text;
  /** Memory with this tick's start/stop wishes tracked (guarded choices only). */
  memory?: MinerMemory;
}

function rowOf(ledger: LedgerRow[], levelId: string): LedgerRow | undefined {
  return ledger.find((r) => r.levelId === levelId);
}

function fallbackChoice(miner: MinerModel, ledger: LedgerRow[], memory: MinerMemory, why: string): Choice {
  const off = ledger[0]!;
  const lowest = ledger.find((r) => r.levelId !== 'off' && r.allowed);
  const held = rowOf(ledger, memory.levelId);
  let row = off;
  if (miner.staleFallback === 'lowest' && lowest) row = lowest;
  if (miner.staleFallback === 'hold' && held?.allowed) row = held;
  const verb = row.levelId === 'off' ? 'off' : `at ${row.levelId}`;
  return { row, decidedBy: 'stale-fallback', reason: `${verb} (fallback "${miner.staleFallback}"): ${why}` };
}

/**
 * A manual override wins over the ledger and every policy except safety. A level that a safety limit
 * forbids is capped to the highest running level below it that safety allows (off when none is).
 */
function overrideChoice(
  ledger: LedgerRow[],
  constraints: Constraint[],
  levelId: string,
  autoLevelId: string,
): Choice | undefined {
  const wanted = rowOf(ledger, levelId);
  if (!wanted) return undefined;
  const unsafe = (id: string) =>
    constraints.some((c) => c.kind === 'forbid' && c.safety && c.levelIds.includes(id));
  if (!unsafe(levelId)) {
    return {
      row: wanted,
      decidedBy: 'override',
      reason: `${levelId} by manual override (auto would choose ${autoLevelId})`,
    };
  }
  const capped =
    [...ledger].reverse().find((r) => r.powerW <= wanted.powerW && !unsafe(r.levelId)) ?? ledger[0]!;
  const limit = constraints.find((c) => c.kind === 'forbid' && c.safety && c.levelIds.includes(levelId));
  const why = limit?.kind === 'forbid' ? `${limit.policy}: ${limit.reason}` : 'a safety limit';
  return {
    row: capped,
    decidedBy: 'override',
    reason: `${capped.levelId}: manual override to ${levelId} capped by ${why}`,
  };
}

export function choose(
  ctx: PolicyContext,
  ledger: LedgerRow[],
  constraints: Constraint[],
  abstentions: Abstention[],
): Choice {
  const { miner, memory, snapshot, model } = ctx;
  const auto = bestRow(ledger) ?? ledger[0]!;
  const forced = effectiveForce(ledger, constraints);
  if (forced?.force.bypassGuards) {
    return {
      row: forced.row,
      decidedBy: forced.force.policy,
      reason: `${forced.row.levelId}: ${forced.reason}`,
    };
  }
  const override = snapshot.overrides[miner.id];
  if (override && (override.until === undefined || override.until > snapshot.now)) {
    const choice = overrideChoice(ledger, constraints, override.levelId, auto.levelId);
    if (choice) return choice;
  }
  const essential = abstentions.find((a) => a.essential);
  if (essential) return fallbackChoice(miner, ledger, memory, `${essential.policy}: ${essential.reason}`);

  const candidate = forced?.row ?? auto;
  const decidedBy = forced ? forced.force.policy : 'ledger';
  const reason: Text = forced
    ? `${candidate.levelId}: ${forced.reason}`
    : () => explainLedgerChoice(candidate, ledger, model.currency);
  const tracked = trackWants(memory, candidate.levelId, snapshot.now);
  const current = rowOf(ledger, memory.levelId);
  const leavingForbidden = current !== undefined && !current.allowed;
  const bypass = constraints.some(
    (c) =>
      (c.kind === 'forbid' && c.bypassGuards && c.levelIds.includes(memory.levelId)) || c.kind === 'unguard',
  );
  if (!current || leavingForbidden || bypass) return { row: candidate, decidedBy, reason, memory: tracked };
  const guardInput: GuardInput = {
    now: snapshot.now,
    memory: tracked,
    // A forced level is a rule, not a money choice: timing guards apply, the money hysteresis does not.
    settings: forced ? { ...miner.guards, hysteresisPerHour: Number.NEGATIVE_INFINITY } : miner.guards,
    current,
    candidate,
    currency: model.currency,
    surplusKnown: ctx.surplusW !== undefined,
  };
  // One literal with the candidate in it: spreading a shared input into each call was 8 % of a tick.
  const hold = checkGuards(guardInput);
  if (!hold) return { row: candidate, decidedBy, reason, memory: tracked };
  if (hold.guard === 'disable-delay') {
    // While a stop waits, step down to the best running level instead (evcc keeps minimum power).
    const interim = bestRow(ledger.filter((r) => r.levelId !== 'off'));
    if (
      interim &&
      interim.levelId !== current.levelId &&
      !checkGuards({ ...guardInput, candidate: interim })
    ) {
      const why = () => `stepping down to ${interim.levelId} while a stop waits: ${textOf(hold.why)}`;
      return { row: interim, decidedBy: hold.guard, reason: why, memory: tracked };
    }
  }
  const why = () => explainHold(current.levelId, candidate.levelId, textOf(hold.why));
  return { row: current, decidedBy: hold.guard, reason: why, memory: tracked };
}

/** Why `off` is out of reach for a miner whose device cannot be switched off. */
const NO_OFF = 'cannot switch off: no soft off and no companion plug';

/** Marks `off` as not allowed when nothing can switch the miner off. */
export function withReachableOff(ledger: LedgerRow[], status: MinerStatus | undefined): LedgerRow[] {
  if (status?.canSwitchOff !== false) return ledger;
  return ledger.map((r) => (r.levelId === 'off' ? { ...r, allowed: false, blockedBy: NO_OFF } : r));
}

/**
 * `off` chosen (by a rule, a fallback, an override, or because nothing else is allowed) for a miner
 * that cannot be switched off: its lowest running level instead, the least power and heat it can make.
 */
export function reachable(choice: Choice, ledger: LedgerRow[], status: MinerStatus | undefined): Choice {
  if (choice.row.levelId !== 'off' || status?.canSwitchOff !== false) return choice;
  const lowest = ledger.find((r) => r.levelId !== 'off');
  if (!lowest) return choice;
  const reason = () =>
    `${NO_OFF}; running at ${lowest.levelId} instead (${textOf(choice.reason).replace(/^off:\s*/, '')})`;
  return { ...choice, row: lowest, reason };
}

/** A ledger choice the capacity tariff held below the money's says so (`explainCapacityHold`). */
export function announceCapacity(
  choice: Choice,
  ledger: LedgerRow[],
  withoutCapacity: () => LedgerRow[],
): Choice {
  if (choice.decidedBy !== 'ledger') return choice;
  const reason = explainCapacityHold(choice.row, ledger, withoutCapacity);
  return reason ? { ...choice, decidedBy: CAPACITY_POLICY, reason } : choice;
}
