import type { LedgerRow } from './decision.js';
import { formatPerHour } from './money.js';

function gains(row: LedgerRow, currency: string): string {
  const parts: string[] = [];
  if (row.heatCreditPerHour > 0) parts.push(`heat worth ${formatPerHour(row.heatCreditPerHour, currency)}`);
  parts.push(`mining ${formatPerHour(row.revenuePerHour, currency)}`);
  if (row.otherPerHour !== 0) parts.push(`other ${formatPerHour(row.otherPerHour, currency)}`);
  return parts.join(' + ');
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
