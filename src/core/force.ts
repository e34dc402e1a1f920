import type { LedgerRow } from './decision.js';
import type { Constraint } from './policy.js';

/** A force constraint. */
export type ForceConstraint = Extract<Constraint, { kind: 'force' }>;

/** The force that applies this tick, the row it leads to, and the sentence fragment saying why. */
export interface EffectiveForce {
  force: ForceConstraint;
  row: LedgerRow;
  reason: string;
}

/**
 * The first force constraint, reconciled with the forbids: a forced level that a forbid blocks
 * (quiet hours, chip temperature, the site limit) becomes the highest allowed running level below
 * it; when none is left the force is dropped and the ledger decides among what is allowed.
 */
export function effectiveForce(
  ledger: readonly LedgerRow[],
  constraints: readonly Constraint[],
): EffectiveForce | undefined {
  const force = constraints.find((c): c is ForceConstraint => c.kind === 'force');
  const target = force && ledger.find((r) => r.levelId === force.levelId);
  if (!force || !target) return undefined;
  if (target.allowed) return { force, row: target, reason: force.reason };
  let below: LedgerRow | undefined;
  for (const row of ledger) {
    if (!row.allowed || row.levelId === 'off' || row.powerW >= target.powerW) continue;
    if (!below || row.powerW > below.powerW) below = row;
  }
  if (!below) return undefined;
  return { force, row: below, reason: `${force.reason} (capped, ${target.blockedBy ?? 'forbidden'})` };
}
