import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MqttConnection } from '../../../src/mqtt/connection.js';
import type { EmulatorHandle } from '../../contract/miner-contract.js';
import { startMqttPlugEmulator } from '../../emulators/mqtt-plug.js';
import { startTasmotaEmulator } from '../../emulators/tasmota.js';
import { type MqttObserver, observe } from '../../fakes/mqtt-observer.js';
import {
  createTestBus,
  roundTrip,
  startTestBroker,
  type TestBroker,
  waitFor,
} from '../../fakes/mqtt-test-bus.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

describe('end to end: relay miners on MQTT through the agent', () => {
  let broker: TestBroker;
  let bus: MqttConnection;
  const open: (EmulatorHandle | MqttObserver)[] = [];
  let e: E2eAgent | undefined;
  // A broker per test: a plug leaving (its will) while the agent unsubscribes made aedes drop the
  // agent's connection for ~60 ms; it reconnects by itself, but the next test must not start then.
  beforeEach(async () => {
    broker = await startTestBroker();
    bus = await createTestBus(broker.url);
  });
  afterEach(async () => {
    await e?.stop();
    e = undefined;
    // The agent's UNSUBSCRIBEs in force before a plug's will goes out: otherwise aedes drops the
    // connection (above) and its close below waits its 2 s fallback for an acknowledgement.
    await roundTrip(bus);
    await Promise.all(open.splice(0).map((o) => o.close()));
    await bus.close();
    await broker.close();
  });
  // The agent gets the test's connection; the config still needs its mqtt section.
  const mqttSection = () => `mqtt: { url: "${broker.url}", discovery: false }`;

  it('tasmota: cmnd/<topic>/POWER ON, read back on; warm room: POWER OFF, read back off', async () => {
    const plug = await startTasmotaEmulator(broker.url, { loadW: 1400 });
    open.push(plug);
    e = await startE2eAgent({
      mqtt: bus,
      yaml: mqttSection(),
      miners: `  - { id: s9, type: tasmota, zone: living, topic: ${plug.topic}, levels: [{ id: on, powerW: 1400, ths: 100 }], timeoutMs: 2000 }`,
    });
    const switched = () => plug.commands.filter((c) => /^POWER (ON|OFF)$/.test(c));

    expect(await e.tickFor('s9')).toMatchObject({ levelId: 'on', command: true });
    expect(switched()).toEqual(['POWER ON']);
    expect(plug.on).toBe(true);
    expect(await e.readBack('s9')).toMatchObject({ reachable: true, running: true, levelId: 'on', ths: 100 });

    e.warmRoom();
    expect(await e.tickFor('s9')).toMatchObject({ levelId: 'off', command: true });
    expect(switched()).toEqual(['POWER ON', 'POWER OFF']);
    expect(await e.readBack('s9')).toMatchObject({ reachable: true, running: false, levelId: 'off', ths: 0 });
    expect(e.taken('s9')).toEqual(['on', 'off']);
  });

  it('mqtt-switch (zigbee2mqtt plug): {"state":"ON"} on <base>/set, read back; warm room: OFF, read back', async () => {
    const base = 'zigbee2mqtt/miner_plug';
    const plug = await startMqttPlugEmulator(broker.url, base, 900);
    const wire = await observe(broker.url, [`${base}/set`]);
    open.push(plug, wire);
    e = await startE2eAgent({
      mqtt: bus,
      yaml: mqttSection(),
      miners: `  - id: plugged
    type: mqtt-switch
    zone: living
    levels: [{ id: run, powerW: 900, ths: 40 }]
    timeoutMs: 2000
    commandTopic: ${base}/set
    payloadOn: '{"state":"ON"}'
    payloadOff: '{"state":"OFF"}'
    stateTopic: ${base}
    stateField: state
    queryTopic: ${base}/get
    queryPayload: '{"state":""}'
    powerTopic: ${base}
    powerField: power
    availabilityTopic: ${base}/availability
    availabilityField: state`,
    });
    const sent = () => wire.seen(`${base}/set`).map((m) => m.payload);

    expect(await e.tickFor('plugged')).toMatchObject({ levelId: 'run', command: true });
    await waitFor(() => sent().length === 1);
    expect(sent()).toEqual(['{"state":"ON"}']);
    expect(plug.on).toBe(true);
    expect(await e.readBack('plugged')).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'run',
      powerW: 900,
    });

    e.warmRoom();
    expect(await e.tickFor('plugged')).toMatchObject({ levelId: 'off', command: true });
    await waitFor(() => sent().length === 2);
    expect(sent()).toEqual(['{"state":"ON"}', '{"state":"OFF"}']);
    expect(await e.readBack('plugged')).toMatchObject({
      reachable: true,
      running: false,
      levelId: 'off',
      powerW: 0,
    });
    expect(e.taken('plugged')).toEqual(['run', 'off']);
  });
});
