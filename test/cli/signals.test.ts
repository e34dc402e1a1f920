import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signalsCommand } from '../../src/cli/signals.js';
import type { SignalsReport } from '../../src/cli/signals-report.js';
import { fixture, local, serveMempool } from '../adapters/sources/tariffs/tariff-harness.js';
import { FakeClock } from '../fakes/clock.js';
import { FakeHttpServer } from '../fakes/http-server.js';
import { curvePerMWh } from '../fixtures/tariffs/curve.js';

const NOW = local('2024-03-31T10:30');

function writeConfig(url: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'hashheat-signals-')), 'config.yaml');
  writeFileSync(
    file,
    `site: { timeZone: Europe/Berlin, currency: USD }
prices:
  import: { type: awattar, baseUrl: "${url}" }
  export: { type: fixed, perKWh: -0.01, negative: zero }
revenue:
  hashprice: { type: mempool, baseUrl: "${url}" }
  monero: { type: monero, baseUrl: "${url}", price: { exchange: coingecko, baseUrl: "${url}" } }
  poolFee: 0.02
signals:
  - { type: static, signal: outdoor.tempC, value: 4.5 }
miners:
  - id: nano
    type: simulated
    levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }]
  - id: cpu
    type: simulated
    coin: xmr
    poolFee: 0
    levels: [{ id: all, powerW: 150, ths: 0.000000015 }]
`,
  );
  return file;
}

describe('hashheat signals', () => {
  let server: FakeHttpServer;
  let output: string;
  const write = (t: string) => {
    output += t;
  };
  beforeEach(async () => {
    output = '';
    server = await FakeHttpServer.start();
    server.file('/v1/marketdata', fixture('awattar/de-2024-03-31.json'));
    server.file('/api/networkinfo', fixture('monero-networkinfo.json', 'revenue'));
    server.route('/api/v3/simple/price', { body: '{"monero":{"usd":330}}' });
    serveMempool(server);
  });
  afterEach(() => server.close());

  it('prints every series, the hashprice with its inputs, break-even per level and other signals (--json)', async () => {
    const code = await signalsCommand(
      { config: writeConfig(server.url), json: true },
      { clock: new FakeClock(NOW), write },
    );
    expect(code).toBe(0);
    const report = JSON.parse(output) as SignalsReport;
    const imp = report.series.find((s) => s.key === 'price.import')!;
    expect(imp).toMatchObject({
      slots: 23,
      slotMinutes: [60],
      from: local('2024-03-31T00:00'),
      to: local('2024-04-01T00:00'),
    });
    expect(imp.nowPerKWh).toBeCloseTo(curvePerMWh(local('2024-03-31T10:00')) / 1000, 9);
    // Fixture hours from 10:00: 42.53, 30.04, 19.17, 20.00, 37.28 €/MWh…
    expect(imp.cheapest1h).toMatchObject({ start: local('2024-03-31T12:00'), perKWh: 0.01917 });
    expect(imp.cheapest3h!.start).toBe(local('2024-03-31T11:00'));
    expect(imp.cheapest3h!.perKWh).toBeCloseTo((0.03004 + 0.01917 + 0.02) / 3, 9);
    expect(report.series.find((s) => s.key === 'price.export')!.nowPerKWh).toBe(0);

    const hashprice = report.revenue.find((r) => r.key === 'hashprice')!;
    expect(hashprice.value).toBeCloseTo(0.0373, 4);
    expect(hashprice.details).toMatchObject({
      difficulty: 1.4826e14,
      subsidyBtc: 3.125,
      feesBtcPerBlock: 0.02,
      btcPrice: 87500,
    });
    const nano = report.breakEven.find((m) => m.minerId === 'nano')!;
    expect(nano.levels.find((l) => l.id === 'high')!.perKWh).toBeCloseTo(
      (hashprice.value * 6 * 0.98) / (24 * 0.14),
      9,
    );
    const cpu = report.breakEven.find((m) => m.minerId === 'cpu')!;
    const xmr = report.revenue.find((r) => r.key === 'hashprice.xmr')!.value;
    expect(cpu.levels[0]!.perKWh).toBeCloseTo((xmr * 1.5e-8) / (24 * 0.15), 9);
    expect(report.signals).toEqual([expect.objectContaining({ key: 'outdoor.tempC', value: 4.5, ageS: 0 })]);
  });

  it('prints a readable table and exits 1 when a source failed', async () => {
    server.fault('/api/v1/mining/hashrate/3d', 'http500');
    const code = await signalsCommand(
      { config: writeConfig(server.url) },
      { clock: new FakeClock(NOW), write },
    );
    expect(code).toBe(1);
    expect(output).toMatch(/revenue\.hashprice\s+FAILED\s+BAD_RESPONSE: mempool: HTTP 500/);
    expect(output).toMatch(/price\.import\s+23 × 60 min\s+31\.03 00:00 → 01\.04 00:00/);
    expect(output).toMatch(/nano\s+high\s+140\s+6\s+no hashprice/);
    expect(output).toMatch(/outdoor\.tempC\s+4\.5\s+0 s\s+signals\[0\]/);
  });
});
