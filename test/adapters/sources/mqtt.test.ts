import { describe, expect, it } from 'vitest';
import { mqttSignal } from '../../../adapters/sources/mqtt.js';
import type { SignalUpdate } from '../../../src/ports.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import { FakeClock } from '../../fakes/clock.js';
import { roundTrip, sourceMqtt, waitFor } from '../../fakes/mqtt-test-bus.js';

const mq = sourceMqtt();
let n = 0;

/** A started source on a fresh topic; returns what it emitted and its captured log. */
async function start(fields: Record<string, unknown>, clock = new FakeClock()) {
  const topic = `test/${++n}/value`;
  const { deps, log } = testAdapterDeps({ clock, id: `signals[${n}]` });
  const config = mqttSignal.schema.parse({ type: 'mqtt', topic, signal: 'grid.powerW', ...fields });
  const source = mqttSignal.create(config as never, { ...deps, mqtt: mq.bus });
  const updates: SignalUpdate[] = [];
  await source.start!((u) => updates.push(u));
  await roundTrip(mq.bus); // the SUBSCRIBE is in force at the broker
  const send = async (payload: string | Buffer, count = updates.length + 1) => {
    await mq.publisher.publishAsync(topic, payload);
    if (count > updates.length) await waitFor(() => updates.length >= count);
  };
  const values = () => updates.map((u) => u.reading.value as number);
  return { source, updates, values, send, log, clock, topic };
}

describe('mqtt signal source', () => {
  it('reads a raw number and stamps it with the arrival time', async () => {
    const clock = new FakeClock();
    const s = await start({}, clock);
    await s.send(' 1234.5 ');
    expect(s.updates[0]).toEqual({
      key: 'grid.powerW',
      reading: { value: 1234.5, at: clock.now(), source: s.updates[0]!.reading.source },
    });
    await s.source.close!();
  });

  it('follows a JSON path (Tasmota SENSOR) and converts kW to W', async () => {
    const s = await start({ field: 'ENERGY.Power', unit: 'kW' });
    await s.send('{"Time":"2023-05-19T20:52:56","ENERGY":{"Power":0.056,"Voltage":234}}');
    expect(s.values()[0]).toBeCloseTo(56, 6);
    const t = await start({ field: 'data[1].v' });
    await t.send('{"data":[{"v":1},{"v":"2.5"}]}');
    expect(t.values()).toEqual([2.5]);
    await s.source.close!();
    await t.source.close!();
  });

  it('inverts and scales (export-positive meter, Wh per minute → W)', async () => {
    const s = await start({ invert: true, scale: 2 });
    await s.send('-300');
    expect(s.values()).toEqual([600]);
    await s.source.close!();
  });

  it('converts °F to °C for a temperature', async () => {
    const s = await start({ signal: 'zone.living.tempC', unit: '°F' });
    await s.send('68');
    expect(s.values()[0]).toBeCloseTo(20, 6);
    expect(s.updates[0]!.key).toBe('zone.living.tempC');
    await s.source.close!();
  });

  it('rejects a unit that does not fit the signal', () => {
    const result = mqttSignal.schema.safeParse({
      type: 'mqtt',
      topic: 'x',
      signal: 'outdoor.tempC',
      unit: 'kW',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('unit kW does not fit outdoor.tempC');
  });

  it('logs a malformed payload once, keeps the last good value, logs the recovery', async () => {
    const s = await start({ field: 'ENERGY.Power' });
    await s.send('{"ENERGY":{"Power":100}}');
    await s.send('not json', 1);
    await s.send('{"ENERGY":{}}', 1);
    await s.send(Buffer.alloc(200_000, 'x'), 1);
    await s.log.until(() => s.log.entries.some((e) => e.msg.startsWith('input has no usable value')));
    expect(s.values()).toEqual([100]);
    const warnings = s.log.entries.filter((e) => e.msg.startsWith('input has no usable value'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.reason).toBe('not JSON: "not json"');
    await s.send('{"ENERGY":{"Power":120}}');
    expect(s.values()).toEqual([100, 120]);
    expect(s.log.messages().filter((m) => m === 'input recovered')).toHaveLength(1);
    await s.send(Buffer.alloc(200_000, 'x'), 2);
    await s.log.until(() => s.log.entries.at(-1)?.reason === 'payload too large (200000 bytes)');
    await s.source.close!();
  });

  it('notices silence past maxAgeSeconds once, and the next value', async () => {
    const clock = new FakeClock();
    const s = await start({ maxAgeSeconds: 60 }, clock);
    await s.send('5');
    await clock.advance(59_000);
    expect(s.log.messages()).not.toContain('input has no usable value; keeping the last good one');
    await clock.advance(2_000);
    await clock.advance(600_000);
    const silent = s.log.entries.filter((e) => e.reason === 'no new value for 60 s');
    expect(silent).toHaveLength(1);
    await s.send('6');
    expect(s.log.messages()).toContain('input recovered');
    await s.source.close!();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('keeps receiving after the broker restarts (the connection resubscribes)', async () => {
    const s = await start({});
    await s.send('1');
    await mq.broker.stop();
    await waitFor(() => !mq.bus.connected, 3000);
    await mq.broker.start();
    await waitFor(() => mq.bus.connected, 3000);
    await waitFor(() => mq.publisher.connected, 3000);
    await roundTrip(mq.bus); // the restored subscriptions are in force
    await s.send('2');
    expect(s.values()).toEqual([1, 2]);
    await s.source.close!();
  });

  it('fails to start with a clear error when there is no MQTT connection', async () => {
    const { deps } = testAdapterDeps();
    const config = mqttSignal.schema.parse({ type: 'mqtt', topic: 't', signal: 'pv.powerW' });
    const source = mqttSignal.create(config as never, deps);
    await expect(source.start!(() => undefined)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'an mqtt signal needs the mqtt section in the config',
    });
  });
});
