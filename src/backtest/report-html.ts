import { objectiveLine, SUMMARY_COLUMNS, summaryCells } from './report-table.js';
import type { BacktestResult } from './run.js';
import type { BacktestWorld } from './world.js';

const COLORS: Record<string, string> = {
  baseline: '#888888',
  thermostat: '#d95f02',
  threshold: '#7570b3',
  live: '#1b9e77',
  planner: '#e7298a',
  optimum: '#1f78b4',
  money: '#a6cee3',
};

const round = (values: ArrayLike<number>, digits: number) => {
  const f = 10 ** digits;
  return Array.from(values, (v) => Math.round(v * f) / f);
};

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
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// The page's script: draws the charts as inline SVG for a chosen window. Plain ES2015, no libraries.
const SCRIPT = `
const D = JSON.parse(document.getElementById('data').textContent);
const N = D.price.length, W = 1000, H = 170, P = 44;
const shown = new Set(D.strategies.map(s => s.name));
function bucket(a, from, to, max) {
  const n = to - from, k = Math.max(1, Math.ceil(n / max)), out = [];
  for (let i = from; i < to; i += k) { let s = 0, c = 0; for (let j = i; j < Math.min(to, i + k); j++) { s += a[j]; c++; } out.push([i, s / c]); }
  return out;
}
function chart(id, title, unit, lines, from, to, bands) {
  let lo = Infinity, hi = -Infinity;
  const pts = lines.map(l => { const b = bucket(l.values, from, to, 1200); b.forEach(p => { lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); }); return { color: l.color, b }; });
  (bands || []).forEach(v => { lo = Math.min(lo, v); hi = Math.max(hi, v); });
  if (!(hi > lo)) { hi = lo + 1; }
  const x = i => P + (i - from) / Math.max(1, to - from) * (W - P - 6), y = v => 8 + (hi - v) / (hi - lo) * (H - 26);
  let s = '<svg viewBox="0 0 ' + W + ' ' + H + '" width="100%"><rect x="' + P + '" y="8" width="' + (W - P - 6) + '" height="' + (H - 26) + '" fill="#fafafa" stroke="#ddd"/>';
  [lo, (lo + hi) / 2, hi].forEach(v => { s += '<text x="' + (P - 4) + '" y="' + (y(v) + 4) + '" text-anchor="end">' + v.toFixed(Math.abs(hi - lo) < 2 ? 3 : 1) + '</text>'; });
  (bands || []).forEach(v => { s += '<line x1="' + P + '" x2="' + (W - 6) + '" y1="' + y(v) + '" y2="' + y(v) + '" stroke="#bbb" stroke-dasharray="4 3"/>'; });
  pts.forEach(p => { s += '<polyline fill="none" stroke-width="1.3" stroke="' + p.color + '" points="' + p.b.map(q => x(q[0]).toFixed(1) + ',' + y(q[1]).toFixed(1)).join(' ') + '"/>'; });
  const day = (ms) => new Date(ms).toLocaleDateString('sv-SE', { timeZone: D.timeZone }); // YYYY-MM-DD in the site's zone
  const d0 = day(D.start + from * D.stepMs), d1 = day(D.start + to * D.stepMs);
  s += '<text x="' + P + '" y="' + (H - 4) + '">' + d0 + '</text><text x="' + (W - 6) + '" y="' + (H - 4) + '" text-anchor="end">' + d1 + '</text></svg>';
  document.getElementById(id).innerHTML = '<h3>' + title + ' <small>(' + unit + ')</small></h3>' + s;
}
function draw() {
  const len = Number(document.getElementById('len').value), start = Number(document.getElementById('pos').value);
  const from = len >= N ? 0 : Math.min(start, N - len), to = Math.min(N, from + len);
  const S = D.strategies.filter(s => shown.has(s.name));
  chart('price', 'Import price', D.currency + '/kWh', [{ color: '#333', values: D.price }], from, to);
  chart('outdoor', 'Outdoor temperature', '°C', [{ color: '#4a90d9', values: D.outdoor }], from, to);
  chart('room', 'Room temperature', '°C', S.map(s => ({ color: s.color, values: s.roomC })), from, to, [D.minC, D.maxC]);
  chart('power', 'Miner power', 'W', S.filter(s => s.name !== 'baseline').map(s => ({ color: s.color, values: s.minerW })), from, to);
  const base = D.strategies.find(s => s.name === 'baseline');
  if (base) chart('value', 'Cumulative net value against no miner', D.currency, S.map(s => ({ color: s.color, values: s.netCost.map((v, i) => base.netCost[i] - v) })), from, to);
}
const legend = document.getElementById('legend');
D.strategies.forEach(s => {
  const l = document.createElement('label');
  l.innerHTML = '<input type="checkbox" checked> <span class="dot" style="background:' + s.color + '"></span>' + s.label;
  l.firstChild.onchange = e => { e.target.checked ? shown.add(s.name) : shown.delete(s.name); draw(); };
  legend.appendChild(l);
});
const pos = document.getElementById('pos');
pos.max = String(N - 1);
pos.oninput = draw;
document.getElementById('len').onchange = draw;
draw();
`;

const STYLE = `
body { font: 14px system-ui, sans-serif; margin: 24px auto; max-width: 1080px; color: #222; }
table { border-collapse: collapse; margin: 12px 0; } td, th { padding: 4px 10px; border-bottom: 1px solid #e4e4e4; text-align: right; }
td:first-child, th:first-child { text-align: left; } h3 { margin: 18px 0 2px; font-size: 15px; } small { color: #777; font-weight: normal; }
svg text { font-size: 11px; fill: #555; } .dot { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 6px; }
#legend label { margin-right: 14px; } .controls { margin: 10px 0; } .note { color: #8a5a00; }
`;

/** A self-contained HTML report: summary table and charts (inline SVG drawn by inline JS; no network). */
export function resultHtml(result: BacktestResult, world: BacktestWorld): string {
  const f = world.frames;
  const data = {
    currency: result.currency,
    timeZone: world.bc.config.site.timeZone,
    start: f.start[0] ?? 0,
    stepMs: f.stepMs,
    minC: world.room.minC,
    maxC: world.room.maxC,
    price: round(f.importPerKWh, 4),
    outdoor: round(f.outdoorC, 1),
    strategies: result.strategies.map((s) => ({
      name: s.name,
      label: s.label,
      color: COLORS[s.name],
      roomC: round(s.trace.roomC.subarray(0, f.start.length), 2),
      minerW: round(s.trace.minerW, 0),
      netCost: round(s.trace.netCost, 3),
    })),
  };
  const stepsPerDay = Math.round(86_400_000 / f.stepMs);
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const notes = [...result.notes, ...result.warnings]
    .map((w) => `<p class="note">${escapeHtml(w)}</p>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hashheat backtest: ${escapeHtml(result.name)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(result.name)}</h1>
<p>${result.from} … ${result.to}, ${result.steps} steps of ${result.stepMinutes} min. Money in ${result.currency}; net cost = electricity + heating − mining; ${escapeHtml(objectiveLine(result))}.</p>
${tableHtml(result)}${notes}
<div id="legend"></div>
<div class="controls">Window <select id="len"><option value="${f.start.length}" selected>whole period</option><option value="${30 * stepsPerDay}">30 days</option><option value="${7 * stepsPerDay}">7 days</option><option value="${2 * stepsPerDay}">2 days</option></select>
start <input id="pos" type="range" min="0" value="0" style="width:60%"></div>
<div id="price"></div><div id="outdoor"></div><div id="room"></div><div id="power"></div><div id="value"></div>
<script type="application/json" id="data">${json}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
