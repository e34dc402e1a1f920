import type { MinerStatus } from '../core/types.js';
import type { TickRecord } from '../ports.js';
import { INTERVAL_MS, type IntervalRow } from './store.js';

/** Longest gap between two ticks that still counts (ms): an agent that was down drew and earned nothing. */
const MAX_GAP_MS = 10 * 60_000;

interface Rate {
  powerW: number;
  revenuePerHour: number;
  heatCreditPerHour: number;
  powerCostPerHour: number;
}

/**
 * Folds tick records into 15-minute intervals per miner. What a miner ran at from one tick to the
 * next is what its device reported (measured power where it reports one) valued with the ledger row of
 * that level; time is split at interval boundaries. A finished interval goes to `sink` once; the
 * interval under way stays in memory, so a crash loses at most that one.
 */
export class HistoryRecorder {
  private last: { at: number; rates: Map<string, Rate> } | undefined;
  private readonly open = new Map<string, IntervalRow>();

  constructor(
    private readonly sink: (rows: IntervalRow[], keepFrom: number) => void,
    private readonly retentionMs: number,
  ) {}

  add(record: TickRecord, statuses: Record<string, MinerStatus>): void {
    const last = this.last;
    if (last && record.at > last.at && record.at - last.at <= MAX_GAP_MS) {
      for (const [minerId, rate] of last.rates) this.spread(minerId, rate, last.at, record.at);
    }
    this.last = { at: record.at, rates: ratesOf(record, statuses) };
    const finished = [...this.open.values()].filter((r) => r.start + INTERVAL_MS <= record.at);
    if (finished.length > 0) {
      for (const r of finished) this.open.delete(key(r.minerId, r.start));
      this.sink(finished, record.at - this.retentionMs);
    }
  }

  /** Everything still open (on a clean stop): the interval under way, as far as it went. */
  flush(): void {
    const rows = [...this.open.values()];
    this.open.clear();
    if (rows.length > 0 && this.last) this.sink(rows, this.last.at - this.retentionMs);
  }

  private spread(minerId: string, rate: Rate, from: number, to: number): void {
    for (let t = from; t < to; ) {
      const start = Math.floor(t / INTERVAL_MS) * INTERVAL_MS;
      const end = Math.min(to, start + INTERVAL_MS);
      const hours = (end - t) / 3_600_000;
      const row = this.open.get(key(minerId, start)) ?? {
        minerId,
        start,
        energyKWh: 0,
        revenue: 0,
        heatCredit: 0,
        powerCost: 0,
      };
      row.energyKWh += (rate.powerW / 1000) * hours;
      row.revenue += rate.revenuePerHour * hours;
      row.heatCredit += rate.heatCreditPerHour * hours;
      row.powerCost += rate.powerCostPerHour * hours;
      this.open.set(key(minerId, start), row);
      t = end;
    }
  }
}

const key = (minerId: string, start: number) => `${minerId}@${start}`;

/** Per miner, what it runs at after this tick: the device's level (else the decision's) and its ledger row. */
function ratesOf(record: TickRecord, statuses: Record<string, MinerStatus>): Map<string, Rate> {
  const rates = new Map<string, Rate>();
  for (const d of record.decisions) {
    const status = statuses[d.minerId];
    const levelId = status?.reachable ? (status.running ? (status.levelId ?? d.levelId) : 'off') : d.levelId;
    const row = d.ledger.find((r) => r.levelId === levelId);
    if (!row) continue;
    const measuredW = status?.reachable && status.running ? status.powerW : undefined;
    rates.set(d.minerId, {
      powerW: levelId === 'off' ? 0 : (measuredW ?? row.powerW),
      revenuePerHour: row.revenuePerHour,
      heatCreditPerHour: row.heatCreditPerHour,
      powerCostPerHour: row.powerCostPerHour,
    });
  }
  return rates;
}
