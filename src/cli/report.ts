import { join } from 'node:path';
import { DateTime } from 'luxon';
import { HistoryStore, hasHistory } from '../history/store.js';
import { type Money, summarize, totalsOf } from '../history/summary.js';
import { loadConfigOrExit } from './load.js';
import { renderTable } from './table.js';

/** Options of `hashheat report`. */
export interface ReportOptions {
  config: string;
  month: string;
  json?: boolean;
}

const money = (value: number) => value.toFixed(2);
const row = (name: string, m: Money) => [
  name,
  m.energyKWh.toFixed(2),
  money(m.revenue),
  money(m.heatCredit),
  money(m.powerCost),
  money(m.net),
];

/**
 * `hashheat report --month 2026-11`: a monthly statement from the history the agent keeps (energy,
 * mining revenue, heat credit, power cost and net per miner and per day, in local days). Reads the
 * history read-only, so it can run beside the agent.
 */
export function reportCommand(
  options: ReportOptions,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): number {
  const config = loadConfigOrExit(options.config);
  const zone = config.site.timeZone;
  const month = DateTime.fromFormat(options.month, 'yyyy-MM', { zone });
  if (!month.isValid) {
    io.stderr.write(`hashheat report: --month ${options.month}: expected YYYY-MM, e.g. 2026-11\n`);
    return 2;
  }
  if (!hasHistory(config.agent.dataDir)) {
    io.stderr.write(
      `hashheat report: no history at ${join(config.agent.dataDir, 'history')}; add a \`history:\` section and let the agent run\n`,
    );
    return 1;
  }
  const store = new HistoryStore(config.agent.dataDir, { readOnly: true });
  try {
    const from = month.startOf('month').toMillis();
    const to = month.plus({ months: 1 }).startOf('month').toMillis();
    const rows = store.read(from, to);
    const days = summarize(rows, '1d', zone);
    const totals = totalsOf(rows);
    if (options.json) {
      io.stdout.write(
        `${JSON.stringify({ month: options.month, currency: config.site.currency, totals, days })}\n`,
      );
      return 0;
    }
    const cur = config.site.currency;
    const header = ['', 'kWh', `mining ${cur}`, `heat ${cur}`, `power ${cur}`, `net ${cur}`];
    const minerRows = config.miners.map((m) =>
      row(m.name ?? m.id, totals.miners[m.id] ?? totalsOf([]).total),
    );
    io.stdout.write(`hashheat statement ${options.month} (${zone})\n\n`);
    io.stdout.write(`${renderTable(header, [...minerRows, row('all miners', totals.total)])}\n\n`);
    io.stdout.write(
      `${renderTable(
        ['day', ...header.slice(1)],
        days.map((d) => row(d.label, d.total)),
      )}\n`,
    );
    if (rows.length === 0) io.stdout.write('\n(no intervals recorded in this month)\n');
    return 0;
  } finally {
    store.close();
  }
}
