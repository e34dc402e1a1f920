import type { LedgerRow } from './decision.js';
import { bestRow } from './ledger.js';
import { formatPerHour } from './money.js';

function gains(row: LedgerRow, currency: string): string {
  let text = `mining ${formatPerHour(row.revenuePerHour, currency)}`;
  if (row.heatCreditPerHour > 0)
    text = `heat worth ${formatPerHour(row.heatCreditPerHour, currency)} + ${text}`;
  if (row.otherPerHour !== 0) text += ` + other ${formatPerHour(row.otherPerHour, currency)}`;
  return text;
}

function power(row: LedgerRow, currency: string): string {
  if (row.powerCostPerHour < 0)
    return `being paid ${formatPerHour(-row.powerCostPerHour, currency)} to use power`;
  return `power ${formatPerHour(row.powerCostPerHour, currency)}`;
}

/** The sentence for a ledger choice: why the chosen row beats the alternatives. */
export function explainLedgerChoice(
  chosen: LedgerRow,
  ledger: readonly LedgerRow[],
  currency: string,
): string {
  if (chosen.levelId !== 'off') {
    if (chosen.powerCostPerHour < 0)
      return `running at ${chosen.levelId}: ${power(chosen, currency)} + ${gains(chosen, currency)}`;
    return `running at ${chosen.levelId}: ${gains(chosen, currency)} beats ${power(chosen, currency)}`;
  }
  const onRows = ledger.filter((r) => r.levelId !== 'off');
  const allowed = onRows.filter((r) => r.allowed);
  if (onRows.length > 0 && allowed.length === 0) {
    return `off: ${onRows[0]!.blockedBy ?? 'every level is forbidden'}`;
  }
  const best = allowed.reduce<LedgerRow | undefined>(
    (b, r) => (!b || r.netPerHour > b.netPerHour ? r : b),
    undefined,
  );
  if (!best) return 'off: no level to run at';
  return `off: at ${best.levelId}, ${power(best, currency)} would exceed ${gains(best, currency)}`;
}

/** The sentence for a level kept by a guard. */
export function explainHold(heldLevelId: string, autoLevelId: string, why: string): string {
  const verb = heldLevelId === 'off' ? 'staying off' : `staying at ${heldLevelId}`;
  return `${verb}: ${why} (auto would choose ${autoLevelId})`;
}

/** The policy name of the capacity tariff's limit (policies/capacity.ts). */
export const CAPACITY_POLICY = 'capacity';

/**
 * The sentence for a level the capacity tariff held below what the money alone would choose
 * ("holding at eco: full would raise this month's peak from 2.8 to 3.3 kW, costing 2.40 EUR"), or
 * undefined when it did not. `withoutCapacity` builds the ledger without the tariff's terms and limits
 * (only called when a level was held).
 */
export function explainCapacityHold(
  chosen: LedgerRow,
  ledger: readonly LedgerRow[],
  withoutCapacity: () => readonly LedgerRow[],
): string | undefined {
  const held = ledger.filter((r) => r.blockedBy?.startsWith(`${CAPACITY_POLICY}: `));
  if (held.length === 0) return undefined;
  const unheld = bestRow(withoutCapacity());
  const row = unheld && held.find((r) => r.levelId === unheld.levelId);
  if (!row) return undefined;
  const verb = chosen.levelId === 'off' ? 'staying off' : `holding at ${chosen.levelId}`;
  return `${verb}: ${row.blockedBy!.slice(CAPACITY_POLICY.length + 2)}`;
}
