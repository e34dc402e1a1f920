import { DateTime } from 'luxon';
import type { Instant } from '../core/types.js';
import type { PriceWindow } from './price-windows.js';
import type { ScalarSummary, SignalsReport } from './signals-report.js';
import { renderTable } from './table.js';

const price = (perKWh: number | undefined) => (perKWh === undefined ? '—' : perKWh.toFixed(4));

function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function details(d: Record<string, number | string> | undefined): string {
  if (!d) return '';
  return Object.entries(d)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? Number(v.toPrecision(6)) : v}`)
    .join(', ');
}

/** The report as text, times in the site's zone. */
export function renderSignalsReport(report: SignalsReport, timeZone: string): string {
  const time = (at: Instant | undefined) =>
    at === undefined ? '—' : DateTime.fromMillis(at, { zone: timeZone }).toFormat('dd.LL HH:mm');
  const window = (w: PriceWindow | undefined) => (w ? `${time(w.start)} ${price(w.perKWh)}` : '—');
  const out: string[] = [];

  out.push(
    'Sources',
    renderTable(
      ['id', 'status', 'error'],
      report.sources.map((s) => [s.id, s.ok ? 'ok' : 'FAILED', s.error ?? '']),
    ),
  );

  out.push('', `Prices (${report.currency}/kWh, times ${timeZone})`);
  out.push(
    renderTable(
      ['series', 'slots', 'span', 'now', 'min', 'max', 'cheapest 1 h', 'cheapest 3 h', 'age'],
      report.series.map((s) => [
        s.key,
        `${s.slots} × ${s.slotMinutes.join('/') || '?'} min`,
        `${time(s.from)} → ${time(s.to)}`,
        price(s.nowPerKWh),
        s.min ? `${price(s.min.perKWh)} ${time(s.min.start)}` : '—',
        s.max ? `${price(s.max.perKWh)} ${time(s.max.start)}` : '—',
        window(s.cheapest1h),
        window(s.cheapest3h),
        age(s.ageS),
      ]),
    ),
  );

  const scalarRows = (rows: ScalarSummary[], unit: (key: string) => string) =>
    rows.map((r) => [
      r.key,
      `${Number(r.value.toPrecision(6))}${unit(r.key)}`,
      age(r.ageS),
      r.source,
      details(r.details),
    ]);
  out.push('', `Revenue (${report.currency} per TH/s per day)`);
  out.push(
    renderTable(
      ['signal', 'value', 'age', 'source', 'inputs'],
      scalarRows(report.revenue, () => ''),
    ),
  );

  out.push('', `Break-even (${report.currency}/kWh: hashprice·TH/s·(1−fee) / (24·kW), before heat credit)`);
  out.push(
    renderTable(
      ['miner', 'level', 'W', 'TH/s', 'break-even'],
      report.breakEven.flatMap((m) =>
        m.levels.map((l) => [
          m.minerId,
          l.id,
          String(l.powerW),
          String(l.ths),
          l.perKWh === undefined ? `no ${m.revenueKey}` : price(l.perKWh),
        ]),
      ),
    ),
  );

  out.push('', 'Other signals');
  out.push(
    renderTable(
      ['signal', 'value', 'age', 'source', 'inputs'],
      scalarRows(report.signals, () => ''),
    ),
  );
  return out.join('\n');
}
