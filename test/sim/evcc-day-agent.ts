import type { MqttClient } from 'mqtt';
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
import { DAY_START, HOUSE_W, plugged, pvW, STEP_MS } from './evcc-day-shape.js';

// The day of test/sim/evcc-day.test.ts (which drives decide() directly), here through the whole agent:
// (run in three windows, one test file each: evcc-day-agent-*.test.ts, so each file stays short)
// createAgent with an evcc load over the aedes broker (evcc's emulator publishes what evcc-io/evcc
// server/mqtt.go does), a Braiins OS miner emulator on HTTP (power target + pause, reference/miners.md
// §3.3), the fake clock. The grid meter is the site's balance from what the devices draw.
/** hashheat's default guards (enable 60 s, disable 180 s, like evcc's). */
const GUARDS =
  '{ minOnSeconds: 300, minOffSeconds: 300, minDwellSeconds: 120, hysteresisPerHour: 0.001, enableDelaySeconds: 60, disableDelaySeconds: 180 }';

/** What one window of the day measured, on the devices (the car's charge power, the miner emulator's state). */
export interface EvccDayWindow {
  importedKWh: number;
  carKWh: number;
  minerKWh: number;
  minerOnSteps: number;
  steps: number;
  /** Longest time the car and the miner both drew while the site imported (ms). */
  longestBothMs: number;
  /** Miner energy after the car left at 14:00 (kWh). */
  minerAfterCarKWh: number;
}

/**
 * The evcc day from `fromH` to `toH` (local hours, e.g. 9.75 = 09:45), from a fresh start: a broker,
 * the evcc emulator, a paused Braiins OS emulator and an agent with hashheat's default guards.
 */
export async function evccDayWindow(fromH: number, toH: number): Promise<EvccDayWindow> {
  const clock = new FakeClock(DAY_START + fromH * 3_600_000);
  const broker: TestBroker = await startTestBroker();
  const bus: MqttConnection = await createTestBus(broker.url);
  const client: MqttClient = await connectClient(broker.url);
  const miner: BraiinsEmulator = await startBraiinsEmulator({
    range: { minW: 400, maxW: 1000, defaultW: 1000 },
    now: () => clock.now(),
  });
  miner.state.paused = true;
  let e: E2eAgent | undefined;
  try {
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
    const m: EvccDayWindow = {
      importedKWh: 0,
      carKWh: 0,
      minerKWh: 0,
      minerOnSteps: 0,
      steps: 0,
      longestBothMs: 0,
      minerAfterCarKWh: 0,
    };
    let bothMs = 0;
    for (let now = clock.now(); now < DAY_START + toH * 3_600_000; now += STEP_MS) {
      await clock.advance(now - clock.now());
      const gridW = () => HOUSE_W + minerW() + evcc.chargePowerW - pvW(now);
      evcc.step(now, gridW(), plugged(now));
      await evcc.publish();
      await deliveredFrom(marker, bus);
      e.grid(gridW());
      await e.tickFor('garage');
      const importW = Math.max(0, gridW());
      m.steps += 1;
      m.importedKWh += (importW * STEP_MS) / 3.6e9;
      m.carKWh += (evcc.chargePowerW * STEP_MS) / 3.6e9;
      m.minerKWh += (minerW() * STEP_MS) / 3.6e9;
      if (now >= DAY_START + 14 * 3_600_000) m.minerAfterCarKWh += (minerW() * STEP_MS) / 3.6e9;
      if (minerW() > 0) m.minerOnSteps += 1;
      bothMs = evcc.chargePowerW > 0 && minerW() > 0 && importW > 0 ? bothMs + STEP_MS : 0;
      m.longestBothMs = Math.max(m.longestBothMs, bothMs);
    }
    return m;
  } finally {
    await e?.stop();
    await roundTrip(bus);
    await miner.close();
    await bus.close();
    await client.endAsync(true);
    await broker.close();
  }
}

/** One line for the test log. */
export function describeWindow(label: string, m: EvccDayWindow): string {
  return (
    `whole agent, ${label}: imported ${m.importedKWh.toFixed(3)} kWh, car ${m.carKWh.toFixed(2)} kWh, ` +
    `miner ${m.minerKWh.toFixed(2)} kWh (device on in ${m.minerOnSteps} of ${m.steps} steps), ` +
    `longest both-drawing-while-importing ${m.longestBothMs / 1000} s`
  );
}
