import { afterEach, describe, expect, it } from 'vitest';
import { mempoolHashprice } from '../../../../adapters/sources/revenue/revenue-mempool.js';
import { miningRevenuePolicy } from '../../../../policies/mining-revenue.js';
import { SignalStore } from '../../../../src/agent/signal-store.js';
import { SourceRunner } from '../../../../src/agent/source-runner.js';
import { pollEnds } from '../../../fakes/clock.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { policyContext } from '../../../fakes/policy-context.js';
import { makeSnapshot } from '../../../fakes/world.js';
import { makeSource, serveMempool } from '../tariffs/tariff-harness.js';

const NOW = Date.UTC(2025, 11, 14, 12);
const HOUR = 3_600_000;

describe('a failing hashprice source', () => {
  let server: FakeHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('keeps the last good hashprice until maxAge.hashprice (24 h), then mining revenue abstains', async () => {
    server = await FakeHttpServer.start();
    serveMempool(server);
    const { source, clock, log } = makeSource(
      mempoolHashprice,
      { type: 'mempool', baseUrl: server.url },
      { now: NOW, currency: 'USD' },
    );
    const store = new SignalStore();
    const polls = pollEnds(clock);
    const runner = new SourceRunner([source], (u) => store.update(u), {
      clock: polls.runnerClock,
      logger: log.logger,
    });
    await runner.start();
    server.fault('*', 'http500');
    await clock.advance(10 * 60_000);
    await polls.until(() => runner.healthAll()[0]!.failures >= 1, 'the first failure');
    await clock.advance(23 * HOUR);

    const revenueAt = () => {
      const snapshot = makeSnapshot({ now: clock.now(), scalars: store.scalarsRecord() });
      return miningRevenuePolicy().evaluate(policyContext({ snapshot }));
    };
    const fresh = revenueAt();
    expect(store.get('hashprice')!.at).toBe(NOW);
    expect(fresh.abstentions ?? []).toEqual([]);
    // Nano "high": 6 TH/s × 0.0373 / 24 × (1 − 0.02).
    expect(fresh.terms![0]!.perHour.high).toBeCloseTo((6 * 0.03734 * 0.98) / 24, 5);

    await clock.advance(HOUR + 60_000);
    const stale = revenueAt();
    expect(stale.terms![0]!.perHour.high).toBe(0);
    expect(stale.abstentions![0]!.reason).toMatch(/hashprice is stale \(1451 min old\)/);
    expect(log.messages().filter((m) => m === 'source failed; keeping its last good reading')).toHaveLength(
      1,
    );
    await runner.stop();
  });
});
