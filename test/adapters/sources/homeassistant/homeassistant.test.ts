import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHomeAssistantClient,
  type HomeAssistantClient,
} from '../../../../adapters/homeassistant/client.js';
import { homeAssistantSignal } from '../../../../adapters/sources/homeassistant/homeassistant.js';
import { systemClock } from '../../../../src/agent/clock.js';
import type { MqttBus } from '../../../../src/mqtt/bus.js';
import type { Clock, SignalUpdate, Source } from '../../../../src/ports.js';
import { type HaEmulator, startHaEmulator } from '../../../emulators/homeassistant.js';
import { testAdapterDeps } from '../../../fakes/adapter-deps.js';
import { FakeClock } from '../../../fakes/clock.js';
import {
  connectClient,
  createTestBus,
  startTestBroker,
  type TestBroker,
  waitFor,
} from '../../../fakes/mqtt-test-bus.js';

let ha: HaEmulator;
let clock: FakeClock;
const open: { source: Source; client: HomeAssistantClient }[] = [];

beforeAll(async () => {
  clock = new FakeClock();
  ha = await startHaEmulator({ now: () => clock.now() });
});
afterEach(async () => {
  for (const { source, client } of open.splice(0)) {
    await source.close?.();
    await client.close();
  }
  ha.setFault('none');
});
afterAll(async () => ha.close());

function make(fields: Record<string, unknown>, options: { token?: string; clock?: Clock } = {}) {
  const { deps, log } = testAdapterDeps({ clock: options.clock ?? clock, id: 'signals[0]' });
  const client = createHomeAssistantClient(
    { url: ha.url, token: options.token ?? ha.token, timeoutMs: 300 },
    deps,
    { reconnectMinMs: 50, reconnectMaxMs: 200 },
  );
  const config = homeAssistantSignal.schema.parse({
    type: 'homeassistant',
    signal: 'grid.powerW',
    ...fields,
  });
  const source = homeAssistantSignal.create(config as never, { ...deps, homeassistant: client });
  open.push({ source, client });
  return { source, log };
}

const values = (updates: SignalUpdate[]) => updates.map((u) => u.reading.value);

describe('homeassistant source over REST', () => {
  it('reads a state in kW as W, stamped with last_reported', async () => {
    ha.setState('sensor.grid_power', '1.5', { unit_of_measurement: 'kW', device_class: 'power' });
    const reportedAt = clock.now();
    await clock.advance(20_000);
    ha.setState('sensor.grid_power', '1.5', { unit_of_measurement: 'kW', device_class: 'power' });
    const { source } = make({ entity: 'sensor.grid_power', mode: 'rest' });
    const [update] = await source.poll!();
    expect(update).toEqual({
      key: 'grid.powerW',
      reading: { value: 1500, at: reportedAt + 20_000, source: 'signals[0]' },
    });
    expect(source.intervalMs).toBe(60_000);
  });

  it('reads an attribute (a thermostat current_temperature) and converts °F', async () => {
    ha.setState('climate.living', 'heat', { current_temperature: 68, unit_of_measurement: '°F' });
    const { source } = make({
      entity: 'climate.living',
      attribute: 'current_temperature',
      signal: 'zone.living.tempC',
      unit: '°F',
      mode: 'rest',
    });
    const [update] = await source.poll!();
    expect(update?.key).toBe('zone.living.tempC');
    expect(update?.reading.value).toBeCloseTo(20, 6);
  });

  it('gives no reading for unknown/unavailable, logged once, then recovers', async () => {
    ha.setState('sensor.pv_power', 'unavailable', { unit_of_measurement: 'W' });
    const { source, log } = make({ entity: 'sensor.pv_power', signal: 'pv.powerW', mode: 'rest' });
    expect(await source.poll!()).toEqual([]);
    ha.setState('sensor.pv_power', 'unknown');
    expect(await source.poll!()).toEqual([]);
    const warnings = log.entries.filter((e) => e.msg.startsWith('input has no usable value'));
    expect(warnings.map((w) => w.reason)).toEqual(['state is "unavailable"']);
    ha.setState('sensor.pv_power', '2500');
    expect(values(await source.poll!())).toEqual([2500]);
    expect(log.messages()).toContain('input recovered');
  });

  it('refuses a unit that does not fit instead of guessing', async () => {
    ha.setState('sensor.energy', '12.5', { unit_of_measurement: 'kWh' });
    const { source, log } = make({ entity: 'sensor.energy', mode: 'rest' });
    expect(await source.poll!()).toEqual([]);
    expect(log.entries.at(-1)?.reason).toBe(
      'Home Assistant unit "kWh" does not fit grid.powerW; set unit to override',
    );
  });

  it('drops a value older than maxAgeSeconds rather than re-stamping it', async () => {
    ha.setState('sensor.outdoor', '4.5', { unit_of_measurement: '°C' });
    await clock.advance(600_000);
    const { source, log } = make({
      entity: 'sensor.outdoor',
      signal: 'outdoor.tempC',
      mode: 'rest',
      maxAgeSeconds: 300,
    });
    expect(await source.poll!()).toEqual([]);
    expect(log.entries.at(-1)?.reason).toBe("Home Assistant's value is 600 s old");
  });

  it('maps a bad token, an unknown entity and a broken reply to typed errors', async () => {
    const bad = make({ entity: 'sensor.grid_power', mode: 'rest' }, { token: 'wrong' }).source;
    await expect(bad.poll!()).rejects.toMatchObject({ code: 'AUTH' });
    const missing = make({ entity: 'sensor.nope', mode: 'rest' }).source;
    await expect(missing.poll!()).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: 'Home Assistant sensor.nope: not found in Home Assistant',
    });
    ha.setFault('garbage');
    await expect(missing.poll!()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    ha.setFault('no-answer');
    await expect(missing.poll!()).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('says what is missing without a homeassistant section', async () => {
    const { deps } = testAdapterDeps();
    const config = homeAssistantSignal.schema.parse({
      type: 'homeassistant',
      signal: 'pv.powerW',
      entity: 'sensor.pv',
    });
    const source = homeAssistantSignal.create(config as never, deps);
    await expect(source.start!(() => undefined)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});

describe('homeassistant source over WebSocket', () => {
  it('takes the snapshot, then pushed changes; unavailable gives nothing; reconnects', async () => {
    ha.setState('sensor.room', '20.5', { unit_of_measurement: '°C' });
    // Real clock: reconnect backoff and the auth timeout run on real sockets.
    const { source, log } = make(
      { entity: 'sensor.room', signal: 'zone.living.tempC' },
      { clock: systemClock },
    );
    const updates: SignalUpdate[] = [];
    await source.start!((u) => updates.push(u));
    await waitFor(() => updates.length === 1);
    expect(updates[0]!.reading.value).toBe(20.5);
    ha.setState('sensor.room', '21.0');
    await waitFor(() => updates.length === 2);
    ha.setState('sensor.room', 'unavailable');
    ha.setState('sensor.room', 'unknown');
    ha.setState('sensor.room', '21.5');
    await waitFor(() => updates.length === 3);
    expect(values(updates)).toEqual([20.5, 21, 21.5]);
    expect(log.entries.filter((e) => e.reason === 'state is "unavailable"')).toHaveLength(1);

    ha.dropSockets();
    await waitFor(() => updates.length === 4, 3000); // the new snapshot after the reconnect
    ha.setState('sensor.room', '22');
    await waitFor(() => updates.length === 5);
    expect(values(updates).slice(3)).toEqual([21.5, 22]);
    expect(log.messages().filter((m) => m === 'Home Assistant WebSocket down; retrying')).toHaveLength(1);
    expect(log.messages()).toContain('Home Assistant WebSocket recovered');
  });

  it('fails to start with AUTH on a bad token', async () => {
    const { source } = make({ entity: 'sensor.room' }, { token: 'wrong', clock: systemClock });
    await expect(source.start!(() => undefined)).rejects.toMatchObject({ code: 'AUTH' });
  });

  it('fails to start with TIMEOUT when HA never answers', async () => {
    ha.setFault('no-answer');
    const { source } = make({ entity: 'sensor.room' }, { clock: systemClock });
    const started = performance.now();
    await expect(source.start!(() => undefined)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('homeassistant source over mqtt_statestream', () => {
  let broker: TestBroker;
  let bus: MqttBus;
  beforeAll(async () => {
    broker = await startTestBroker();
    bus = await createTestBus(broker.url);
  });
  afterAll(async () => {
    await bus.close();
    await broker.close();
  });

  it('reads the raw state with the JSON-encoded unit attribute; unavailable is no data', async () => {
    const ha_ = await connectClient(broker.url);
    await ha_.publishAsync('ha_state/sensor/grid/unit_of_measurement', '"kW"', { retain: true, qos: 1 });
    await ha_.publishAsync('ha_state/sensor/grid/state', '-0.8', { retain: true, qos: 1 });
    const { deps, log } = testAdapterDeps({ clock, id: 'signals[3]' });
    const config = homeAssistantSignal.schema.parse({
      type: 'homeassistant',
      signal: 'grid.powerW',
      entity: 'sensor.grid',
      mode: 'statestream',
      baseTopic: 'ha_state',
    });
    const source = homeAssistantSignal.create(config as never, { ...deps, mqtt: bus });
    const updates: SignalUpdate[] = [];
    await source.start!((u) => updates.push(u));
    await waitFor(() => updates.some((u) => u.reading.value === -800));
    expect(updates.at(-1)!.reading.at).toBe(clock.now());
    const count = updates.length;
    await ha_.publishAsync('ha_state/sensor/grid/state', 'unavailable');
    await ha_.publishAsync('ha_state/sensor/grid/state', '1.2');
    await waitFor(() => updates.length === count + 1);
    expect(updates.at(-1)!.reading.value).toBe(1200);
    expect(log.entries.filter((e) => e.reason === 'state is "unavailable"')).toHaveLength(1);
    await source.close!();
    await ha_.endAsync(true);
  });
});
