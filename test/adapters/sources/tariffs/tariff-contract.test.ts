import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createHaRest } from '../../../../adapters/homeassistant/rest.js';
import { tariffPlugins } from '../../../../adapters/sources/registry.js';
import { amberTariff } from '../../../../adapters/sources/tariffs/tariff-amber.js';
import { awattarTariff } from '../../../../adapters/sources/tariffs/tariff-awattar.js';
import { eleringTariff } from '../../../../adapters/sources/tariffs/tariff-elering.js';
import { energyChartsTariff } from '../../../../adapters/sources/tariffs/tariff-energy-charts.js';
import { energyZeroTariff } from '../../../../adapters/sources/tariffs/tariff-energyzero.js';
import { entsoeTariff } from '../../../../adapters/sources/tariffs/tariff-entsoe.js';
import { fixedTariff } from '../../../../adapters/sources/tariffs/tariff-fixed.js';
import { homeAssistantTariff } from '../../../../adapters/sources/tariffs/tariff-homeassistant.js';
import { mqttTariff } from '../../../../adapters/sources/tariffs/tariff-mqtt.js';
import { nordpoolTariff } from '../../../../adapters/sources/tariffs/tariff-nordpool.js';
import { octopusTariff } from '../../../../adapters/sources/tariffs/tariff-octopus.js';
import { tibberTariff } from '../../../../adapters/sources/tariffs/tariff-tibber.js';
import { touTariff } from '../../../../adapters/sources/tariffs/tariff-tou.js';
import type { PriceSlot } from '../../../../src/core/types.js';
import { DeviceError } from '../../../../src/errors.js';
import type { MqttBus, MqttMessage } from '../../../../src/mqtt/bus.js';
import { isSeriesUpdate } from '../../../../src/ports.js';
import { httpSubject, runTariffContract, type TariffSubject } from '../../../contract/tariff-contract.js';
import type { DaySpec } from '../../../contract/tariff-replies.js';
import * as replies from '../../../contract/tariff-replies.js';
import { local, makeSource, pollSeries } from './tariff-harness.js';

const EUROPE = { normal: '2024-06-12', short: '2024-03-31', long: '2024-10-27' };
const SYDNEY = { normal: '2024-06-12', short: '2024-10-06', long: '2024-04-07' };
const PUBLIC = 'public API without credentials';
const NO_UNIT = 'the reply names no unit or currency; the unit is fixed by the API';
const HAS_QUARTERS = true as const;

const octopusPath =
  '/v1/products/AGILE-24-10-01/electricity-tariffs/E-1R-AGILE-24-10-01-C/standard-unit-rates/';
const haPath = '/api/states/sensor.nordpool_kwh_fi_eur';

const httpSubjects: TariffSubject[] = [
  httpSubject({
    plugin: awattarTariff,
    timeZone: 'Europe/Berlin',
    dates: EUROPE,
    stepMin: 60,
    quarter: 'aWATTar stays hourly after the 15-min switch (energy.md §5.1)',
    path: '/v1/marketdata',
    raw: (baseUrl) => ({ type: 'awattar', baseUrl }),
    render: replies.awattarReply,
    auth: PUBLIC,
    wrongUnit: true,
  }),
  httpSubject({
    plugin: tibberTariff,
    timeZone: 'Europe/Berlin',
    dates: EUROPE,
    stepMin: 60,
    quarter: HAS_QUARTERS,
    path: '/v1-beta/gql',
    raw: (baseUrl) => ({ type: 'tibber', token: 't', resolution: 'HOURLY', baseUrl }),
    render: replies.tibberReply,
    // pyTibber tibber/response_handler.py: HTTP 400 with errors[0].extensions.code UNAUTHENTICATED.
    auth: {
      status: 400,
      body: JSON.stringify({
        errors: [{ message: 'invalid token', extensions: { code: 'UNAUTHENTICATED' } }],
      }),
    },
    wrongUnit: true,
  }),
  httpSubject({
    plugin: octopusTariff,
    timeZone: 'Europe/London',
    dates: EUROPE,
    stepMin: 30,
    quarter: 'Octopus products are half-hourly',
    path: octopusPath,
    raw: (baseUrl) => ({ type: 'octopus', product: 'AGILE-24-10-01', region: 'C', baseUrl }),
    render: replies.octopusReply,
    auth: 'tariff rates are public (energy.md §5.3)',
    wrongUnit: NO_UNIT,
  }),
  httpSubject({
    plugin: entsoeTariff,
    timeZone: 'Europe/Berlin',
    dates: EUROPE,
    stepMin: 60,
    quarter: HAS_QUARTERS,
    path: '/api',
    raw: (baseUrl) => ({ type: 'entsoe', token: 't', zone: 'DE-LU', baseUrl }),
    render: replies.entsoeReply,
    auth: { status: 401, body: '<html><body>Unauthorized</body></html>', contentType: 'text/html' },
    wrongUnit: true,
  }),
  httpSubject({
    plugin: nordpoolTariff,
    timeZone: 'Europe/Berlin',
    dates: EUROPE,
    stepMin: 60,
    quarter: HAS_QUARTERS,
    path: '/api/DayAheadPrices',
    raw: (baseUrl) => ({ type: 'nordpool', area: 'SE3', currency: 'EUR', baseUrl }),
    render: replies.nordpoolReply,
    auth: PUBLIC,
    wrongUnit: true,
  }),
  httpSubject({
    plugin: energyChartsTariff,
    timeZone: 'Europe/Berlin',
    dates: EUROPE,
    stepMin: 60,
    quarter: HAS_QUARTERS,
    path: '/price',
    raw: (baseUrl) => ({ type: 'energy-charts', baseUrl }),
    render: replies.energyChartsReply,
    auth: PUBLIC,
    wrongUnit: true,
  }),
  httpSubject({
    plugin: energyZeroTariff,
    timeZone: 'Europe/Amsterdam',
    dates: EUROPE,
    stepMin: 60,
    quarter: HAS_QUARTERS,
    path: '/public/v1/prices',
    raw: (baseUrl) => ({ type: 'energyzero', baseUrl }),
    render: replies.energyZeroReply,
    auth: PUBLIC,
    wrongUnit: NO_UNIT,
  }),
  httpSubject({
    plugin: eleringTariff,
    timeZone: 'Europe/Tallinn',
    dates: EUROPE,
    stepMin: 60,
    quarter: HAS_QUARTERS,
    path: '/api/nps/price',
    raw: (baseUrl) => ({ type: 'elering', baseUrl }),
    render: replies.eleringReply,
    auth: PUBLIC,
    wrongUnit: NO_UNIT,
  }),
  httpSubject({
    plugin: amberTariff,
    timeZone: 'Australia/Sydney',
    dates: SYDNEY,
    stepMin: 30,
    quarter: 'Amber intervals are 5 or 30 min',
    path: '/v1/sites/s1/prices/current',
    raw: (baseUrl) => ({ type: 'amber', token: 't', siteId: 's1', baseUrl }),
    render: replies.amberReply,
    auth: { status: 401, body: '{"message":"Unauthorized"}' },
    wrongUnit: NO_UNIT,
  }),
  httpSubject({
    plugin: homeAssistantTariff,
    timeZone: 'Europe/Helsinki',
    dates: EUROPE,
    stepMin: 60,
    quarter: HAS_QUARTERS,
    path: haPath,
    raw: () => ({ type: 'homeassistant', entity: 'sensor.nordpool_kwh_fi_eur' }),
    render: replies.haStateReply,
    // HA answers a bad long-lived token with 401 (reference/homeassistant.md §4.3).
    auth: { status: 401, body: '401: Unauthorized', contentType: 'text/plain' },
    wrongUnit: 'the unit is configured (`unit`), HA attributes carry bare numbers',
    wire: (deps, url) => {
      deps.homeassistant = createHaRest({ url, token: 't', timeoutMs: 500 }) as never;
    },
  }),
];

/** An in-memory MQTT bus delivering to exact-topic subscribers. */
function memoryBus(): MqttBus & { deliver(topic: string, payload: string): void } {
  const handlers = new Map<string, ((m: MqttMessage) => void)[]>();
  return {
    connected: true,
    publish() {},
    subscribe(filter, handler) {
      handlers.set(filter, [...(handlers.get(filter) ?? []), handler]);
      return () =>
        handlers.set(
          filter,
          (handlers.get(filter) ?? []).filter((h) => h !== handler),
        );
    },
    onConnect: () => () => {},
    async close() {},
    deliver(topic, payload) {
      for (const h of handlers.get(topic) ?? []) h({ topic, payload: Buffer.from(payload), retained: true });
    },
  };
}

const TOPIC = 'ha_state/sensor/nordpool_kwh_fi_eur/raw_today';

/** Delivers one statestream payload (HA mqtt_statestream publishes each attribute as JSON) and returns what was emitted. */
async function mqttDelivery(spec: DaySpec, payload: string) {
  const bus = memoryBus();
  const made = makeSource(
    mqttTariff,
    { type: 'mqtt', topics: [TOPIC] },
    { now: local(`${spec.date}T10:00`, spec.zone), timeZone: spec.zone },
  );
  made.deps.mqtt = bus;
  const emitted: PriceSlot[][] = [];
  await made.source.start!((u) => {
    if (isSeriesUpdate(u)) emitted.push(u.reading.value);
  });
  bus.deliver(TOPIC, payload);
  await made.source.close?.();
  return { emitted, log: made.log };
}

const mqttSubject: TariffSubject = {
  type: 'mqtt',
  timeZone: 'Europe/Helsinki',
  dates: EUROPE,
  stepMin: 60,
  quarter: true,
  gap: true,
  async series(spec) {
    const { emitted } = await mqttDelivery(spec, JSON.stringify(replies.haRawToday(spec)));
    expect(emitted).toHaveLength(1);
    return emitted[0]!;
  },
  faults: {
    http500: 'pushed over MQTT, no HTTP',
    auth: 'the broker connection authenticates, not the tariff',
    wrongUnit: 'the unit is configured (`unit`), payloads carry bare numbers',
    async truncated(spec) {
      const text = JSON.stringify(replies.haRawToday(spec));
      const { emitted, log } = await mqttDelivery(spec, text.slice(0, text.length / 2));
      expect(emitted).toEqual([]);
      const logged = log.entries.find((e) => e.level >= 40);
      return logged ? new DeviceError('BAD_RESPONSE', String(logged.msg), true) : undefined;
    },
  },
};

/** Expected price of the time-of-use subject: 0.40 from 17:00 (17:15 for quarters) to 20:00, else 0.20. */
function touPerKWh(t: number, spec: DaySpec): number {
  const l = DateTime.fromMillis(t, { zone: spec.zone });
  const minute = l.hour * 60 + l.minute;
  const from = spec.stepMin === 15 ? 17 * 60 + 15 : 17 * 60;
  return minute >= from && minute < 20 * 60 ? 0.4 : 0.2;
}

const computed = (type: string): Pick<TariffSubject, 'gap' | 'faults'> => ({
  gap: `${type} prices are computed from the config; nothing can be missing`,
  faults: {
    http500: 'no provider',
    truncated: 'no provider',
    wrongUnit: 'no provider',
    auth: 'no provider',
  },
});

const fixedSubject: TariffSubject = {
  type: 'fixed',
  timeZone: 'Europe/Berlin',
  dates: EUROPE,
  stepMin: 60,
  quarter: true,
  perKWhAt: () => 0.25,
  series(spec) {
    // Quarter-hour slots come from charges that change on a quarter hour.
    const charges =
      spec.stepMin === 15 ? { defaultPerKWh: 0, periods: [{ from: '06:15', to: '06:30', perKWh: 0 }] } : 0;
    const raw = { type: 'fixed', perKWh: 0.25, charges };
    return pollSeries(
      makeSource(fixedTariff, raw, { now: local(`${spec.date}T10:00`), timeZone: spec.zone }).source,
    );
  },
  ...computed('fixed'),
};

const touSubject: TariffSubject = {
  type: 'time-of-use',
  timeZone: 'Europe/Berlin',
  dates: EUROPE,
  stepMin: 60,
  quarter: true,
  perKWhAt: touPerKWh,
  series(spec) {
    const from = spec.stepMin === 15 ? '17:15' : '17:00';
    const raw = { type: 'time-of-use', defaultPerKWh: 0.2, periods: [{ from, to: '20:00', perKWh: 0.4 }] };
    return pollSeries(
      makeSource(touTariff, raw, { now: local(`${spec.date}T10:00`), timeZone: spec.zone }).source,
    );
  },
  ...computed('time-of-use'),
};

const subjects = [...httpSubjects, mqttSubject, fixedSubject, touSubject];

describe('tariff registry', () => {
  it('has a contract for every tariff type, and no contract for a type it lacks', () => {
    expect(subjects.map((s) => s.type).sort()).toEqual(tariffPlugins.map((p) => p.type).sort());
  });
});

for (const subject of subjects) runTariffContract(subject);
