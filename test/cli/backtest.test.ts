import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestCommand, defaultReportPath } from '../../src/cli/backtest.js';

const CONFIG = 'test/fixtures/backtest/backtest-week.yaml';

function io(tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t), isTTY: tty },
    },
  };
}

describe('hashheat backtest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hashheat-backtest-'));

  it('prints the table for a one-week slice and writes a self-contained HTML report', async () => {
    const report = join(dir, 'week.html');
    const { out, err, io: streams } = io();
    const code = await backtestCommand({ config: CONFIG, report, to: '2024-01-11' }, streams);
    expect(code).toBe(0);
    const text = out.join('');
    expect(text).toContain('2024-01-08 … 2024-01-11, 72 steps of 60 min');
    for (const label of [
      'no miner (baseline)',
      'thermostat-only miner',
      'fixed price threshold',
      'hashheat live policies',
      'hashheat with planner',
      'perfect-foresight optimum',
    ])
      expect(text).toContain(label);
    expect(text).toMatch(/perfect-foresight optimum .* 100\.0 %/);
    expect(err.join('')).toContain('planner …');
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    const data = JSON.parse(html.match(/<script type="application\/json" id="data">(.*?)<\/script>/s)![1]!);
    expect(data.n).toBe(72);
    expect(data.series.price.d).toBe(4);
    expect(data.strategies.map((s: { name: string }) => s.name)).toContain('planner');
    expect(html).toContain('<svg');
  });

  it('prints JSON with --json and draws a progress bar on a terminal', async () => {
    const { out, err, io: streams } = io(true);
    const code = await backtestCommand(
      { config: CONFIG, json: true, report: false, strategies: 'baseline,optimum', to: '2024-01-10' },
      streams,
    );
    expect(code).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(json.steps).toBe(48);
    expect(json.strategies.map((s: { name: string }) => s.name)).toEqual(['baseline', 'optimum']);
    expect(json.strategies[1].captured).toBe(1);
    expect(err.join('')).toMatch(/\r\[#+\] 100 % optimum/);
  });

  it('exits 2 naming the key of a bad config, and 1 naming a missing data file', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      readFileSync(CONFIG, 'utf8').replace('stepMinutes', 'x').replace('to: 2024-01-15', 'to: 15.1.2024'),
    );
    const first = io();
    expect(await backtestCommand({ config: bad, report: false }, first.io)).toBe(2);
    expect(first.err.join('')).toContain('backtest.to: a date YYYY-MM-DD');
    const second = io();
    writeFileSync(
      join(dir, 'm.yaml'),
      readFileSync(CONFIG, 'utf8')
        .replace('prices-week.csv', 'nope.csv')
        .replace('dataDir: .', `dataDir: ${join(process.cwd(), 'test/fixtures/backtest')}`),
    );
    expect(await backtestCommand({ config: join(dir, 'm.yaml'), report: false }, second.io)).toBe(1);
    expect(second.err.join('')).toMatch(/nope\.csv/);
  });

  it('names the default report after the config', () => {
    expect(defaultReportPath('config/backtest-nano.yaml')).toBe('report-backtest-nano.html');
  });
});
