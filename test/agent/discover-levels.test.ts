import { afterEach, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { type BraiinsEmulator, startBraiinsEmulator } from '../emulators/braiins.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

describe('levels learned from the device before the model is built', () => {
  let emulator: BraiinsEmulator | undefined;
  afterEach(async () => emulator?.close());

  it('a Braiins miner without configured levels gets steps across its reported range, and its range for surplus', async () => {
    emulator = await startBraiinsEmulator({ range: { minW: 1200, maxW: 3000, defaultW: 2400 } });
    const miners = `  - { id: s19, type: braiins, host: "127.0.0.1:${emulator.port}", password: secret, continuous: { stepW: 100 } }`;
    const config = simulatedConfig({ dataDir: tempDataDir(), miners });
    const agent = await createAgent(config, {
      clock: new FakeClock(),
      logger: captureLogger().logger,
      scheduler: manualScheduler,
    });
    const s19 = agent.model.miners.find((m) => m.id === 's19')!;
    expect(s19.levels.length).toBeGreaterThan(2);
    expect(s19.levels[1]!.powerW).toBe(1200);
    expect(s19.continuous).toEqual({ minW: 1200, maxW: 3000, stepW: 100 });
    await agent.stop({ applyOnExit: false });
  });

  it('a miner that cannot answer at start is reported once and left off', async () => {
    const miners = `  - { id: s19, type: braiins, host: "127.0.0.1:9", password: secret, timeoutMs: 300 }`;
    const log = captureLogger();
    const config = simulatedConfig({ dataDir: tempDataDir(), miners });
    const agent = await createAgent(config, {
      clock: new FakeClock(),
      logger: log.logger,
      scheduler: manualScheduler,
    });
    expect(agent.model.miners[0]!.levels.map((l) => l.id)).toEqual(['off']);
    expect(log.messages().filter((m) => m.startsWith('no levels known'))).toHaveLength(1);
    await agent.stop({ applyOnExit: false });
  });
});
