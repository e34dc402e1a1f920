import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { createAgent } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { FakeHttpServer } from '../fakes/http-server.js';
import { captureLogger } from '../fakes/logger.js';

const HOUR_MS = 3_600_000;
const NOW = Date.UTC(2025, 0, 15, 11);

/** An Open-Meteo reply for today and tomorrow (UTC) with `tempC(hour from now)` as the temperature. */
function reply(tempC: (hoursFromNow: number) => number): string {
  const day = Date.UTC(2025, 0, 15);
  const time = Array.from({ length: 48 }, (_, h) => new Date(day + h * HOUR_MS).toISOString().slice(0, 16));
  const temperature_2m = time.map((_, h) => tempC((day + h * HOUR_MS - NOW) / HOUR_MS));
  return JSON.stringify({ utc_offset_seconds: 0, timezone: 'GMT', hourly: { time, temperature_2m } });
}

/**
 * A well insulated room at 21 °C with no other heater: mild outdoors it stays above 20 °C over the
 * 6 h horizon, so mining (at a loss) is pointless; a cold spell from the second hour makes it fall.
 */
function config(baseUrl: string, dataDir: string) {
  return parseConfig(
    `
site: { timeZone: Europe/Berlin, currency: EUR }
agent: { dataDir: ${JSON.stringify(dataDir)}, onExit: off }
guards: { minOnSeconds: 0, minOffSeconds: 0, minDwellSeconds: 0, hysteresisPerHour: 0, enableDelaySeconds: 0, disableDelaySeconds: 0 }
prices:
  import: { type: fixed, perKWh: 0.30 }
revenue:
  hashprice: { type: static, perThsDay: 0.034 }
zones:
  - { id: living, targetC: 21, maxC: 23, heater: { type: none } }
signals:
  - { type: static, signal: zone.living.tempC, value: 21 }
  - { type: static, signal: outdoor.tempC, value: 15 }
forecasts:
  - { type: open-meteo, baseUrl: ${baseUrl}, latitude: 52.52, longitude: 13.41 }
planner:
  horizonHours: 6
  slotMinutes: 15
  coldPenaltyPerKh: 1
  zones:
    - { zone: living, heatLossWPerK: 10, capacityKWhPerK: 0.5, minC: 20 }
miners:
  - id: nano
    type: simulated
    zone: living
    levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }]
`,
    {},
  );
}

describe('forecasts in the agent', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  async function planWith(tempC: (hoursFromNow: number) => number) {
    server.route('/v1/forecast', { body: reply(tempC) });
    const clock = new FakeClock(NOW);
    const { logger } = captureLogger();
    const agent = await createAgent(config(server.url, tempDataDir()), {
      clock,
      logger,
      scheduler: manualScheduler,
    });
    await agent.start();
    const record = await agent.tick();
    const slots = agent.lastSnapshot()?.plans?.nano?.slots ?? [];
    await agent.stop({ applyOnExit: false });
    return { record, slots };
  }

  it('a cold forecast makes the planner pre-heat now; a mild one leaves the miner off', async () => {
    const mild = await planWith(() => 15);
    expect(mild.record?.plans?.nano?.runs).toEqual([expect.objectContaining({ levelId: 'off' })]);
    expect(mild.record?.decisions[0]?.levelId).toBe('off');

    const cold = await planWith((h) => (h < 1 ? 15 : -15));
    const runs = cold.record?.plans?.nano?.runs ?? [];
    // Heat goes in while it is still mild: the room is warmed above 21 °C before the cold arrives.
    expect(runs[0]).toMatchObject({ start: NOW, levelId: 'high' });
    expect(cold.record?.decisions[0]).toMatchObject({ levelId: 'high', decidedBy: 'planner' });
    expect(cold.slots[2]?.roomC).toBeGreaterThan(21);
    expect(server.seen('/v1/forecast')).toHaveLength(2);
  });

  it('without a forecast (API down) the planner holds the current outdoor reading', async () => {
    server.fault('/v1/forecast', 'http500');
    const down = await planWith(() => -15);
    expect(down.record?.plans?.nano?.runs).toEqual([expect.objectContaining({ levelId: 'off' })]);
  });
});
