import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MqttConnection } from '../../../src/mqtt/connection.js';
import { startTasmotaEmulator, type TasmotaEmulator } from '../../emulators/tasmota.js';
import { createTestBus, roundTrip, startTestBroker, type TestBroker } from '../../fakes/mqtt-test-bus.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

// Issue 12: impossible readings never become state. A Tasmota plug publishing `Power: 1e300` once
// (tele/<topic>/SENSOR in Tasmota's ENERGY shape, tasmota.github.io/docs/JSON-Status-Responses)
// must not move the learned power of the level or the energy total Home Assistant's Energy
// dashboard sums (a total_increasing sensor cannot take a jump back).
describe('end to end: an impossible plug reading', () => {
  let broker: TestBroker;
  let bus: MqttConnection;
  let plug: TasmotaEmulator | undefined;
  let e: E2eAgent | undefined;
  beforeEach(async () => {
    broker = await startTestBroker();
    bus = await createTestBus(broker.url);
  });
  afterEach(async () => {
    await e?.stop();
    e = undefined;
    // The agent's UNSUBSCRIBEs in force before the plug's will goes out: otherwise aedes drops the
    // connection and its close below waits its 2 s fallback for an acknowledgement.
    await roundTrip(bus);
    await plug?.close();
    await bus.close();
    await broker.close();
  });

  it('1e300 W once: learned power and energy total unchanged, logged once, control goes on', async () => {
    plug = await startTasmotaEmulator(broker.url, { loadW: 1400 });
    e = await startE2eAgent({
      mqtt: bus,
      yaml: `mqtt: { url: "${broker.url}", discovery: false }`,
      miners: `  - { id: s9, type: tasmota, zone: living, topic: ${plug.topic}, levels: [{ id: on, powerW: 1400, ths: 100 }], timeoutMs: 2000 }`,
    });
    const learned = () => e!.agent.state().learned.s9?.on;
    const energyKWh = () => e!.agent.state().counters.s9?.energyKWh ?? 0;
    await e.tickFor('s9');
    expect(plug.on).toBe(true);
    // Six settled minutes at 1400 W: the level's power is learned from the plug's meter.
    for (let i = 0; i < 8; i++) {
      await e.clock.advance(60_000);
      plug.publishTele();
      await e.tickFor('s9');
    }
    const before = { learned: learned(), energyKWh: energyKWh() };
    expect(before.learned?.powerW).toBeCloseTo(1400, 6);

    // The meter glitches: one reading of 1e300 W, in the tele message and the Status 10 reply alike.
    plug.setLoadW(1e300);
    plug.publishTele();
    await e.clock.advance(60_000);
    const decision = await e.tickFor('s9');
    expect(decision.levelId).toBe('on');
    expect(e.agent.statuses().s9?.powerW).toBeUndefined();
    plug.setLoadW(1400);
    expect(learned()).toEqual({ ...before.learned, samples: before.learned!.samples });
    // One minute at the level's 1400 W, not at 1e300 W.
    expect(energyKWh() - before.energyKWh).toBeCloseTo(1400 / 60 / 1000, 9);
    await e.clock.advance(60_000);
    await e.tickFor('s9');
    expect(e.count('implausible miner reading ignored')).toBe(1);
    expect(Number.isFinite(energyKWh())).toBe(true);
    expect(energyKWh()).toBeLessThan(1);
  });

  it('an implausible input never reaches the store: 1e300 W surplus, 0x20, a SoC of 140 %', async () => {
    e = await startE2eAgent({
      miners: `  - { id: nano, type: simulated, zone: living, levels: [{ id: low, powerW: 80, ths: 4 }] }`,
    });
    const at = e.clock.now();
    e.agent.store.update({ key: 'grid.powerW', reading: { value: -300, at, source: 'meter' } });
    e.agent.store.update({ key: 'grid.powerW', reading: { value: -1e300, at: at + 1, source: 'meter' } });
    e.agent.store.update({ key: 'battery.socPct', reading: { value: 140, at, source: 'bms' } });
    expect(e.agent.store.get('grid.powerW')?.value).toBe(-300);
    expect(e.agent.store.get('battery.socPct')).toBeUndefined();
    const warnings = e.log.entries.filter((l) => l.msg === 'implausible reading ignored');
    expect(warnings.map((w) => w.signal)).toEqual(['grid.powerW', 'battery.socPct']);
  });
});
