import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** uPlot's script and stylesheet, inlined: the page loads nothing from anywhere else (works offline). */
function uplotAssets(): { js: string; css: string } {
  const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  return { js, css };
}

/** The page's own script: fetches /api/state, follows /api/events, draws cards, chart and controls. */
const SCRIPT = `
const token = new URLSearchParams(location.hash.slice(1)).get('token') || localStorage.getItem('hashheat-token') || '';
if (token) localStorage.setItem('hashheat-token', token);
const headers = token ? { authorization: 'Bearer ' + token } : {};
const $ = (sel) => document.querySelector(sel);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const num = (v, d = 0) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));
let state;
let chart;

async function post(path, body) {
  const r = await fetch(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) $('#error').textContent = (await r.json()).error;
  else $('#error').textContent = '';
}

function ledgerTable(m, cur) {
  const rows = (m.decision?.ledger ?? []).map((r) =>
    '<tr class="' + (r.levelId === m.decision.levelId ? 'chosen' : '') + (r.allowed ? '' : ' blocked') + '">' +
    '<td>' + esc(r.levelId) + '</td><td>' + num(r.powerW) + '</td><td>' + num(r.revenuePerHour * 100, 1) +
    '</td><td>' + num(r.heatCreditPerHour * 100, 1) + '</td><td>' + num(r.powerCostPerHour * 100, 1) +
    '</td><td>' + num(r.netPerHour * 100, 1) + '</td></tr>').join('');
  return '<table class="ledger"><tr><th>level</th><th>W</th><th>mining</th><th>heat</th><th>power</th><th>net</th></tr>' + rows +
    '</table><div class="unit">' + esc(cur) + '-cent per hour</div>';
}

function card(m, cur) {
  const buttons = ['auto', ...m.levels.map((l) => l.id)].map((id) => {
    const active = (m.override ? m.override.levelId : 'auto') === id;
    return '<button data-miner="' + esc(m.id) + '" data-level="' + esc(id) + '" class="' + (active ? 'active' : '') + '">' + esc(id) + '</button>';
  }).join('');
  const cmd = m.decision?.command ? m.decision.command.status + (m.decision.command.detail ? ': ' + m.decision.command.detail : '') : '';
  return '<section class="card" data-miner="' + esc(m.id) + '"><h2>' + esc(m.name) + ' <span class="health ' + esc(m.health) + '">' + esc(m.health) + '</span></h2>' +
    '<div class="facts"><b class="level">' + esc(m.levelId ?? '?') + '</b> · ' + num(m.powerW) + ' W · ' + num(m.ths, 2) + ' TH/s · ' + num(m.chipTempC, 0) + ' °C</div>' +
    '<p class="reason">' + esc(m.decision?.reason ?? 'no decision yet') + '</p>' +
    '<div class="meta">decided by ' + esc(m.decision?.decidedBy ?? '–') + (cmd ? ' · last command ' + esc(cmd) : '') + '</div>' +
    ledgerTable(m, cur) + '<div class="controls">' + buttons + '</div></section>';
}

function drawChart(s) {
  const slots = s.prices.import;
  if (slots.length === 0) { $('#chart').textContent = 'no price series yet'; return; }
  const xs = slots.map((p) => p.start / 1000);
  const price = slots.map((p) => p.perKWh * 100);
  const exp = slots.map((p) => { const e = s.prices.export.find((q) => q.start <= p.start && q.end > p.start); return e ? e.perKWh * 100 : null; });
  const planned = slots.map((p) => s.miners.reduce((sum, m) => {
    const run = (m.plan?.runs ?? []).find((r) => r.start <= p.start && r.end > p.start);
    const level = run && m.levels.find((l) => l.id === run.levelId);
    return sum + (level ? level.powerW : 0);
  }, 0));
  const data = [xs, price, exp, planned];
  const opts = {
    width: Math.min(900, document.body.clientWidth - 24), height: 220,
    series: [{}, { label: 'import ct/kWh', stroke: '#c0392b', paths: uPlot.paths.stepped({ align: 1 }) },
      { label: 'export ct/kWh', stroke: '#2980b9', paths: uPlot.paths.stepped({ align: 1 }) },
      { label: 'planned W', stroke: '#27ae60', scale: 'W', paths: uPlot.paths.stepped({ align: 1 }) }],
    axes: [{}, { label: 'ct/kWh' }, { side: 1, scale: 'W', label: 'W', grid: { show: false } }],
  };
  if (chart) chart.destroy();
  $('#chart').textContent = '';
  chart = new uPlot(opts, data, $('#chart'));
}

function render(s) {
  state = s;
  const cur = s.currency;
  $('#enabled').checked = s.enabled;
  $('#dryrun').checked = s.dryRun;
  const problems = Object.entries(s.problems);
  $('#problems').textContent = problems.map(([k, v]) => k + ': ' + v).join(' · ');
  $('#problems').hidden = problems.length === 0;
  $('#today').textContent = 'today: mining ' + num(s.today.revenue, 2) + ' + heat ' + num(s.today.heatCredit, 2) +
    ' − power ' + num(s.today.powerCost, 2) + ' = ' + num(s.today.net, 2) + ' ' + cur;
  $('#price').textContent = (s.prices.importNow === null ? '' : 'import now ' + num(s.prices.importNow * 100, 1) + ' ct/kWh') +
    (s.surplusW === null ? '' : ' · surplus ' + num(s.surplusW) + ' W');
  $('#miners').innerHTML = s.miners.map((m) => card(m, cur)).join('');
  $('#zones').innerHTML = s.zones.map((z) => '<li>' + esc(z.name) + ': ' + num(z.tempC, 1) + ' °C (target ' + num(z.targetC, 1) + ', max ' + num(z.maxC, 1) + ')</li>').join('');
  drawChart(s);
}

async function history() {
  const r = await fetch('/api/history?step=1d&from=' + (Date.now() - 30 * 86400000), { headers });
  if (!r.ok) { $('#history').hidden = true; return; }
  const h = await r.json();
  const sum = (days) => days.reduce((t, d) => ({ e: t.e + d.total.energyKWh, r: t.r + d.total.revenue, h: t.h + d.total.heatCredit, c: t.c + d.total.powerCost, n: t.n + d.total.net }), { e: 0, r: 0, h: 0, c: 0, n: 0 });
  const line = (label, t) => '<tr><td>' + esc(label) + '</td><td>' + num(t.e, 2) + '</td><td>' + num(t.r, 2) + '</td><td>' + num(t.h, 2) + '</td><td>' + num(t.c, 2) + '</td><td>' + num(t.n, 2) + '</td></tr>';
  const days = h.steps;
  const week = days.filter((d) => d.start >= Date.now() - 7 * 86400000);
  $('#history').hidden = false;
  $('#history tbody').innerHTML = line('last 7 days', sum(week)) + line('last 30 days', sum(days)) +
    days.slice().reverse().map((d) => line(d.label, { e: d.total.energyKWh, r: d.total.revenue, h: d.total.heatCredit, c: d.total.powerCost, n: d.total.net })).join('');
  $('#history th.cur').textContent = 'net ' + h.currency;
}

async function refresh() {
  const r = await fetch('/api/state', { headers });
  if (r.ok) render(await r.json());
  else $('#error').textContent = r.status === 401 ? 'token needed: open this page as /#token=…' : 'state: HTTP ' + r.status;
}

document.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-miner]');
  if (b) post('/api/miners/' + encodeURIComponent(b.dataset.miner) + '/override', { level: b.dataset.level });
});
$('#enabled').addEventListener('change', (e) => post('/api/enabled', { enabled: e.target.checked }));
$('#dryrun').addEventListener('change', (e) => post('/api/dry-run', { dryRun: e.target.checked }));
const events = new EventSource('/api/events' + (token ? '?access_token=' + encodeURIComponent(token) : ''));
events.addEventListener('tick', refresh);
events.addEventListener('state', (e) => render(JSON.parse(e.data)));
refresh();
history();
setInterval(history, 5 * 60 * 1000);
`;

const STYLE = `
body { font: 15px/1.4 system-ui, sans-serif; margin: 12px; color: #222; background: #f6f6f4; }
header { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
h1 { font-size: 20px; margin: 0 12px 0 0; }
#problems { background: #fdecea; color: #8a1c12; padding: 6px 10px; border-radius: 6px; }
#error { color: #8a1c12; }
#miners { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; margin-top: 12px; }
.card { background: #fff; border-radius: 8px; padding: 10px 12px; box-shadow: 0 1px 3px #0002; }
.card h2 { font-size: 17px; margin: 0 0 4px; }
.health { font-size: 12px; padding: 1px 6px; border-radius: 8px; background: #e8f5e9; color: #1b5e20; }
.health.unreachable, .health.faulty { background: #fdecea; color: #8a1c12; }
.reason { margin: 6px 0; }
.meta, .unit { color: #666; font-size: 12px; }
.ledger { border-collapse: collapse; font-size: 12px; margin-top: 6px; width: 100%; }
.ledger td, .ledger th { text-align: right; padding: 1px 4px; }
.ledger td:first-child, .ledger th:first-child { text-align: left; }
.ledger .chosen { font-weight: bold; background: #fff8e1; }
.ledger .blocked { color: #999; text-decoration: line-through; }
.controls { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 4px; }
.controls button { border: 1px solid #bbb; background: #fafafa; border-radius: 4px; padding: 4px 10px; }
.controls button.active { background: #333; color: #fff; }
#chart { background: #fff; border-radius: 8px; margin-top: 12px; padding: 6px; overflow-x: auto; }
`;

/** The one self-contained page (HTML, CSS, script and uPlot inline). */
export function renderPage(): string {
  const { js, css } = uplotAssets();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>hashheat</title><style>${css}${STYLE}</style></head>
<body>
<header><h1>hashheat</h1>
<label><input type="checkbox" id="enabled"> Control</label>
<label><input type="checkbox" id="dryrun"> Dry run</label>
<span id="price"></span><span id="today"></span></header>
<div id="problems" hidden></div><div id="error"></div>
<div id="miners"></div>
<div id="chart"></div>
<h3>Rooms</h3><ul id="zones"></ul>
<section id="history" hidden><h3>History</h3><table class="ledger"><thead><tr><th>day</th><th>kWh</th><th>mining</th><th>heat</th><th>power</th><th class="cur">net</th></tr></thead><tbody></tbody></table></section>
<script>${js}</script>
<script>${SCRIPT}</script>
</body></html>`;
}
