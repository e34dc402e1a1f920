import { afterEach, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from '../fakes/broker.js';
import { type Harness, startHarness } from './bridge-fixture.js';

const PLANNER = `
planner:
  enabled: true
  horizonHours: 12
  slotMinutes: 60
  zones:
    - { zone: living, heatLossWPerK: 30, capacityKWhPerK: 1.0, minC: 20 }
`;

describe('the plan in Home Assistant', () => {
  let broker: TestBroker;
  let h: Harness;
  afterEach(async () => {
    await h.stop();
    await broker.close();
  });

  it('the decision sensor carries the planner’s next start/stop and planned runs as attributes', async () => {
    broker = await startBroker('aedes');
    h = await startHarness(broker, { extra: PLANNER });
    const record = await h.agent.tick();
    // The garage miner (no zone) is planned on prices and surplus alone; the fixture has no outdoor
    // temperature, so the heater in the living room gets no plan and no plan attribute.
    const plan = record?.plans?.garage;
    expect(plan).toBeDefined();
    const topic = 'hashheat/miner/garage/reason/attributes';
    await h.ha.until(() => JSON.parse(h.ha.latest(topic) ?? '{}').plan !== undefined);
    const attributes = JSON.parse(h.ha.latest(topic)!);
    expect(attributes.ledger.length).toBe(3);
    expect(attributes.plan).toMatchObject({ plannedAt: plan!.plannedAt, runs: expect.any(Array) });
    expect(attributes.plan.expectedNetCost).toBeCloseTo(plan!.expectedNetCost, 5);
    const nano = JSON.parse(h.ha.latest('hashheat/miner/nano/reason/attributes') ?? '{}');
    expect(nano.ledger.length).toBe(3);
    expect(nano.plan).toBeUndefined();
    expect(h.checker.errors()).toEqual([]);
  });
});
