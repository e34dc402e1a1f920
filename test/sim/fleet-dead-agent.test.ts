import { describe, expect, it } from 'vitest';
import { brokerKinds } from '../fakes/broker.js';
import { overBudget, smallSiteOn, type TickMeasure } from './fleet-harness.js';

const BUDGET_W = 112_000;

describe.each(brokerKinds)('a site of 3 × 20 whose agent dies (%s)', (kind) => {
  const fixture = smallSiteOn(kind);

  it("a dead agent whose miners keep running: the others count its miners' draw and never exceed the budget", async () => {
    const site = await fixture.start();
    const ticks: TickMeasure[] = [];
    for (let t = 0; t < 6; t++) ticks.push(await site.tick(BUDGET_W));
    await site.kill(0, false);
    // The budget shrinks while rack-a's miners still run what they last ran.
    for (let t = 0; t < 8; t++) ticks.push(await site.tick(t < 2 ? BUDGET_W : BUDGET_W - 30_000));
    expect(overBudget(ticks.slice(3))).toEqual({ overWs: 0, bigTicks: 0 });
    expect(ticks.at(-1)!.netPerHour).toBeGreaterThanOrEqual(0.99 * ticks.at(-1)!.exactNetPerHour);
  });
});
