import { minMaxIndices, niceTicks, timeTicks } from './chart-math.js';
import { decodeDeltas } from './report-data.js';

// The report page's script: plain browser JavaScript, no libraries. It decodes the data (report-data.ts),
// draws every chart as inline SVG for the chosen window or the steps dragged across (min/max per pixel
// column, time ticks at local months/days/hours, gridlines, a tooltip with each series' value at the
// hovered step) and fills the per-month and per-day tables of the chosen strategy. The chart functions
// are the tested ones of chart-math.ts, inlined by their source; `__name` is the no-op esbuild may wrap
// named functions in.
const PAGE = `
const D = JSON.parse(document.getElementById('data').textContent);
const $ = (id) => document.getElementById(id);
const esc = (t) => String(t).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const N = D.n, W = 1000, H = 180, L = 58, R = 10, T = 8, B = 20, PW = W - L - R, PH = H - T - B;
const S = D.strategies.map((s) => ({ name: s.name, label: s.label, color: s.color, roomC: dec(s.roomC), minerW: dec(s.minerW), value: dec(s.value) }));
const shown = new Set(S.map((s) => s.name));
const fmt = (o) => new Intl.DateTimeFormat('en-GB', Object.assign({ timeZone: D.timeZone }, o));
const F = { month: fmt({ month: 'short', year: 'numeric' }), day: fmt({ day: 'numeric', month: 'short' }), hour: fmt({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  tip: fmt({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) };
const timeAt = (i) => new Date(D.start + i * D.stepMs);
const view = { from: 0, to: N };
const cur = D.currency;
const charts = [];
function addChart(id, title, unit, digits, lines, opts) { if (lines().length) charts.push(Object.assign({ id, title, unit, digits, lines }, opts || {})); }
const one = (label, color, values) => () => (values ? [{ name: label, label, color, values }] : []);
const byStrategy = (key, skipBaseline) => () => S.filter((s) => shown.has(s.name) && !(skipBaseline && s.name === 'baseline')).map((s) => ({ name: s.name, label: s.label, color: s.color, values: s[key] }));
const price = dec(D.series.price), exportPrice = dec(D.series.export);
addChart('c-price', 'Electricity price', cur + '/kWh', 4, () => [{ name: 'import', label: 'import', color: '#333333', values: price }].concat(exportPrice ? [{ name: 'export', label: 'export (feed-in)', color: '#e6ab02', values: exportPrice }] : []), { steps: true });
addChart('c-hashprice', 'Hashprice', cur + ' per TH/s per day', 4, one('hashprice', '#8c564b', dec(D.series.hashprice)));
addChart('c-surplus', 'PV surplus', 'W', 0, one('PV surplus', '#e6ab02', dec(D.series.surplus)));
addChart('c-outdoor', 'Outdoor temperature', '°C', 1, one('outdoor', '#4a90d9', dec(D.series.outdoor)));
addChart('c-room', D.zoneTitle, '°C', 2, byStrategy('roomC'), { bands: [D.minC, D.maxC] });
addChart('c-power', 'Miner power', 'W', 0, byStrategy('minerW', true), { steps: true });
addChart('c-value', 'Cumulative net value against no miner', cur, 2, byStrategy('value'), { clipped: D.clipped });
// Step i covers [xOf(i), xOf(i + 1)): the window's steps share the plot's width, time runs left to right.
const xOf = (i) => L + (i - view.from) / Math.max(1, view.to - view.from) * PW;
function tickLabel(t) { const d = timeAt(t.i); return t.kind === 'month' ? F.month.format(d) : t.kind === 'day' ? F.day.format(d) : F.hour.format(d); }
function draw(c) {
  const { from, to } = view, lines = c.lines(), clipped = c.clipped || [];
  const keep = minMaxIndices(lines.map((l) => l.values), from, to, PW);
  let lo = Infinity, hi = -Infinity;
  for (const l of lines) if (!clipped.includes(l.name)) for (const i of keep) { const v = l.values[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
  for (const v of c.bands || []) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(lo <= hi)) { lo = 0; hi = 1; }
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const pad = (hi - lo) * 0.04; lo -= pad; hi += pad;
  const y = (v) => T + (hi - v) / (hi - lo) * PH;
  const yt = niceTicks(lo, hi, 5), step = yt.length > 1 ? yt[1] - yt[0] : 1, yd = Math.max(0, Math.min(4, -Math.floor(Math.log10(step) + 1e-9)));
  let s = '<svg viewBox="0 0 ' + W + ' ' + H + '" width="100%" data-chart="' + c.id + '"><defs><clipPath id="clip-' + c.id + '"><rect x="' + L + '" y="' + T + '" width="' + PW + '" height="' + PH + '"/></clipPath></defs>';
  s += '<rect x="' + L + '" y="' + T + '" width="' + PW + '" height="' + PH + '" fill="#fcfcfc" stroke="#ccc"/>';
  for (const v of yt) s += '<line class="ygrid" x1="' + L + '" x2="' + (L + PW) + '" y1="' + y(v).toFixed(1) + '" y2="' + y(v).toFixed(1) + '"/><text class="ytick" x="' + (L - 5) + '" y="' + (y(v) + 4).toFixed(1) + '" text-anchor="end">' + v.toFixed(yd) + '</text>';
  for (const t of timeTicks(D.days, D.months, from, to, D.stepsPerHour, 12)) {
    const x = xOf(t.i).toFixed(1);
    s += '<line class="xgrid ' + t.kind + '" x1="' + x + '" x2="' + x + '" y1="' + T + '" y2="' + (T + PH) + '"/><text class="xtick" x="' + x + '" y="' + (H - 5) + '" text-anchor="middle">' + esc(tickLabel(t)) + '</text>';
  }
  for (const v of c.bands || []) s += '<line class="band" x1="' + L + '" x2="' + (L + PW) + '" y1="' + y(v).toFixed(1) + '" y2="' + y(v).toFixed(1) + '"/>';
  // A step chart (prices per slot, a miner's level) holds each value until the next kept step.
  const point = (l, i, k) => { const p = xOf(i).toFixed(1) + ',' + y(l.values[i]).toFixed(1); return c.steps && k > 0 ? xOf(i).toFixed(1) + ',' + y(l.values[keep[k - 1]]).toFixed(1) + ' ' + p : p; };
  const last = keep[keep.length - 1], end = (l) => (c.steps && keep.length ? ' ' + xOf(last + 1).toFixed(1) + ',' + y(l.values[last]).toFixed(1) : '');
  for (const l of lines) s += '<polyline clip-path="url(#clip-' + c.id + ')" fill="none" stroke-width="1.3" stroke="' + l.color + '" points="' + keep.map((i, k) => point(l, i, k)).join(' ') + end(l) + '"/>';
  s += '<rect class="sel" x="0" width="0" y="' + T + '" height="' + PH + '"/>';
  s += '<line class="hair" x1="0" x2="0" y1="' + T + '" y2="' + (T + PH) + '" visibility="hidden"/><rect class="hit" x="' + L + '" y="' + T + '" width="' + PW + '" height="' + PH + '" fill="transparent"/></svg>';
  let note = '';
  const out = [];
  for (const l of lines.filter((l) => clipped.includes(l.name))) {
    let a = Infinity, b = -Infinity;
    for (let i = from; i < to; i++) { a = Math.min(a, l.values[i]); b = Math.max(b, l.values[i]); }
    if (a < lo || b > hi) out.push(esc(l.label) + ' (' + a.toFixed(2) + ' … ' + b.toFixed(2) + ' ' + esc(c.unit) + ')');
  }
  if (out.length) note = ' <span class="clipped">y range clipped, leaves out: ' + out.join(', ') + '</span>';
  const el = $(c.id);
  el.innerHTML = '<h3>' + esc(c.title) + ' <small>(' + esc(c.unit) + ')</small>' + note + '</h3>' + s;
  const svg = el.querySelector('svg'), hit = el.querySelector('.hit');
  hit.onmousemove = (e) => { hover(c, lines, svg, e); if (drag && drag.svg === svg) select(svg, drag.i, indexAt(svg, e)); };
  hit.onmousedown = (e) => { e.preventDefault(); drag = { svg, i: indexAt(svg, e) }; };
  hit.onmouseleave = () => { $('tip').hidden = true; document.querySelectorAll('.hair').forEach((h) => h.setAttribute('visibility', 'hidden')); };
}
function indexAt(svg, e) {
  const r = svg.getBoundingClientRect(), sx = (e.clientX - r.left) * W / r.width;
  return Math.max(view.from, Math.min(view.to - 1, Math.floor(view.from + (sx - L) / PW * (view.to - view.from))));
}
// Drag across a chart to zoom into those steps; the window menu, the slider or "whole window" go back.
let drag = null, zoom = null;
function select(svg, a, b) {
  const r = svg.querySelector('.sel'), x0 = xOf(Math.min(a, b)), x1 = xOf(Math.max(a, b));
  r.setAttribute('x', x0); r.setAttribute('width', Math.max(1, x1 - x0));
}
document.addEventListener('mouseup', (e) => {
  if (!drag) return;
  const a = drag.i, b = indexAt(drag.svg, e);
  drag = null;
  if (Math.abs(b - a) >= 2) zoom = { from: Math.min(a, b), to: Math.max(a, b) + 1 };
  drawAll();
});
function hover(c, lines, svg, e) {
  const i = indexAt(svg, e);
  const x = xOf(i).toFixed(1);
  document.querySelectorAll('.hair').forEach((h) => { h.setAttribute('x1', x); h.setAttribute('x2', x); h.setAttribute('visibility', 'visible'); });
  const tip = $('tip');
  tip.innerHTML = '<b>' + esc(F.tip.format(timeAt(i))) + '</b>' + lines.map((l) => '<div><span class="dot" style="background:' + l.color + '"></span>' + esc(l.label) + ': <b>' + l.values[i].toFixed(c.digits) + '</b> ' + esc(c.unit) + '</div>').join('');
  tip.hidden = false;
  const left = e.pageX + 14, maxLeft = window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8;
  tip.style.left = Math.min(left, maxLeft) + 'px';
  const below = e.clientY + 14 + tip.offsetHeight < document.documentElement.clientHeight;
  tip.style.top = (below ? e.pageY + 14 : e.pageY - 14 - tip.offsetHeight) + 'px';
}
function drawAll() {
  const len = Number($('len').value), start = Number($('pos').value);
  view.from = zoom ? zoom.from : len >= N ? 0 : Math.min(start, N - len);
  view.to = zoom ? zoom.to : Math.min(N, view.from + len);
  $('unzoom').hidden = !zoom;
  $('window').textContent = F.tip.format(timeAt(view.from)) + ' – ' + F.tip.format(new Date(D.start + view.to * D.stepMs));
  charts.forEach(draw);
}
const COLS = [['net cost', 2], ['saved', 2], ['miner run h', 1], ['miner kWh', 1], ['extra cold K·h', 1], ['extra hot K·h', 1]];
function periodTable(unit, name) {
  const p = D.periods[unit], rows = p.rows[name] || [];
  const total = COLS.map((_, k) => rows.reduce((a, r) => a + r[k], 0));
  const cells = (r) => COLS.map((c, k) => '<td>' + r[k].toFixed(c[1]) + '</td>').join('');
  return '<table class="periods" data-unit="' + unit + '"><thead><tr><th>' + unit + '</th>' + COLS.map((c) => '<th>' + c[0] + '</th>').join('') + '</tr></thead><tbody>' +
    rows.map((r, k) => '<tr><td>' + esc(p.labels[k]) + '</td>' + cells(r) + '</tr>').join('') + '</tbody><tfoot><tr><td>total</td>' + cells(total) + '</tr></tfoot></table>';
}
function drawTables() { const name = $('period-strategy').value; $('months').innerHTML = periodTable('month', name); $('days').innerHTML = periodTable('day', name); }
const pick = $('period-strategy');
S.forEach((s) => { const o = document.createElement('option'); o.value = s.name; o.textContent = s.label; pick.appendChild(o); });
pick.value = S.some((s) => s.name === 'planner') ? 'planner' : S[S.length - 1].name;
pick.onchange = drawTables;
const legend = $('legend');
S.forEach((s) => {
  const l = document.createElement('label');
  l.innerHTML = '<input type="checkbox" checked> <span class="dot" style="background:' + s.color + '"></span>' + esc(s.label);
  l.firstChild.onchange = (e) => { e.target.checked ? shown.add(s.name) : shown.delete(s.name); drawAll(); };
  legend.appendChild(l);
});
$('pos').max = String(Math.max(0, N - 1));
const unzoomed = () => { zoom = null; drawAll(); };
$('pos').oninput = unzoomed;
$('len').onchange = unzoomed;
$('unzoom').onclick = unzoomed;
drawTables();
drawAll();
`;

/** The script, with the chart functions it calls. */
export const REPORT_SCRIPT = [
  'const __name = (f) => f;',
  `const minMaxIndices = ${String(minMaxIndices)};`,
  `const timeTicks = ${String(timeTicks)};`,
  `const niceTicks = ${String(niceTicks)};`,
  `const decodeDeltas = ${String(decodeDeltas)};`,
  'const dec = (e) => (e ? Float64Array.from(decodeDeltas(e)) : null);',
  PAGE,
].join('\n');
