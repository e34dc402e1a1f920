import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awattarTariff } from '../../../../adapters/sources/tariffs/tariff-awattar.js';
import { fixedTariff } from '../../../../adapters/sources/tariffs/tariff-fixed.js';
import { touTariff } from '../../../../adapters/sources/tariffs/tariff-tou.js';
import { parseBacktestConfig } from '../../../../src/backtest/config.js';
import { buildFrames } from '../../../../src/backtest/frames.js';
import { signalsCommand } from '../../../../src/cli/signals.js';
import type { SignalsReport } from '../../../../src/cli/signals-report.js';
import { FakeClock } from '../../../fakes/clock.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { curvePerMWh } from '../../../fixtures/tariffs/curve.js';
import { fixture, local, makeSource, minutesOf, pollSeries } from './tariff-harness.js';

// Time-variable network charges in the shape of Germany's §14a EnWG module 3 (BNetzA BK8-22/010-A:
// a low-tariff window at night, a high-tariff window in the evening, only in the winter quarters,
// standard otherwise) — evcc models the same thing as `chargesZones` (evcc-io/evcc#29766).
const module3 = {
  defaultPerKWh: 0.1,
  periods: [
    { from: '17:00', to: '20:00', perKWh: 0.16, months: [1, 2, 3, 10, 11, 12] },
    { from: '22:30', to: '06:00', perKWh: 0.03, months: [1, 2, 3, 10, 11, 12] },
  ],
};

describe('time-varying charges', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    server.file('/v1/marketdata', fixture('awattar/de-2024-03-31.json'));
  });
  afterEach(() => server.close());

  it('adds the charge of each slot’s local time to a market tariff and splits an hour where it changes', async () => {
    const raw = { type: 'awattar', baseUrl: server.url, charges: module3, tax: 0.19 };
    const slots = await pollSeries(makeSource(awattarTariff, raw, { now: local('2024-03-31T10:00') }).source);
    const at = (iso: string) => slots.find((s) => s.start === local(iso))!;
    const retail = (iso: string, charge: number) => (curvePerMWh(local(iso)) / 1000 + charge) * 1.19;
    expect(at('2024-03-31T18:00').perKWh).toBeCloseTo(retail('2024-03-31T18:00', 0.16), 7);
    expect(at('2024-03-31T03:00').perKWh).toBeCloseTo(retail('2024-03-31T03:00', 0.03), 7);
    expect(at('2024-03-31T12:00').perKWh).toBeCloseTo(retail('2024-03-31T12:00', 0.1), 7);
    // 22:00–23:00 becomes 22:00, 22:15 at the standard charge and 22:30, 22:45 at the low one.
    const evening = slots.filter(
      (s) => s.start >= local('2024-03-31T22:00') && s.start < local('2024-03-31T23:00'),
    );
    expect(evening.map((s) => (s.end - s.start) / 60_000)).toEqual([15, 15, 15, 15]);
    expect(evening[1]!.perKWh).toBeCloseTo(retail('2024-03-31T22:00', 0.1), 7);
    expect(evening[2]!.perKWh).toBeCloseTo(retail('2024-03-31T22:00', 0.03), 7);
    expect(slots.filter((s) => s.end - s.start === 3_600_000)).toHaveLength(22);
  });

  it('applies the season: in June the standard charge holds all day', async () => {
    const raw = { type: 'fixed', perKWh: 0.2, charges: module3 };
    const { source } = makeSource(fixedTariff, raw, { now: local('2024-06-12T10:00') });
    const slots = await pollSeries(source);
    expect(new Set(slots.map((s) => s.perKWh))).toEqual(new Set([0.3]));
  });

  it('gives a fixed tariff slots as fine as the charge boundaries (22:30 → half hours)', async () => {
    const raw = { type: 'fixed', perKWh: 0.2, charges: module3 };
    const slots = await pollSeries(makeSource(fixedTariff, raw, { now: local('2024-01-10T10:00') }).source);
    expect(minutesOf(slots)).toEqual([30]);
    expect(slots.find((s) => s.start === local('2024-01-10T18:00'))!.perKWh).toBe(0.36);
    expect(slots.find((s) => s.start === local('2024-01-10T22:00'))!.perKWh).toBe(0.3);
    expect(slots.find((s) => s.start === local('2024-01-10T22:30'))!.perKWh).toBe(0.23);
  });

  it('composes with a time-of-use energy price', async () => {
    const raw = {
      type: 'time-of-use',
      defaultPerKWh: 0.2,
      periods: [{ from: '00:00', to: '06:00', perKWh: 0.12 }],
      charges: module3,
    };
    const slots = await pollSeries(makeSource(touTariff, raw, { now: local('2024-01-10T10:00') }).source);
    expect(slots.find((s) => s.start === local('2024-01-10T02:00'))!.perKWh).toBe(0.15);
    expect(slots.find((s) => s.start === local('2024-01-10T19:30'))!.perKWh).toBe(0.36);
  });

  it('refuses charge periods off the quarter hour with the key path', () => {
    const bad = { defaultPerKWh: 0.1, periods: [{ from: '17:10', to: '20:00', perKWh: 0.2 }] };
    expect(() => fixedTariff.schema.parse({ type: 'fixed', perKWh: 0.2, charges: bad })).toThrow(
      /quarter hour/,
    );
  });

  it('shows in `hashheat signals`, which reads the same source', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hashheat-charges-')), 'config.yaml');
    writeFileSync(
      file,
      `site: { timeZone: Europe/Berlin, currency: EUR }
prices:
  import: { type: awattar, baseUrl: "${server.url}", charges: ${JSON.stringify(module3)} }
  export: { type: fixed, perKWh: 0 }
revenue:
  hashprice: { type: static, perThsDay: 0.05 }
miners:
  - { id: nano, type: simulated, levels: [{ id: high, powerW: 140, ths: 6 }] }
`,
    );
    let output = '';
    const now = local('2024-03-31T18:30');
    const code = await signalsCommand(
      { config: file, json: true },
      { clock: new FakeClock(now), write: (t) => (output += t) },
    );
    expect(code).toBe(0);
    const report = JSON.parse(output) as SignalsReport;
    const imp = report.series.find((s) => s.key === 'price.import')!;
    expect(imp.nowPerKWh).toBeCloseTo(curvePerMWh(local('2024-03-31T18:00')) / 1000 + 0.16, 7);
  });

  it('prices the backtest with the same charges (winter week: evening high, night low)', () => {
    const file = resolve('test/fixtures/backtest/backtest-week.yaml');
    const text = readFileSync(file, 'utf8').replace(
      'retail: { chargesPerKWh: 0.16, taxRate: 0.19 }',
      `retail: { chargesPerKWh: ${JSON.stringify(module3)}, taxRate: 0.19 }`,
    );
    const frames = buildFrames(parseBacktestConfig(text, dirname(file)));
    const step = (iso: string) => frames.start.indexOf(local(iso));
    const expectCharge = (iso: string, charge: number) => {
      const i = step(iso);
      expect(frames.importPerKWh[i]).toBeCloseTo((frames.wholesalePerKWh[i]! + charge) * 1.19, 6);
    };
    expectCharge('2024-01-09T18:00', 0.16);
    expectCharge('2024-01-09T03:00', 0.03);
    expectCharge('2024-01-09T12:00', 0.1);
  });
});
