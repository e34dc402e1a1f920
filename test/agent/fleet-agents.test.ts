import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { brokerKinds, startBroker, type TestBroker } from '../fakes/broker.js';
import { FakeClock } from '../fakes/clock.js';
import { fleetShardConfig, startShardAgent } from './fleet-shard-config.js';

describe.each(brokerKinds)('two agents sharing a 10 kW site (%s)', (kind) => {
  let broker: TestBroker;
  const agents: Agent[] = [];
  const closing: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const agent of agents.splice(0)) await agent.stop({ applyOnExit: false });
    for (const close of closing.splice(0)) await close();
    await broker?.close();
  });

  it('each caps its miners at its share: together never above the limit, and close to it', async () => {
    broker = await startBroker(kind);
    const clock = new FakeClock();
    const logger = pino({ level: 'silent' });
    for (const shard of ['rack-a', 'rack-b']) {
      const config = fleetShardConfig(broker.url, shard);
      agents.push(await startShardAgent(config, kind, { clock, logger }, (close) => closing.push(close)));
    }
    await new Promise((r) => setTimeout(r, 80));
    const totals: number[] = [];
    let capped = '';
    for (let t = 0; t < 6; t++) {
      await clock.advance(30_000);
      let totalW = 0;
      for (const agent of agents) {
        const record = await agent.tick();
        for (const d of record!.decisions) {
          totalW += d.powerW;
          if (d.ledger.some((r) => r.blockedBy?.startsWith('fleet:')))
            capped = d.ledger.find((r) => r.blockedBy?.startsWith('fleet:'))!.blockedBy!;
        }
      }
      totals.push(totalW);
      await new Promise((r) => setTimeout(r, 40));
    }
    // Alone each shard would run 4 × 2 kW; together they would draw 16 kW.
    expect(Math.max(...totals)).toBeLessThanOrEqual(10_000);
    expect(totals.at(-1)).toBeGreaterThanOrEqual(9_000);
    expect(capped).toMatch(/^fleet: the site's shared budget gives this miner \d+ W$/);
  });
});
