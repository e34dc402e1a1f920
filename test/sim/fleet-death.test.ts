import { describe, expect, it } from 'vitest';
import { brokerKinds } from '../fakes/broker.js';
import { convergence, overBudget, smallSiteOn, TICK_MS, type TickMeasure } from './fleet-harness.js';

const BUDGET_W = 112_000;

describe.each(brokerKinds)('a site of 3 × 20 when a shard dies (%s)', (kind) => {
  const fixture = smallSiteOn(kind);

  it("a killed rack's budget goes to the others within 3 ticks after its offer expires, never over budget", async () => {
    const site = await fixture.start();
    const ticks: TickMeasure[] = [];
    for (let t = 0; t < 8; t++) ticks.push(await site.tick(BUDGET_W));
    const lastOfferAt = ticks[7]!.at;
    await site.kill(2, true);
    for (let t = 0; t < 8; t++) ticks.push(await site.tick(BUDGET_W));
    // The offer of tick 7 expires 3 ticks (90 s) later: tick 10.
    const expiredAt = ticks.findIndex((t) => t.at >= lastOfferAt + 3 * TICK_MS);
    expect(expiredAt).toBe(10);
    const ticksToConverge = convergence(ticks, expiredAt);
    console.log(`[fleet ${kind}] killed rack: re-allocated ${ticksToConverge} tick(s) after expiry`);
    expect(ticksToConverge).toBeGreaterThanOrEqual(0);
    expect(ticksToConverge).toBeLessThanOrEqual(3);
    // Before expiry its power stays unallocated: the others do not yet run more.
    expect(ticks[9]!.drawW).toBeLessThan(ticks[7]!.drawW);
    expect(overBudget(ticks.slice(3))).toEqual({ overWs: 0, bigTicks: 0 });
  });
});
