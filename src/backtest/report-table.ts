import { renderTable } from '../text-table.js';
import type { BacktestResult } from './run.js';

const money = (v: number) => v.toFixed(2);

/** Column names of the summary, shared by the terminal table and the HTML report. */
export const SUMMARY_COLUMNS = [
  'strategy',
  'electricity',
  'mining',
  'heating',
  'net cost',
  'saved',
  'miner heat kWh',
  'comfort K·h',
  'starts',
  'captured',
] as const;

/** The terminal table: money, heat, comfort, starts and captured share per strategy. */
export function resultTable(result: BacktestResult): string {
  const baseline = result.strategies.find((s) => s.name === 'baseline')?.totals.netCost;
  const header = SUMMARY_COLUMNS;
  const rows = result.strategies.map((s) => {
    const t = s.totals;
    return [
      s.label,
      money(t.electricityCost),
      money(t.miningRevenue),
      money(t.heatingCost),
      money(t.netCost),
      baseline === undefined ? '' : money(baseline - t.netCost),
      t.minerHeatKWh.toFixed(0),
      (t.coldKh + t.hotKh).toFixed(1),
      String(t.starts),
      s.captured === undefined ? '–' : `${(s.captured * 100).toFixed(1)} %`,
    ];
  });
  const title = `${result.name}: ${result.from} … ${result.to}, ${result.steps} steps of ${result.stepMinutes} min, money in ${result.currency}`;
  const notes = result.warnings.map((w) => `note: ${w}`);
  return [title, '', renderTable(header, rows), ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** The JSON summary (`--json`): totals per strategy, no per-step traces. */
export function resultJson(result: BacktestResult): string {
  return JSON.stringify(
    {
      name: result.name,
      from: result.from,
      to: result.to,
      stepMinutes: result.stepMinutes,
      steps: result.steps,
      currency: result.currency,
      warnings: result.warnings,
      strategies: result.strategies.map((s) => ({
        name: s.name,
        label: s.label,
        ...s.totals,
        captured: s.captured ?? null,
        wallMs: Math.round(s.wallMs),
      })),
    },
    null,
    2,
  );
}
