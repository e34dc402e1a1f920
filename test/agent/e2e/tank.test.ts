import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/loader.js';
import { type Agent, createAgent } from '../../../src/agent/agent.js';
import { manualScheduler } from '../../../src/agent/scheduler.js';
import type { ScalarKey } from '../../../src/core/types.js';
import { type StockMiner, startStockMiner } from '../../emulators/cgminer-miner.js';
import { tempDataDir } from '../../fakes/agent-config.js';
import { FakeClock } from '../../fakes/clock.js';
import { captureLogger } from '../../fakes/logger.js';

// Issue 19 item 4 through the agent: a hydro miner on a hot-water cylinder, spoken to over the cgminer
// API (the stock-miner emulator, pause/resume), every assertion on the DEVICE's state.
function tankConfig(port: number) {
  return parseConfig(
    `
site: { timeZone: Europe/Berlin, currency: EUR }
agent: { dataDir: ${JSON.stringify(tempDataDir())}, onExit: off }
guards: { minOnSeconds: 0, minOffSeconds: 0, minDwellSeconds: 0, hysteresisPerHour: 0, enableDelaySeconds: 0, disableDelaySeconds: 0 }
prices:
  import: { type: fixed, perKWh: 0.30 }
revenue:
  hashprice: { type: static, perThsDay: 0.034 }
zones:
  - id: cylinder
    kind: tank
    targetC: 55
    maxC: 60
    bandC: 3
    heater: { type: resistive }
    tank: { volumeL: 300, standingLossWPerK: 2, minC: 50, highLimitC: 65, maxDeltaK: 10, drawOff: en16147-M }
miners:
  - id: hydro
    type: cgminer
    zone: cylinder
    host: 127.0.0.1
    port: ${port}
    timeoutMs: 2000
    settleMs: 200
    levels: [{ id: full, powerW: 1350, ths: 13.5 }]
    control: { off: { command: pause }, on: { command: resume } }
`,
    {},
  );
}

describe('end to end: a miner heating a hot-water cylinder', () => {
  let emu: StockMiner | undefined;
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.stop({ applyOnExit: false });
    await emu?.close();
  });

  it('heats below target, stops at maxC, on a ΔT over the limit and without a water temperature', async () => {
    emu = await startStockMiner({ flavour: 'cgminer', ths: 13.5, pauseResume: true });
    emu.state.hashing = false;
    const clock = new FakeClock();
    agent = await createAgent(tankConfig(emu.port), {
      clock,
      logger: captureLogger().logger,
      scheduler: manualScheduler,
    });
    await agent.start();
    const feed = (values: Record<string, number>) => {
      for (const [key, value] of Object.entries(values))
        agent!.store.update({ key: key as ScalarKey, reading: { value, at: clock.now(), source: 'test' } });
    };
    const tick = async () => {
      await clock.advance(15_000); // past the agent's 10 s command rate limit
      const record = await agent!.tick();
      return record!.decisions.find((d) => d.minerId === 'hydro')!;
    };

    feed({ 'zone.cylinder.tempC': 52, 'zone.cylinder.inlet.tempC': 45, 'zone.cylinder.outlet.tempC': 52 });
    await tick();
    expect(emu.state.hashing).toBe(true);

    feed({ 'zone.cylinder.tempC': 60.2 });
    await tick();
    expect(emu.state.hashing).toBe(false);

    feed({ 'zone.cylinder.tempC': 52 });
    await tick();
    expect(emu.state.hashing).toBe(true);

    // Too little flow through the exchanger: outlet − inlet 12 K > 10 K, the miner steps down (to off).
    feed({ 'zone.cylinder.tempC': 52, 'zone.cylinder.outlet.tempC': 57 });
    const hot = await tick();
    expect(emu.state.hashing).toBe(false);
    expect(hot.reason).toMatch(/ΔT limit 10 K/);

    // The water temperature ages out (maxAge.zoneTemp, 30 min): the high limit cannot be checked.
    feed({ 'zone.cylinder.outlet.tempC': 50 });
    await tick();
    expect(emu.state.hashing).toBe(true);
    await clock.advance(31 * 60_000);
    feed({ 'zone.cylinder.inlet.tempC': 45, 'zone.cylinder.outlet.tempC': 50 });
    const blind = await tick();
    expect(emu.state.hashing).toBe(false);
    expect(blind.reason).toMatch(/high limit 65 °C cannot be checked: stopped/);

    // A manual override may heat past maxC (a comfort stop), never past the high limit (a safety stop).
    agent.setOverride('hydro', { levelId: 'full', source: 'test' });
    feed({ 'zone.cylinder.tempC': 62 });
    await tick();
    expect(emu.state.hashing).toBe(true);
    feed({ 'zone.cylinder.tempC': 65.2 });
    const cutOff = await tick();
    expect(emu.state.hashing).toBe(false);
    expect(cutOff.reason).toMatch(/at 65\.2 °C ≥ high limit 65 °C: stopped/);
  });
});
