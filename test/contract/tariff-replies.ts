/**
 * Replies in each tariff provider's real wire format for one local day, for the tariff contract.
 * Shapes follow the samples in shared/reference/energy.md §5 (and the fixtures written by
 * test/fixtures/tariffs/make-fixtures.ts); every provider carries the same price curve
 * (`curvePerMWh`) in its own unit, so the contract can check each slot's value per kWh.
 */
import { DateTime } from 'luxon';
import type { FakeReply, SeenRequest } from '../fakes/http-server.js';
import { curvePerMWh, dayStarts } from '../fixtures/tariffs/curve.js';

const MIN = 60_000;

/** One local day of prices to serve. */
export interface DaySpec {
  date: string;
  zone: string;
  stepMin: number;
  /** Index of a slot the provider leaves out (or sends as null). */
  gapIndex?: number;
  /** Send a unit / currency the source must refuse. */
  wrongUnit?: boolean;
}

/** A reply for a request, given the day being served. */
export type Render = (day: DaySpec, request: SeenRequest) => FakeReply;

const isoZ = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const isoLocal = (t: number, zone: string) =>
  DateTime.fromMillis(t, { zone }).toISO({ suppressMilliseconds: true }) as string;
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const json = (value: unknown): FakeReply => ({ body: JSON.stringify(value) });

/** The day's slot starts with the gap (if any) marked. */
function starts(day: DaySpec): { t: number; gap: boolean }[] {
  return dayStarts(day.date, day.zone, day.stepMin).map((t, i) => ({ t, gap: i === day.gapIndex }));
}

/** aWATTar `/v1/marketdata` (energy.md §5.1): €/MWh, ms timestamps; a gap is a missing row. */
export const awattarReply: Render = (day) =>
  json({
    object: 'list',
    data: starts(day)
      .filter((s) => !s.gap)
      .map(({ t }) => ({
        start_timestamp: t,
        end_timestamp: t + day.stepMin * MIN,
        marketprice: curvePerMWh(t),
        unit: day.wrongUnit ? 'Eur/kWh' : 'Eur/MWh',
      })),
    url: '/de/v1/marketdata',
  });

/** Tibber GraphQL priceInfo (energy.md §5.2, evcc meter/tibber/types.go): per kWh with currency. */
export const tibberReply: Render = (day) => {
  const today = starts(day)
    .filter((s) => !s.gap)
    .map(({ t }) => {
      const total = round(curvePerMWh(t) / 1000, 5);
      return {
        total,
        energy: round(total - 0.2, 5),
        tax: 0.2,
        startsAt: isoLocal(t, day.zone),
        currency: day.wrongUnit ? 'SEK' : 'EUR',
        level: 'NORMAL',
      };
    });
  const priceInfo = { current: today[0], today, tomorrow: [] };
  return json({ data: { viewer: { homes: [{ id: 'home-1', currentSubscription: { priceInfo } }] } } });
};

/** Octopus `standard-unit-rates` (energy.md §5.3): p/kWh, newest first, one page. */
export const octopusReply: Render = (day) => {
  const results = starts(day)
    .filter((s) => !s.gap)
    .map(({ t }) => {
      const inc = round(curvePerMWh(t) / 10, 5);
      return {
        value_exc_vat: round(inc / 1.05, 5),
        value_inc_vat: inc,
        valid_from: isoZ(t),
        valid_to: isoZ(t + day.stepMin * MIN),
        payment_method: null,
      };
    })
    .reverse();
  return json({ count: results.length, next: null, previous: null, results });
};

/** ENTSO-E A44 Publication_MarketDocument (energy.md §5.4), curve type A01 (a missing position is a gap). */
export const entsoeReply: Render = (day) => {
  const all = starts(day);
  const points = all
    .map((s, i) => ({ ...s, position: i + 1 }))
    .filter((s) => !s.gap)
    .map(
      (s) =>
        `<Point><position>${s.position}</position><price.amount>${curvePerMWh(s.t)}</price.amount></Point>`,
    )
    .join('\n    ');
  const start = isoZ(all[0]!.t).slice(0, 16);
  const end = isoZ(all.at(-1)!.t + day.stepMin * MIN).slice(0, 16);
  const body = `<?xml version="1.0" encoding="utf-8"?>
<Publication_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3">
 <mRID>contract-${day.date}</mRID>
 <type>A44</type>
 <TimeSeries>
  <mRID>1</mRID>
  <businessType>A62</businessType>
  <in_Domain.mRID codingScheme="A01">10Y1001A1001A82H</in_Domain.mRID>
  <contract_MarketAgreement.type>A01</contract_MarketAgreement.type>
  <currency_Unit.name>EUR</currency_Unit.name>
  <price_Measure_Unit.name>${day.wrongUnit ? 'KWH' : 'MWH'}</price_Measure_Unit.name>
  <curveType>A01</curveType>
  <Period>
   <timeInterval><start>${start}Z</start><end>${end}Z</end></timeInterval>
   <resolution>${day.stepMin === 60 ? 'PT60M' : 'PT15M'}</resolution>
    ${points}
  </Period>
 </TimeSeries>
</Publication_MarketDocument>
`;
  return { body, contentType: 'application/xml' };
};

/** Nord Pool data portal `DayAheadPrices` (energy.md §5.6): per MWh; 204 for a date not served. */
export const nordpoolReply: Render = (day, request) => {
  if (request.query.get('date') !== day.date) return { status: 204, body: '' };
  return json({
    deliveryDateCET: day.date,
    market: 'DayAhead',
    currency: day.wrongUnit ? 'SEK' : 'EUR',
    multiAreaEntries: starts(day).map(({ t, gap }) => ({
      deliveryStart: isoZ(t),
      deliveryEnd: isoZ(t + day.stepMin * MIN),
      entryPerArea: gap ? {} : { SE3: curvePerMWh(t) },
    })),
    areaStates: [{ state: 'Final', areas: ['SE3'] }],
  });
};

/** Energy-Charts `/price` (energy.md §5.9): parallel lists, null = no price. */
export const energyChartsReply: Render = (day) => {
  const all = starts(day);
  return json({
    license_info: 'CC BY 4.0 (creativecommons.org/licenses/by/4.0) from Bundesnetzagentur | SMARD.de',
    unix_seconds: all.map(({ t }) => t / 1000),
    price: all.map(({ t, gap }) => (gap ? null : curvePerMWh(t))),
    unit: day.wrongUnit ? 'EUR / kWh' : 'EUR / MWh',
    deprecated: false,
  });
};

/** EnergyZero `/public/v1/prices` (python-energyzero tests/fixtures/rest/): 404 for a date not served. */
export const energyZeroReply: Render = (day, request) => {
  const asked = DateTime.fromFormat(request.query.get('date') ?? '', 'dd-MM-yyyy').toISODate();
  if (asked !== day.date) return { status: 404, body: '{"code":5,"message":"not found"}' };
  const stream = starts(day)
    .filter((s) => !s.gap)
    .map(({ t }) => ({
      start: isoZ(t),
      end: isoZ(t + day.stepMin * MIN),
      price: { value: String(round(curvePerMWh(t) / 1000, 5)) },
    }));
  const range = { start: stream[0]!.start, end: stream.at(-1)!.end };
  return json({
    interval: day.stepMin === 15 ? 1 : 2,
    range,
    base: stream,
    base_with_vat: stream,
    all_in: stream,
    all_in_with_vat: stream,
  });
};

/** Elering `/api/nps/price` (energy.md §5.7): unix seconds, EUR/MWh per region. */
export const eleringReply: Render = (day) => {
  const ee = starts(day)
    .filter((s) => !s.gap)
    .map(({ t }) => ({ timestamp: t / 1000, price: curvePerMWh(t) }));
  return json({ success: true, data: { ee, fi: ee, lv: ee, lt: ee } });
};

/** Amber `/prices/current` (energy.md §5.8): c/kWh per interval, start stamped one second late. */
export const amberReply: Render = (day) =>
  json(
    starts(day)
      .filter((s) => !s.gap)
      .map(({ t }) => ({
        type: 'ForecastInterval',
        date: day.date,
        duration: day.stepMin,
        startTime: isoZ(t + 1000),
        endTime: isoZ(t + day.stepMin * MIN),
        nemTime: isoLocal(t + day.stepMin * MIN, 'Australia/Brisbane'),
        perKwh: round(curvePerMWh(t) / 10, 5),
        spotPerKwh: round(curvePerMWh(t) / 10, 5),
        renewables: 34.03,
        channelType: 'general',
        spikeStatus: 'none',
        descriptor: 'neutral',
        estimate: true,
      })),
  );

/** custom-components/nordpool `raw_today` rows (energy.md §5.10): local ISO start/end, value per kWh. */
export function haRawToday(day: DaySpec): { start: string; end: string; value: number | null }[] {
  return starts(day).map(({ t, gap }) => ({
    start: isoLocal(t, day.zone),
    end: isoLocal(t + day.stepMin * MIN, day.zone),
    value: gap ? null : round(curvePerMWh(t) / 1000, 5),
  }));
}

/** HA REST `GET /api/states/<entity>` (reference/homeassistant.md §4.3) of a Nord Pool price sensor. */
export const haStateReply: Render = (day) =>
  json({
    entity_id: 'sensor.nordpool_kwh_fi_eur',
    state: '0.1',
    attributes: {
      unit_of_measurement: 'EUR/kWh',
      raw_today: haRawToday(day),
      raw_tomorrow: [],
      tomorrow_valid: false,
    },
    last_changed: '2024-06-12T07:00:00+00:00',
    last_updated: '2024-06-12T07:00:00+00:00',
  });
