import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { mqttSchema } from '../../config/mqtt.js';
import { haIdsOf } from '../../src/homeassistant/ids.js';
import { siteDevice, sitePublisher } from '../../src/homeassistant/site-device.js';
import type { HaView } from '../../src/homeassistant/view.js';
import type { SiteTotals } from '../../src/ports.js';
import { startBroker, type TestBroker } from '../fakes/broker.js';
import { FakeClock } from '../fakes/clock.js';
import { observe } from '../fakes/mqtt-observer.js';
import { createTestBus } from '../fakes/mqtt-test-bus.js';
import { type Harness, startHarness, tempDir } from './bridge-fixture.js';
import { DiscoveryChecker } from './discovery-checker.js';

// The discovery payloads and states are checked against Home Assistant's MQTT discovery rules
// (DiscoveryChecker: test/homeassistant/*-rules.ts, from shared/reference/homeassistant.md §6.1 and
// https://www.home-assistant.io/integrations/mqtt/#device-discovery-payload).

const T0 = Date.UTC(2026, 11, 5, 12, 0);
const SITE_NODE = 'homeassistant/device/hashheat_site_greenhouse_1/config';

describe('Home Assistant: the site device of a fleet shard (issue 20)', () => {
  let broker: TestBroker;
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    await broker?.close();
  });

  it('a lone shard is the lowest live shard: it announces the site and publishes its totals', async () => {
    broker = await startBroker('aedes');
    h = await startHarness(broker, {
      clock: new FakeClock(T0),
      siteExtra: 'maxPowerW: 3000',
      extra: 'fleet: { site: greenhouse-1, shard: rack-a }',
      fleetBus: true,
    });
    await h.agent.tick();
    const config = JSON.parse(await h.ha.waitFor(SITE_NODE));
    expect(config.device).toMatchObject({
      identifiers: ['hashheat_site_greenhouse_1'],
      name: 'Site greenhouse-1',
      via_device: 'hashheat_agent',
    });
    expect(Object.keys(config.components).sort()).toEqual([
      'allocated',
      'budget',
      'draw',
      'limited_by',
      'live_shards',
      'over_budget',
    ]);
    expect(config.components.budget).toMatchObject({
      platform: 'sensor',
      device_class: 'power',
      unit_of_measurement: 'W',
      state_topic: 'hashheat/site/budget',
    });
    expect(config.components.over_budget).toMatchObject({
      platform: 'binary_sensor',
      device_class: 'problem',
    });
    // The config's meter says −500 W (export): no house load, the whole 3,000 W limit is the budget.
    expect(await h.ha.waitFor('hashheat/site/budget')).toBe('3000');
    expect(await h.ha.waitFor('hashheat/site/limited_by')).toBe('import-limit');
    expect(await h.ha.waitFor('hashheat/site/over_budget')).toBe('OFF');
    expect(await h.ha.waitFor('hashheat/site/live_shards')).toBe('0');
    // The second tick counts its own offer of the first: one live shard.
    await h.agent.tick();
    expect(await h.ha.waitFor('hashheat/site/live_shards', (p) => p === '1')).toBe('1');
    expect(
      JSON.parse(await h.ha.waitFor('hashheat/site/live_shards/attributes', (p) => p.includes('rack-a'))),
    ).toEqual({ shards: ['rack-a'], publisher: 'rack-a' });
    expect(h.checker.errors()).toEqual([]);
  });

  it('a restart without the fleet section clears the site device this shard showed; one with it keeps it', async () => {
    broker = await startBroker('aedes');
    const dataDir = tempDir();
    const fleet = {
      dataDir,
      siteExtra: 'maxPowerW: 3000',
      extra: 'fleet: { site: greenhouse-1, shard: rack-a }',
      fleetBus: true,
    };
    const first = await startHarness(broker, { ...fleet, clock: new FakeClock(T0) });
    await first.agent.tick();
    await first.ha.waitFor(SITE_NODE, (p) => p !== '');
    await first.stop();
    // The same site again: nothing is cleared, the device is shown again.
    const again = await startHarness(broker, { ...fleet, clock: new FakeClock(T0 + 60_000) });
    await again.agent.tick();
    await again.ha.waitFor(SITE_NODE, (p) => p !== '');
    expect(again.log.messages()).not.toContain('removed a device from Home Assistant');
    expect(again.ha.messages.filter((m) => m.topic === SITE_NODE && m.payload === '')).toEqual([]);
    await again.stop();
    // The fleet section gone: its retained discovery is cleared like a removed miner's.
    h = await startHarness(broker, { dataDir, clock: new FakeClock(T0 + 120_000) });
    await h.ha.waitFor(SITE_NODE, (p) => p === '');
    expect(h.log.messages()).toContain('removed a device from Home Assistant');
    expect(h.checker.errors()).toEqual([]);
  });
});

describe('Home Assistant: which shard shows the site (issue 20)', () => {
  let broker: TestBroker;
  const closing: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
    await broker?.close();
  });

  it('publishes nothing while another shard is the lowest live one, and announces the site when it takes over', async () => {
    broker = await startBroker('aedes');
    const checker = new DiscoveryChecker({
      discoveryPrefix: 'homeassistant',
      baseTopic: 'hh-rack-b',
      agentDeviceId: 'hh-rack-b_agent',
    });
    const ha = await observe(broker.url, ['homeassistant/#', 'hh-rack-b/#', 'test-marker/#']);
    closing.push(() => ha.close());
    ha.client.on('message', (topic, payload) => {
      if (!topic.startsWith('test-marker/')) checker.checkMessage(topic, payload, true);
    });
    const bus = await createTestBus(broker.url);
    closing.push(() => bus.close());
    // Everything the bus sent before reaches the observer before this marker (one publisher, in order).
    let markers = 0;
    const delivered = async () => {
      const topic = `test-marker/${++markers}`;
      bus.publish(topic, 'x', { qos: 1 });
      await ha.waitFor(topic);
    };
    const ids = haIdsOf(mqttSchema.parse({ url: broker.url, baseTopic: 'hh-rack-b' }));
    let totals: SiteTotals = {
      site: 'greenhouse-1',
      shard: 'rack-b',
      budgetW: 12_000,
      limitedBy: 'capacity',
      allocatedW: 11_500,
      drawW: 12_400,
      overBudget: true,
      liveShards: ['rack-a', 'rack-b'],
      publisher: false,
    };
    const device = siteDevice(ids, 'greenhouse-1', '1.0.0', () => totals);
    const site = sitePublisher(bus, device, {
      ids,
      origin: { name: 'hashheat', sw_version: '1.0.0' },
      totals: () => totals,
      view: () => ({}) as HaView,
      logger: pino({ level: 'silent' }),
    });
    site.update();
    site.republish();
    await delivered();
    expect(ha.seen('homeassistant/#')).toEqual([]);
    expect(ha.seen('hh-rack-b/#')).toEqual([]);
    // rack-a's offer expired: rack-b is the lowest live shard now.
    totals = { ...totals, liveShards: ['rack-b'], publisher: true };
    site.update();
    const config = JSON.parse(await ha.waitFor(SITE_NODE));
    expect(config.device.via_device).toBe('hh-rack-b_agent');
    expect(config.availability).toEqual([{ topic: 'hh-rack-b/status' }]);
    expect(await ha.waitFor('hh-rack-b/site/budget')).toBe('12000');
    expect(await ha.waitFor('hh-rack-b/site/over_budget')).toBe('ON');
    expect(await ha.waitFor('hh-rack-b/site/limited_by')).toBe('capacity');
    expect(await ha.waitFor('hh-rack-b/site/live_shards')).toBe('1');
    // A change publishes only the states that changed.
    ha.clear();
    totals = { ...totals, drawW: 11_900, overBudget: false };
    site.update();
    expect(await ha.waitFor('hh-rack-b/site/over_budget')).toBe('OFF');
    await delivered();
    expect(ha.seen('hh-rack-b/site/budget')).toEqual([]);
    expect(ha.seen(SITE_NODE)).toEqual([]);
    expect(checker.errors()).toEqual([]);
  });
});
