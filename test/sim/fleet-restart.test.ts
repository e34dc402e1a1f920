import { describe, expect, it } from 'vitest';
import { brokerKinds } from '../fakes/broker.js';
import { convergence, overBudget, smallSiteOn, type TickMeasure } from './fleet-harness.js';

const BUDGET_W = 112_000;

describe.each(brokerKinds)('a site of 3 × 20 through a broker restart (%s)', (kind) => {
  const fixture = smallSiteOn(kind);

  it('a broker restart: longer than the offer TTL, with the budget rising meanwhile: no shard takes more than it said, all converge after', async () => {
    const site = await fixture.start();
    const ticks: TickMeasure[] = [];
    for (let t = 0; t < 6; t++) ticks.push(await site.tick(BUDGET_W));
    await fixture.broker().stop();
    for (let t = 0; t < 4; t++) ticks.push(await site.tick(t < 1 ? BUDGET_W : BUDGET_W + 20_000, false));
    await fixture.broker().start();
    await site.reconnected();
    for (let t = 0; t < 6; t++) ticks.push(await site.tick(BUDGET_W + 20_000));
    expect(overBudget(ticks.slice(3))).toEqual({ overWs: 0, bigTicks: 0 });
    const back = convergence(ticks, 10);
    console.log(`[fleet ${kind}] broker restart: back to 99 % of one agent ${back} tick(s) after it returns`);
    expect(back).toBeGreaterThanOrEqual(0);
    expect(back).toBeLessThanOrEqual(3);
  });
});
