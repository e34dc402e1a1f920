import { afterEach, describe, expect, it } from 'vitest';
import type { MqttConnection } from '../../../src/mqtt/connection.js';
import { type HaEmulator, startHaEmulator } from '../../emulators/homeassistant.js';
import { type MqttPlugEmulator, startMqttPlugEmulator } from '../../emulators/mqtt-plug.js';
import { type ShellyEmulator, startShellyEmulator } from '../../emulators/shelly.js';
import { FakeClock } from '../../fakes/clock.js';
import { type MqttObserver, observe } from '../../fakes/mqtt-observer.js';
import { createTestBus, roundTrip, startTestBroker, type TestBroker } from '../../fakes/mqtt-test-bus.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

// Both miners sit in the living zone of the harness config; `other` is in no zone and never runs.
const MINERS = `  - { id: nano, type: simulated, zone: living, levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }] }
  - { id: other, type: simulated, levels: [{ id: on, powerW: 3000, ths: 1 }] }`;

describe('end to end: followers of a zone, and MQTT / Home Assistant switches as targets (issue 19)', () => {
  let e: E2eAgent | undefined;
  let fan: ShellyEmulator | undefined;
  let ha: HaEmulator | undefined;
  let broker: TestBroker | undefined;
  let bus: MqttConnection | undefined;
  let plug: MqttPlugEmulator | undefined;
  afterEach(async () => {
    await e?.stop();
    e = undefined;
    if (bus) await roundTrip(bus);
    await plug?.close();
    await bus?.close();
    await broker?.close();
    await fan?.close();
    await ha?.close();
    [fan, ha, broker, bus, plug] = [undefined, undefined, undefined, undefined, undefined];
  });

  it('a zone follower is on while a miner of the zone runs, then off', async () => {
    fan = await startShellyEmulator();
    e = await startE2eAgent({
      miners: MINERS,
      yaml: `followers:\n  - { id: fan, zones: [living], target: { type: shelly, host: "${fan.host}", timeoutMs: 2000 } }\n`,
    });
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'high' });
    expect(fan.output()).toBe(true);
    e.warmRoom();
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'off' });
    expect(fan.output()).toBe(false);
  });

  it('an MQTT relay (zigbee2mqtt plug: {"state":"ON"} on <base>/set) follows the miner', async () => {
    broker = await startTestBroker();
    bus = await createTestBus(broker.url);
    const base = 'zigbee2mqtt/garage_fan';
    plug = await startMqttPlugEmulator(broker.url, base, 40);
    e = await startE2eAgent({
      mqtt: bus,
      miners: MINERS,
      yaml: `mqtt: { url: "${broker.url}", discovery: false }
followers:
  - id: fan
    miners: [nano]
    target:
      type: mqtt-switch
      commandTopic: ${base}/set
      payloadOn: '{"state":"ON"}'
      payloadOff: '{"state":"OFF"}'
      stateTopic: ${base}
      stateField: state
      timeoutMs: 2000
`,
    });
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'high' });
    expect(plug.on).toBe(true);
    e.warmRoom();
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'off' });
    expect(plug.on).toBe(false);
  });

  it('a Home Assistant switch (switch.turn_on / turn_off) follows the miner with its run-on', async () => {
    const clock = new FakeClock();
    ha = await startHaEmulator({ now: () => clock.now() });
    ha.setState('switch.garage_pump', 'off');
    e = await startE2eAgent({
      clock,
      miners: MINERS,
      yaml: `homeassistant: { url: "${ha.url}", token: ${ha.token}, timeoutMs: 2000 }
followers:
  - { id: pump, miners: [nano], runOnMinutes: 1, target: { type: homeassistant-switch, entity: switch.garage_pump, timeoutMs: 2000 } }
`,
    });
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'high' });
    expect(ha.state('switch.garage_pump')).toBe('on');
    e.warmRoom();
    await e.tickFor('nano');
    expect(ha.state('switch.garage_pump')).toBe('on');
    await clock.advance(61_000);
    e.warmRoom();
    await e.tickFor('nano');
    expect(ha.state('switch.garage_pump')).toBe('off');
    expect(ha.serviceCalls.map((c) => c.service)).toEqual(['switch.turn_on', 'switch.turn_off']);
  });
});

describe('end to end: a fan or pump speed from a temperature (issue 19, speed followers)', () => {
  let e: E2eAgent | undefined;
  let ha: HaEmulator | undefined;
  let broker: TestBroker | undefined;
  let bus: MqttConnection | undefined;
  let wire: MqttObserver | undefined;
  afterEach(async () => {
    await e?.stop();
    e = undefined;
    if (bus) await roundTrip(bus);
    await wire?.close();
    await bus?.close();
    await broker?.close();
    await ha?.close();
    [ha, broker, bus, wire] = [undefined, undefined, undefined, undefined];
  });

  it('a Home Assistant fan (fan.set_percentage) follows the hottest chip; 0 % once the miner stopped', async () => {
    const clock = new FakeClock();
    ha = await startHaEmulator({ now: () => clock.now() });
    ha.setState('fan.garage_exhaust', 'off', { percentage: 0 });
    ha.setState('number.pump_pwm', '0', { min: 0, max: 255 });
    e = await startE2eAgent({
      clock,
      // The simulated miner reports 75 °C chips at its top level (fullChipTempC), 35 °C when off.
      miners: MINERS,
      yaml: `homeassistant: { url: "${ha.url}", token: ${ha.token}, timeoutMs: 2000 }
followers:
  - id: exhaust
    zones: [living]
    speed: { from: chip, curve: [[40, 20], [60, 60], [80, 100]] }
    target: { type: homeassistant-speed, entity: fan.garage_exhaust }
  - id: pump
    miners: [nano]
    speed: { from: chip, curve: [[40, 20], [60, 60], [80, 100]] }
    target: { type: homeassistant-speed, entity: number.pump_pwm, fullScale: 255 }
`,
    });
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'high' });
    expect(ha.state('fan.garage_exhaust')).toBe('on');
    expect(ha.attribute('fan.garage_exhaust', 'percentage')).toBe(90);
    expect(ha.state('number.pump_pwm')).toBe('230'); // 90 % of 255, number.set_value
    await e.tickFor('nano'); // unchanged: nothing sent
    e.warmRoom();
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'off' });
    expect(ha.state('fan.garage_exhaust')).toBe('off');
    const fanCalls = ha.serviceCalls.filter((c) => c.service.startsWith('fan.'));
    expect(fanCalls).toEqual([
      { service: 'fan.set_percentage', data: { entity_id: 'fan.garage_exhaust', percentage: 90 } },
      { service: 'fan.set_percentage', data: { entity_id: 'fan.garage_exhaust', percentage: 0 } },
    ]);
    expect(ha.state('number.pump_pwm')).toBe('0');
    expect(e.log.messages()).toContain('exhaust: 90 % at 75.0 °C (from chip)');
  });

  it('an MQTT number (ESPHome-style command topic) follows a zone temperature, with hysteresis', async () => {
    broker = await startTestBroker();
    bus = await createTestBus(broker.url);
    const topic = 'esphome/loop/number/pump_speed/command';
    wire = await observe(broker.url, [topic]);
    e = await startE2eAgent({
      mqtt: bus,
      miners: MINERS,
      yaml: `mqtt: { url: "${broker.url}", discovery: false }
followers:
  - id: pump
    speed: { from: zone.living.tempC, curve: [[20, 0], [25, 100]], hysteresisK: 1 }
    target: { type: mqtt-number, commandTopic: ${topic}, fullScale: 255 }
`,
    });
    const room = (tempC: number) =>
      e!.agent.store.update({
        key: 'zone.living.tempC',
        reading: { value: tempC, at: e!.clock.now(), source: 'test' },
      });
    room(22.5); // 50 % = 128 of 255
    await e.tickFor('nano');
    expect(await wire.waitFor(topic)).toBe('128');
    room(22); // 40 % by the curve, but 22 + 1 K still says 60 %: held at 50 %
    await e.tickFor('nano');
    room(21); // 21 + 1 K → 40 % = 102
    await e.tickFor('nano');
    await wire.waitFor(topic, (p) => p === '102');
    expect(wire.messages.filter((m) => m.topic === topic).map((m) => m.payload)).toEqual(['128', '102']);
  });
});
