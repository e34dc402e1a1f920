import { describe, expect, it } from 'vitest';
import { brokerKinds } from '../fakes/broker.js';
import { convergence, overBudget, smallSiteOn, type TickMeasure } from './fleet-harness.js';

const BUDGET_W = 112_000;

describe.each(brokerKinds)('a site of 3 × 20 cut off from its broker (%s)', (kind) => {
  const fixture = smallSiteOn(kind);

  it('a shard cut off from the broker holds what it last said; the site stays within budget and recovers after it returns', async () => {
    const site = await fixture.start();
    const ticks: TickMeasure[] = [];
    for (let t = 0; t < 6; t++) ticks.push(await site.tick(BUDGET_W));
    site.partition(1, true);
    for (let t = 0; t < 6; t++) ticks.push(await site.tick(t < 3 ? BUDGET_W : BUDGET_W + 20_000));
    site.partition(1, false);
    for (let t = 0; t < 6; t++) ticks.push(await site.tick(BUDGET_W + 20_000));
    expect(overBudget(ticks.slice(3))).toEqual({ overWs: 0, bigTicks: 0 });
    const back = convergence(ticks, 12);
    console.log(`[fleet ${kind}] partition: back to 99 % of one agent ${back} tick(s) after it heals`);
    expect(back).toBeGreaterThanOrEqual(0);
    expect(back).toBeLessThanOrEqual(3);
  });
});
