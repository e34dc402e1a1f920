import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { AdapterDeps } from '../../adapters/deps.js';
import type { SourcePlugin } from '../../adapters/plugin.js';
import type { PriceSlot } from '../../src/core/types.js';
import { DeviceError, type DeviceErrorCode } from '../../src/errors.js';
import { local, makeSource, pollSeries } from '../adapters/sources/tariffs/tariff-harness.js';
import { FakeHttpServer, type FakeReply } from '../fakes/http-server.js';
import { curvePerMWh } from '../fixtures/tariffs/curve.js';
import type { DaySpec, Render } from './tariff-replies.js';

/** Faults every tariff must turn into a typed error (or say why it cannot meet them). */
export type TariffFault = 'http500' | 'truncated' | 'wrongUnit' | 'auth';

const EXPECTED: Record<TariffFault, DeviceErrorCode[]> = {
  http500: ['BAD_RESPONSE'],
  truncated: ['BAD_RESPONSE'],
  wrongUnit: ['BAD_RESPONSE', 'UNSUPPORTED'],
  auth: ['AUTH'],
};

/** One tariff type under the contract. A string instead of a case is the reason it does not apply. */
export interface TariffSubject {
  type: string;
  timeZone: string;
  /** Local dates: an ordinary day, the spring DST day (23 h) and the autumn one (25 h). */
  dates: { normal: string; short: string; long: string };
  /** The provider's usual slot length (min). */
  stepMin: number;
  /** Whether the provider has 15-min slots. */
  quarter: true | string;
  /** Whether a provider reply can leave a slot out. */
  gap: true | string;
  /** Price per kWh of the slot starting at `t` on `day`; default the curve in €/kWh. */
  perKWhAt?(t: number, day: DaySpec): number;
  /** The series the source emits for a real-format reply of `day`, polled at 10:00 local. */
  series(day: DaySpec): Promise<PriceSlot[]>;
  /** The error a fault ends in. */
  faults: Record<TariffFault, ((day: DaySpec) => Promise<unknown>) | string>;
}

const defaultPerKWh = (t: number) => curvePerMWh(t) / 1000;

function dayBounds(day: DaySpec): { from: number; to: number; hours: number } {
  const start = DateTime.fromISO(day.date, { zone: day.zone });
  const from = start.toMillis();
  const to = start.plus({ days: 1 }).toMillis();
  return { from, to, hours: (to - from) / 3_600_000 };
}

/** The contract: DST days, 15-min slots, gaps and faults, each reply in the provider's real format. */
export function runTariffContract(subject: TariffSubject): void {
  const day = (date: string, stepMin = subject.stepMin, extra: Partial<DaySpec> = {}): DaySpec => ({
    date,
    zone: subject.timeZone,
    stepMin,
    ...extra,
  });
  const priced = (slots: PriceSlot[], spec: DaySpec) => {
    const { from, to } = dayBounds(spec);
    const inDay = slots.filter((s) => s.start >= from && s.start < to);
    for (const slot of inDay) {
      const expected = (subject.perKWhAt ?? defaultPerKWh)(slot.start, spec);
      expect(slot.perKWh, new Date(slot.start).toISOString()).toBeCloseTo(expected, 6);
    }
    return inDay;
  };

  describe(`tariff contract: ${subject.type}`, () => {
    const days = [
      ['an ordinary day', subject.dates.normal],
      ['the 23-hour spring DST day', subject.dates.short],
      ['the 25-hour autumn DST day', subject.dates.long],
    ] as const;
    for (const [what, date] of days) {
      it(`reads ${what} as ${subject.stepMin}-min slots covering every local hour`, async () => {
        const spec = day(date);
        const inDay = priced(await subject.series(spec), spec);
        const { hours } = dayBounds(spec);
        expect(inDay).toHaveLength((hours * 60) / subject.stepMin);
        expect(new Set(inDay.map((s) => s.end - s.start))).toEqual(new Set([subject.stepMin * 60_000]));
      });
    }

    if (subject.quarter === true)
      it('reads 15-min slots as 96 quarters', async () => {
        const spec = day(subject.dates.normal, 15);
        const inDay = priced(await subject.series(spec), spec);
        expect(inDay).toHaveLength(96);
        expect(new Set(inDay.map((s) => s.end - s.start))).toEqual(new Set([15 * 60_000]));
      });
    else it.skip(`15-min slots: n/a (${subject.quarter})`, () => {});

    if (subject.gap === true)
      it('keeps a missing slot a gap, never a zero or a neighbour’s price', async () => {
        const spec = day(subject.dates.normal, subject.stepMin, { gapIndex: 5 });
        const inDay = priced(await subject.series(spec), spec);
        const gapStart = dayBounds(spec).from + 5 * subject.stepMin * 60_000;
        expect(inDay.some((s) => s.start <= gapStart && gapStart < s.end)).toBe(false);
        expect(inDay).toHaveLength((dayBounds(spec).hours * 60) / subject.stepMin - 1);
      });
    else it.skip(`gap: n/a (${subject.gap})`, () => {});

    for (const fault of Object.keys(EXPECTED) as TariffFault[]) {
      const run = subject.faults[fault];
      if (typeof run === 'string') {
        it.skip(`${fault}: n/a (${run})`, () => {});
        continue;
      }
      it(`${fault} ends in a typed ${EXPECTED[fault].join('/')} error`, async () => {
        const error = await run(day(subject.dates.normal));
        expect(error, 'the poll should have failed').toBeInstanceOf(DeviceError);
        expect(EXPECTED[fault]).toContain((error as DeviceError).code);
      });
    }
  });
}

/** How to reach one HTTP tariff and serve it real-format replies. */
export interface HttpTariff {
  plugin: SourcePlugin;
  timeZone: string;
  dates: TariffSubject['dates'];
  stepMin: number;
  quarter: true | string;
  gap?: true | string;
  /** The path the source asks (faults are injected there). */
  path: string;
  raw(baseUrl: string): Record<string, unknown>;
  render: Render;
  /** What the provider answers a rejected credential, or why it has none. */
  auth: FakeReply | string;
  /** Whether the reply names its unit or currency, or why not. */
  wrongUnit: true | string;
  /** Extra wiring (e.g. a Home Assistant client pointed at the server). */
  wire?(deps: AdapterDeps, baseUrl: string): void;
}

async function pollOnce(
  t: HttpTariff,
  spec: DaySpec,
  serve: (server: FakeHttpServer) => void,
): Promise<PriceSlot[]> {
  const server = await FakeHttpServer.start();
  try {
    serve(server);
    const raw = { ...t.raw(server.url), timeoutMs: 500 };
    const made = makeSource(t.plugin, raw, {
      now: local(`${spec.date}T10:00`, t.timeZone),
      timeZone: t.timeZone,
    });
    t.wire?.(made.deps, server.url);
    return await pollSeries(made.source);
  } finally {
    await server.close();
  }
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

/** A contract subject for a polled HTTP tariff. */
export function httpSubject(t: HttpTariff): TariffSubject {
  const serveDay = (spec: DaySpec) => (s: FakeHttpServer) => s.route(t.path, (req) => t.render(spec, req));
  const withFault = (fault: 'http500' | 'truncated') => (spec: DaySpec) =>
    failure(
      pollOnce(t, spec, (s) => {
        serveDay(spec)(s);
        s.fault(t.path, fault);
      }),
    );
  const auth = t.auth;
  return {
    type: t.plugin.type,
    timeZone: t.timeZone,
    dates: t.dates,
    stepMin: t.stepMin,
    quarter: t.quarter,
    gap: t.gap ?? true,
    series: (spec) => pollOnce(t, spec, serveDay(spec)),
    faults: {
      http500: withFault('http500'),
      truncated: withFault('truncated'),
      wrongUnit:
        t.wrongUnit === true
          ? (spec) => failure(pollOnce(t, spec, serveDay({ ...spec, wrongUnit: true })))
          : t.wrongUnit,
      auth:
        typeof auth === 'string' ? auth : (spec) => failure(pollOnce(t, spec, (s) => s.route(t.path, auth))),
    },
  };
}
