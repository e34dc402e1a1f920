import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig } from '../../config/loader.js';
import { createAgent } from '../../src/agent/agent.js';
import { systemClock } from '../../src/agent/clock.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { SignalStore } from '../../src/agent/signal-store.js';
import { checkInputs } from '../../src/cli/input-check.js';
import { type HaEmulator, startHaEmulator } from '../emulators/homeassistant.js';
import { startAedes, type TestBroker } from '../fakes/broker.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

const base = {
  prices: { import: { type: 'fixed', perKWh: 0.3 } },
  revenue: { hashprice: { type: 'static', perThsDay: 0.034 } },
  zones: [{ id: 'living', heater: { type: 'resistive' } }],
  miners: [{ id: 'sim', type: 'simulated', levels: [{ id: 'run', powerW: 100, ths: 5 }] }],
};

describe('checkInputs (unit)', () => {
  const config = parseConfig(
    stringify({
      ...base,
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      signals: [
        { type: 'static', signal: 'pv.powerW', value: 0 },
        { type: 'mqtt', signal: 'grid.powerW', topic: 'meter/power', maxAgeSeconds: 30 },
        { type: 'mqtt', signal: 'zone.living.tempC', topic: 'room/temp' },
      ],
    }),
    {},
  );

  it('passes inputs that deliver in time, fails the silent and the stale, names topic and age', async () => {
    const clock = new FakeClock();
    const store = new SignalStore();
    store.update({
      key: 'zone.living.tempC',
      reading: { value: 20, at: clock.now() - 3_600_000, source: 'signals[2]' },
    });
    const pending = checkInputs({ config, store, clock, waitMs: 10_000 });
    await clock.advance(4_000);
    store.update({ key: 'grid.powerW', reading: { value: 250, at: clock.now(), source: 'signals[1]' } });
    await clock.advance(6_000);
    expect(await pending).toEqual([
      { id: 'signals[1]', what: 'mqtt meter/power', ok: true, detail: 'grid.powerW = 250, 6 s old' },
      {
        id: 'signals[2]',
        what: 'mqtt room/temp',
        ok: false,
        detail: 'zone.living.tempC: no value younger than 1800 s after waiting 10 s',
      },
    ]);
  });

  it('returns at once when every input is already fresh, and ignores readings of other sources', async () => {
    const clock = new FakeClock();
    const store = new SignalStore();
    store.update({ key: 'grid.powerW', reading: { value: 1, at: clock.now(), source: 'signals[1]' } });
    store.update({ key: 'zone.living.tempC', reading: { value: 21, at: clock.now(), source: 'signals[0]' } });
    const pending = checkInputs({ config, store, clock, waitMs: 5_000 });
    await clock.advance(5_000);
    const rows = await pending;
    expect(rows.map((r) => r.ok)).toEqual([true, false]);
    store.update({ key: 'zone.living.tempC', reading: { value: 21, at: clock.now(), source: 'signals[2]' } });
    const again = checkInputs({ config, store, clock });
    expect((await again).map((r) => r.ok)).toEqual([true, true]);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('checkInputs against a real agent, broker and Home Assistant', () => {
  let broker: TestBroker;
  let ha: HaEmulator;
  beforeAll(async () => {
    broker = await startAedes();
    ha = await startHaEmulator();
    ha.setState('sensor.room', '20.5', { unit_of_measurement: '°C' });
    ha.setState('sensor.pv', '1.2', { unit_of_measurement: 'kW' });
  });
  afterAll(async () => {
    await ha.close();
    await broker.close();
  });

  it('sees the MQTT topic and both HA entities deliver, and flags the one that does not', async () => {
    const publisher = await mqtt.connectAsync(broker.url);
    await publisher.publishAsync('meter/power', '-420', { retain: true, qos: 1 });
    const config = parseConfig(
      stringify({
        ...base,
        agent: { dataDir: mkdtempSync(join(tmpdir(), 'hashheat-input-check-')) },
        mqtt: { url: broker.url, discovery: false },
        // The token goes through the loader's environment substitution, as in a real config file.
        homeassistant: { url: ha.url, token: `$\{HA_TOKEN}`, timeoutMs: 500 },
        signals: [
          { type: 'mqtt', signal: 'grid.powerW', topic: 'meter/power', invert: true },
          { type: 'homeassistant', signal: 'zone.living.tempC', entity: 'sensor.room', mode: 'rest' },
          { type: 'homeassistant', signal: 'pv.powerW', entity: 'sensor.pv', mode: 'websocket' },
          { type: 'mqtt', signal: 'outdoor.tempC', topic: 'nobody/publishes/this' },
        ],
      }),
      { HA_TOKEN: ha.token },
    );
    const { logger } = captureLogger();
    const agent = await createAgent(config, {
      clock: systemClock,
      logger,
      scheduler: manualScheduler,
      dryRun: true,
    });
    await agent.sources.start();
    const rows = await checkInputs({ config, store: agent.store, clock: systemClock, waitMs: 400 });
    await agent.stop({ applyOnExit: false });
    await publisher.endAsync();
    expect(rows.map((r) => [r.id, r.what, r.ok])).toEqual([
      ['signals[0]', 'mqtt meter/power', true],
      ['signals[1]', 'sensor.room (rest)', true],
      ['signals[2]', 'sensor.pv (websocket)', true],
      ['signals[3]', 'mqtt nobody/publishes/this', false],
    ]);
    // The check waits on the real clock up to 400 ms, so the age may round to 1 s.
    expect(rows[0]!.detail).toMatch(/^grid\.powerW = 420, [01] s old$/);
    expect(rows[2]!.detail).toMatch(/^pv\.powerW = 1200, \d+ s old$/);
  });
});
