import { DateTime } from 'luxon';
import { renderTable } from '../text-table.js';
import type { CapacityResult } from './capacity.js';
import type { BacktestResult } from './run.js';

/** A table as a header and rows of cells, for the terminal and the HTML report alike. */
export interface GridTable {
  title: string;
  header: string[];
  rows: string[][];
}

const kW = (w: number) => (w / 1000).toFixed(2);

/** The house alone (the no-miner baseline) first, then every reported strategy but the baseline. */
function columns(result: BacktestResult): { label: string; capacity: CapacityResult | undefined }[] {
  return [
    { label: 'house alone', capacity: result.capacity?.house },
    ...result.strategies
      .filter((s) => s.name !== 'baseline')
      .map((s) => ({ label: s.name, capacity: s.capacity })),
  ];
}

/**
 * The capacity tariff per month (issue 18): each strategy's peak (kW, the month's highest window
 * average of grid import) and charge, with and without hashheat; the last row sums the charges.
 */
export function capacityTable(result: BacktestResult): GridTable | undefined {
  const c = result.capacity;
  if (!c) return undefined;
  const cols = columns(result);
  const header = ['month', ...cols.flatMap((col) => [`${col.label} kW`, 'charge'])];
  const rows = c.house.months.map((m) => [
    m.month,
    ...cols.flatMap((col) => {
      const own = col.capacity?.months.find((x) => x.month === m.month);
      return own ? [kW(own.peakW), own.charge.toFixed(2)] : ['–', '–'];
    }),
  ]);
  rows.push(['total', ...cols.flatMap((col) => ['', (col.capacity?.charge ?? 0).toFixed(2)])]);
  const title =
    `capacity tariff: ${c.perKWMonth.toFixed(2)} ${result.currency} per kW-month on the month's highest ` +
    `${c.windowMinutes}-min average of grid import, at least ${kW(c.minimumW)} kW (charges are in the electricity cost above)`;
  return { title, header, rows };
}

/** The grid events: each event's window and effect, each strategy's miner energy (kWh) and net cost in it. */
export function eventsTable(result: BacktestResult, timeZone: string): GridTable | undefined {
  if (result.events.length === 0) return undefined;
  const names = result.events[0]!.strategies.map((s) => (s.name === 'house' ? 'house alone' : s.name));
  const at = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm');
  const header = ['event', 'from', 'to', 'effect', ...names.flatMap((n) => [`${n} kWh`, 'cost'])];
  const rows = result.events.map((e) => [
    e.title,
    at(e.start),
    at(e.end),
    e.effect,
    ...e.strategies.flatMap((s) => [s.minerKWh.toFixed(2), s.netCost.toFixed(2)]),
  ]);
  return {
    title: `grid events (${timeZone}): miners' energy and net cost in each window, priced at the event's price for every strategy`,
    header,
    rows,
  };
}

/** The capacity and events tables as terminal text (empty without either). */
export function gridTablesText(result: BacktestResult, timeZone: string): string[] {
  const tables = [capacityTable(result), eventsTable(result, timeZone)].filter(
    (t): t is GridTable => t !== undefined,
  );
  return tables.flatMap((t) => ['', t.title, renderTable(t.header, t.rows)]);
}
