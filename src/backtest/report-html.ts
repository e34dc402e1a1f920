import { COLORS, reportData } from './report-data.js';
import { capacityTable, eventsTable } from './report-grid.js';
import { REPORT_SCRIPT } from './report-script.js';
import { objectiveLine, SUMMARY_COLUMNS, summaryCells } from './report-table.js';
import type { BacktestResult } from './run.js';
import { tankTable } from './tank-summary.js';
import type { BacktestWorld } from './world.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Rows of the summary table as HTML. */
function tableHtml(result: BacktestResult): string {
  const baseline = result.strategies.find((s) => s.name === 'baseline')?.objective;
  const head = SUMMARY_COLUMNS;
  const rows = result.strategies.map((s) => {
    const cells = [
      `<span class="dot" style="background:${COLORS[s.name]}"></span>${escapeHtml(s.label)}`,
      ...summaryCells(s, baseline),
    ];
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<table id="summary"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The capacity tariff's months and the grid events (issue 18) as HTML tables; empty without either. */
function gridTablesHtml(result: BacktestResult, timeZone: string): string {
  const tables = [
    ['capacity', capacityTable(result)],
    ['events', eventsTable(result, timeZone)],
    ['tank', result.tank ? tankTable(result.tank, result.currency) : undefined],
  ] as const;
  return tables
    .map(([id, t]) =>
      t
        ? `<h3>${escapeHtml(t.title)}</h3><table id="${id}"><thead><tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
          `<tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
        : '',
    )
    .join('');
}

const STYLE = `
body { font: 14px system-ui, sans-serif; margin: 24px auto; max-width: 1080px; color: #222; padding: 0 8px; }
table { border-collapse: collapse; margin: 12px 0; } td, th { padding: 3px 10px; border-bottom: 1px solid #e4e4e4; text-align: right; }
td:first-child, th:first-child { text-align: left; } tfoot td { font-weight: 600; border-top: 1px solid #999; }
h3 { margin: 18px 0 2px; font-size: 15px; } small { color: #777; font-weight: normal; }
svg text { font-size: 11px; fill: #555; } .dot { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 6px; }
.ygrid, .xgrid { stroke: #e6e6e6; } .xgrid.month, .xgrid.day { stroke: #d4d4d4; } .band { stroke: #999; stroke-dasharray: 4 3; }
.hair { stroke: #444; stroke-width: 0.8; } .sel { fill: rgba(31,120,180,.15); } .hit { cursor: crosshair; } .clipped { color: #8a5a00; font-weight: normal; font-size: 12px; }
#legend label { margin-right: 14px; white-space: nowrap; } .controls { margin: 10px 0; } .note { color: #8a5a00; }
#tip { position: absolute; background: #fff; border: 1px solid #bbb; border-radius: 4px; padding: 6px 8px; font-size: 12px;
  box-shadow: 0 2px 6px rgba(0,0,0,.15); pointer-events: none; white-space: nowrap; z-index: 2; }
.periods-box { max-height: 420px; overflow: auto; display: inline-block; } details { margin: 8px 0; }
`;

/**
 * A self-contained HTML report (nothing loaded from elsewhere): the summary table, per-month and
 * per-day tables of a chosen strategy, and charts drawn as inline SVG by the page's own script.
 */
export function resultHtml(result: BacktestResult, world: BacktestWorld): string {
  const data = reportData(result, world);
  const stepsPerDay = Math.round(86_400_000 / data.stepMs);
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const notes = [...result.notes, ...result.warnings]
    .map((w) => `<p class="note">${escapeHtml(w)}</p>`)
    .join('');
  const windows = [
    [data.n, 'whole period'],
    [30 * stepsPerDay, '30 days'],
    [7 * stepsPerDay, '7 days'],
    [2 * stepsPerDay, '2 days'],
  ].filter(([len], k) => k === 0 || Number(len) < data.n);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hashheat backtest: ${escapeHtml(result.name)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(result.name)}</h1>
<p>${result.from} … ${result.to} (${escapeHtml(data.timeZone)}), ${result.steps} steps of ${result.stepMinutes} min. Money in ${result.currency}; net cost = electricity + heating − mining; ${escapeHtml(objectiveLine(result))}. Extra cold/hot K·h are degree-hours below the comfort minimum / above the maximum beyond the no-miner baseline's.</p>
${tableHtml(result)}${gridTablesHtml(result, data.timeZone)}${notes}
<h2>Per month and per day</h2>
<p>Strategy <select id="period-strategy"></select> <small>saved = the no-miner baseline's net cost − this strategy's; miner run h = hours in which a miner drew power</small></p>
<div id="months" class="periods-box"></div>
<details><summary>Per day</summary><div id="days" class="periods-box"></div></details>
<h2>Charts</h2>
<div id="legend"></div>
<div class="controls">Window <select id="len">${windows.map(([len, label], k) => `<option value="${len}"${k === 0 ? ' selected' : ''}>${label}</option>`).join('')}</select>
start <input id="pos" type="range" min="0" value="0" style="width:50%"> <button id="unzoom" hidden>whole window</button> <small id="window"></small></div>
<p><small>Lines keep every step's minimum and maximum per pixel column, so short spikes stay visible; hover a chart for the values at one step, drag across it to zoom in.</small></p>
<div id="c-price"></div><div id="c-hashprice"></div><div id="c-surplus"></div><div id="c-outdoor"></div><div id="c-room"></div><div id="c-power"></div><div id="c-value"></div>
<div id="tip" hidden></div>
<script type="application/json" id="data">${json}</script>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}
