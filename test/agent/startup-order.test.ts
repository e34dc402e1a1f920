import { afterEach, describe, expect, it } from 'vitest';
import { type Agent, createAgent } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';
import { connectClient, startTestBroker, type TestBroker } from '../fakes/mqtt-test-bus.js';

// Issue 12: the first tick ran before MQTT was connected, so MQTT inputs were missing and the first
// decision ran blind. `start({ waitForInputsMs })` (what `hashheat run` passes) waits, bounded, for the
// connection and for each push input's retained reading.
describe('start-up order', () => {
  let broker: TestBroker | undefined;
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.stop({ applyOnExit: false });
    agent = undefined;
    await broker?.close();
  });

  async function withRetainedGrid(gridW: number) {
    broker = await startTestBroker();
    const client = await connectClient(broker.url);
    await client.publishAsync('home/meter/power', String(gridW), { retain: true, qos: 1 });
    await client.endAsync();
    return simulatedConfig({
      dataDir: tempDataDir(),
      // Appended to the config's signals list, then a top-level mqtt section.
      yaml: `  - { type: mqtt, signal: grid.powerW, topic: home/meter/power }
mqtt: { url: "${broker.url}", discovery: false }`,
    });
  }

  it('the first tick sees the retained MQTT grid reading', async () => {
    const log = captureLogger();
    const config = await withRetainedGrid(-650);
    agent = await createAgent(config, {
      clock: new FakeClock(),
      logger: log.logger,
      scheduler: manualScheduler,
    });
    await agent.start({ waitForInputsMs: 5000 });
    const first = (await agent.tick())!;
    expect(agent.lastSnapshot()?.scalars['grid.powerW']?.value).toBe(-650);
    // The decision weighed the surplus: the ledger's top level runs on 140 W of the 650 W exported.
    expect(first.decisions[0]?.ledger.find((r) => r.levelId === 'high')?.surplusW).toBe(140);
  });
});
