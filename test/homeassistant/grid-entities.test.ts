import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from '../fakes/broker.js';
import { FakeClock } from '../fakes/clock.js';
import { type Harness, startHarness } from './bridge-fixture.js';

const T0 = Date.UTC(2026, 11, 5, 12, 0);
const iso = (t: number) => new Date(t).toISOString();
const MIN = 60_000;

/** A free-electricity hour starting ten minutes after T0, from the config's static events. */
const EVENTS = `
events:
  - type: static
    events:
      - { title: free electricity, start: "${iso(T0 + 10 * MIN)}", end: "${iso(T0 + 70 * MIN)}", effect: { pricePerKWh: 0 } }
`;

describe('Home Assistant: the next grid event (issue 18)', () => {
  let broker: TestBroker;
  let h: Harness;
  const clock = new FakeClock(T0);

  beforeEach(async () => {
    broker = await startBroker('aedes');
    h = await startHarness(broker, { extra: EVENTS, clock });
    await h.agent.tick();
  });
  afterEach(async () => {
    await h.stop();
    await broker.close();
  });

  it('shows the next event as a timestamp sensor: its start, then its end while it runs', async () => {
    const config = JSON.parse(await h.ha.waitFor('homeassistant/device/hashheat_agent/config'));
    expect(config.components.next_grid_event).toMatchObject({
      platform: 'sensor',
      device_class: 'timestamp',
      name: 'Next grid event',
    });
    expect(await h.ha.waitFor('hashheat/agent/next_grid_event')).toBe(iso(T0 + 10 * MIN));
    const attributes = JSON.parse(await h.ha.waitFor('hashheat/agent/next_grid_event/attributes'));
    expect(attributes).toEqual({
      title: 'free electricity',
      start: iso(T0 + 10 * MIN),
      end: iso(T0 + 70 * MIN),
      active: false,
      effect: 'free power',
    });
    // The agent wakes at the session's start by itself (no cron tick here) and the sensor moves to its end.
    await clock.advance(10 * MIN + 300);
    expect(await h.ha.waitFor('hashheat/agent/next_grid_event', (p) => p === iso(T0 + 70 * MIN))).toBe(
      iso(T0 + 70 * MIN),
    );
    expect(h.checker.errors()).toEqual([]);
  });
});
