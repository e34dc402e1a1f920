import { renderTable } from '../text-table.js';
import { gridTablesText } from './report-grid.js';
import type { BacktestResult, StrategyResult } from './run.js';
import { tankTableText } from './tank-summary.js';

const money = (v: number) => v.toFixed(2);

/** Column names of the summary, shared by the terminal table and the HTML report. */
export const SUMMARY_COLUMNS = [
  'strategy',
  'electricity',
  'mining',
  'heating',
  'net cost',
  'extra cold K·h',
  'extra hot K·h',
  'objective',
  'saved',
  'miner heat kWh',
  'starts',
  'captured',
] as const;

/** One strategy's summary cells (after the label), in SUMMARY_COLUMNS order. */
export function summaryCells(s: StrategyResult, baselineObjective: number | undefined): string[] {
  const t = s.totals;
  return [
    money(t.electricityCost),
    money(t.miningRevenue),
    money(t.heatingCost),
    money(t.netCost),
    s.extraColdKh.toFixed(1),
    s.extraHotKh.toFixed(1),
    money(s.objective),
    baselineObjective === undefined ? '' : money(baselineObjective - s.objective),
    t.minerHeatKWh.toFixed(0),
    String(t.starts),
    s.captured === undefined ? '–' : `${(s.captured * 100).toFixed(1)} %`,
  ];
}

/** What the objective and captured mean, with the configured penalties. */
export function objectiveLine(result: BacktestResult): string {
  const p = result.penalties;
  return (
    `objective = net cost + ${p.coldPerKh} × extra cold K·h + ${p.hotPerKh} × extra hot K·h ` +
    `(${result.currency} per K·h beyond the no-miner baseline's); captured = (baseline − strategy) / ` +
    '(baseline − optimum) on the objective, which the optimum minimises'
  );
}

/** The terminal table: money, comfort beyond the baseline, objective, heat, starts and captured share. */
export function resultTable(result: BacktestResult, timeZone = 'UTC'): string {
  const baseline = result.strategies.find((s) => s.name === 'baseline')?.objective;
  const rows = result.strategies.map((s) => [s.label, ...summaryCells(s, baseline)]);
  const title = `${result.name}: ${result.from} … ${result.to}, ${result.steps} steps of ${result.stepMinutes} min, money in ${result.currency}`;
  const notes = [...result.notes, ...result.warnings].map((w) => `note: ${w}`);
  return [
    title,
    objectiveLine(result),
    '',
    renderTable(SUMMARY_COLUMNS, rows),
    ...(result.tank ? tankTableText(result.tank, result.currency) : []),
    ...gridTablesText(result, timeZone),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
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
      penalties: result.penalties,
      warnings: result.warnings,
      notes: result.notes,
      capacity: result.capacity ?? null,
      events: result.events,
      tank: result.tank ?? null,
      strategies: result.strategies.map((s) => ({
        name: s.name,
        label: s.label,
        ...s.totals,
        extraColdKh: s.extraColdKh,
        extraHotKh: s.extraHotKh,
        objective: s.objective,
        captured: s.captured ?? null,
        capacity: s.capacity ?? null,
        wallMs: Math.round(s.wallMs),
      })),
    },
    null,
    2,
  );
}
