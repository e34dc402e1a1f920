import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttConnection } from '../../src/mqtt/connection.js';
import { type E2eAgent, startE2eAgent } from '../agent/e2e/harness.js';
import { type BraiinsEmulator, startBraiinsEmulator } from '../emulators/braiins.js';
import { EvccEmulator } from '../emulators/evcc.js';
import { FakeClock } from '../fakes/clock.js';
import {
  connectClient,
  createTestBus,
  deliveredFrom,
  roundTrip,
  startTestBroker,
  type TestBroker,
} from '../fakes/mqtt-test-bus.js';

// The day of test/sim/evcc-day.test.ts (which drives decide() directly), here through the whole agent:
// createAgent with an evcc load over the aedes broker (evcc's emulator publishes what evcc-io/evcc
// server/mqtt.go does), a Braiins OS miner emulator on HTTP (power target + pause, reference/miners.md
// §3.3), the fake clock. The grid meter is the site's balance from what the devices draw.
const DAY_START = Date.UTC(2025, 4, 14, 22, 0, 0); // 2025-05-15 00:00 Europe/Berlin
const STEP_MS = 30_000;
const HOUSE_W = 400;
/** A May day on a 4 kWp roof: a sine from 06:00 to 20:00, 3.5 kW at its top, clouds every 50 min for 15 min. */
function pvW(at: number): number {
  const h = (at - DAY_START) / 3_600_000;
  const clear = h < 6 || h > 20 ? 0 : 3500 * Math.sin((Math.PI * (h - 6)) / 14);
  const cloud = Math.floor((at - DAY_START) / 60_000) % 50 < 15 ? 0.35 : 1;
  return clear * cloud;
}
const plugged = (at: number) => at >= DAY_START + 10 * 3_600_000 && at < DAY_START + 14 * 3_600_000;
/** hashheat's default guards (enable 60 s, disable 180 s, like evcc's). */
const GUARDS =
  '{ minOnSeconds: 300, minOffSeconds: 300, minDwellSeconds: 120, hysteresisPerHour: 0.001, enableDelaySeconds: 60, disableDelaySeconds: 180 }';

let broker: TestBroker;
let bus: MqttConnection;
let client: MqttClient;
let miner: BraiinsEmulator;
let e: E2eAgent;
const clock = new FakeClock(DAY_START + 9.75 * 3_600_000);

beforeAll(async () => {
  broker = await startTestBroker();
  bus = await createTestBus(broker.url);
  client = await connectClient(broker.url);
  miner = await startBraiinsEmulator({
    range: { minW: 400, maxW: 1000, defaultW: 1000 },
    now: () => clock.now(),
  });
  miner.state.paused = true;
});
afterAll(async () => {
  await e?.stop();
  await roundTrip(bus);
  await miner.close();
  await bus.close();
  await client.endAsync(true);
  await broker.close();
});

describe('the evcc day through the whole agent: car (evcc, priority 1) and a Braiins OS miner (priority 10)', () => {
  it('09:45–14:15: the miner takes what the car leaves, never both drawing on import longer than a disable delay', async () => {
    const root = 'evcc_agent_day';
    e = await startE2eAgent({
      clock,
      mqtt: bus,
      guards: GUARDS,
      yaml: `mqtt: { url: "${broker.url}", discovery: false }
loads:
  - { type: evcc, id: car, priority: 1, topic: ${root} }
`,
      miners: `  - { id: garage, type: braiins, host: "127.0.0.1:${miner.port}", password: secret, priority: 10, timeoutMs: 2000, powerTargetsW: [400, 1000], continuous: { minW: 400, maxW: 1000, stepW: 50 } }`,
    });
    const evcc = new EvccEmulator(client, root);
    const marker = { publishRaw: (topic: string, payload: string) => void client.publish(topic, payload) };
    await evcc.publishSettings();
    await deliveredFrom(marker, bus);
    const minerW = () => (miner.state.paused ? 0 : miner.state.targetW);
    let importedKWh = 0;
    let carKWh = 0;
    let minerKWh = 0;
    let bothMs = 0;
    let longestBothMs = 0;
    let minerOnSteps = 0;
    for (let now = clock.now(); now < DAY_START + 14.25 * 3_600_000; now += STEP_MS) {
      await clock.advance(now - clock.now());
      const gridW = () => HOUSE_W + minerW() + evcc.chargePowerW - pvW(now);
      evcc.step(now, gridW(), plugged(now));
      await evcc.publish();
      await deliveredFrom(marker, bus);
      e.grid(gridW());
      await e.tickFor('garage');
      const importW = Math.max(0, gridW());
      importedKWh += (importW * STEP_MS) / 3.6e9;
      carKWh += (evcc.chargePowerW * STEP_MS) / 3.6e9;
      minerKWh += (minerW() * STEP_MS) / 3.6e9;
      if (minerW() > 0) minerOnSteps += 1;
      bothMs = evcc.chargePowerW > 0 && minerW() > 0 && importW > 0 ? bothMs + STEP_MS : 0;
      longestBothMs = Math.max(longestBothMs, bothMs);
    }
    console.log(
      `whole agent: imported ${importedKWh.toFixed(3)} kWh, car ${carKWh.toFixed(2)} kWh, miner ${minerKWh.toFixed(2)} kWh ` +
        `(device on in ${minerOnSteps} of ${(4.5 * 3_600_000) / STEP_MS} steps), longest both-drawing-while-importing ${longestBothMs / 1000} s`,
    );
    // The car gets its charge, the miner runs on what is left (the Braiins emulator's target and pause
    // state: the device, not the decision), and the two never draw together while importing for longer
    // than one disable delay (180 s).
    expect(carKWh).toBeGreaterThan(5);
    expect(minerKWh).toBeGreaterThan(0.2);
    expect(longestBothMs).toBeLessThanOrEqual(180_000);
    expect(importedKWh).toBeLessThan(0.5);
  }, 120_000);
});
