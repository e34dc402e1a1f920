import type { Instant } from '../core/types.js';
import { localTimeOf } from '../local-time.js';
import type { TickRecord } from '../ports.js';

/** Today's money, in the site's local day. */
export interface MoneyTotals {
  date: string;
  revenue: number;
  heatCredit: number;
  powerCost: number;
  net: number;
}

/** Longest gap between two ticks that still counts (ms): an agent that was down earned nothing. */
const MAX_GAP_MS = 10 * 60_000;

/**
 * Sums, over the local day, what each tick's chosen levels earned per hour times the time until
 * the next tick: mining revenue, heat credit, power cost and net, as the ledger weighed them.
 * In memory since the agent started (the durable history is a later step).
 */
export class MoneyToday {
  private totals: MoneyTotals | undefined;
  private last: { at: Instant; perHour: Omit<MoneyTotals, 'date' | 'net'> } | undefined;

  constructor(private readonly timeZone: string) {}

  add(record: TickRecord): void {
    const date = localTimeOf(record.at, this.timeZone).date;
    if (this.last && record.at > this.last.at && record.at - this.last.at <= MAX_GAP_MS) {
      const hours = (record.at - this.last.at) / 3_600_000;
      const t = this.totalsFor(localTimeOf(this.last.at, this.timeZone).date);
      t.revenue += this.last.perHour.revenue * hours;
      t.heatCredit += this.last.perHour.heatCredit * hours;
      t.powerCost += this.last.perHour.powerCost * hours;
      t.net = t.revenue + t.heatCredit - t.powerCost;
    }
    const perHour = { revenue: 0, heatCredit: 0, powerCost: 0 };
    for (const d of record.decisions) {
      const row = d.ledger.find((r) => r.levelId === d.levelId);
      if (!row) continue;
      perHour.revenue += row.revenuePerHour;
      perHour.heatCredit += row.heatCreditPerHour;
      perHour.powerCost += row.powerCostPerHour;
    }
    this.last = { at: record.at, perHour };
    this.totalsFor(date);
  }

  current(now: Instant): MoneyTotals {
    const date = localTimeOf(now, this.timeZone).date;
    return this.totals?.date === date
      ? { ...this.totals }
      : { date, revenue: 0, heatCredit: 0, powerCost: 0, net: 0 };
  }

  private totalsFor(date: string): MoneyTotals {
    if (this.totals?.date !== date) this.totals = { date, revenue: 0, heatCredit: 0, powerCost: 0, net: 0 };
    return this.totals;
  }
}
