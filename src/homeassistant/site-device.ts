import type { Logger } from 'pino';
import type { MqttBus } from '../mqtt/bus.js';
import type { SiteTotals } from '../ports.js';
import { devicePayload, type Origin } from './discovery.js';
import type { DeviceSpec, EntitySpec } from './entity.js';
import { num, onOff, UNKNOWN } from './format.js';
import { discoveryTopic, type HaIds, slug } from './ids.js';
import { StatePublisher } from './state-publisher.js';
import type { HaView } from './view.js';

const RETAINED = { retain: true, qos: 1 } as const;

/** The site device's node id: the same on every shard, so Home Assistant shows one device per site. */
export function siteDeviceId(site: string): string {
  return `hashheat_site_${slug(site)}`;
}

/**
 * The site's Home Assistant device (issue 20): budget, allocation and draw of all the site's miners,
 * the live shards and an over-budget flag. Its states go under the publishing shard's base topic; its
 * `via_device` is that shard's agent. `totals` is read when states are published.
 */
export function siteDevice(
  ids: HaIds,
  site: string,
  version: string,
  totals: () => SiteTotals | undefined,
): DeviceSpec {
  const base = `${ids.baseTopic}/site`;
  const read =
    <T>(pick: (t: SiteTotals) => T, show: (v: T) => string) =>
    () => {
      const now = totals();
      return now ? show(pick(now)) : UNKNOWN;
    };
  const watts = (key: string, name: string, pick: (t: SiteTotals) => number): EntitySpec => ({
    key,
    platform: 'sensor',
    availability: 'agent',
    options: {
      name,
      device_class: 'power',
      unit_of_measurement: 'W',
      state_class: 'measurement',
      suggested_display_precision: 0,
    },
    stateTopic: `${base}/${key}`,
    state: read(pick, (w) => num(w, 0)),
  });
  const entities: EntitySpec[] = [
    watts('budget', 'Site budget', (t) => t.budgetW),
    watts('allocated', 'Site allocated', (t) => t.allocatedW),
    watts('draw', 'Site miners draw', (t) => t.drawW),
    {
      key: 'live_shards',
      platform: 'sensor',
      availability: 'agent',
      options: { name: 'Live shards', state_class: 'measurement', icon: 'mdi:server-network' },
      stateTopic: `${base}/live_shards`,
      state: read((t) => t.liveShards.length, String),
      attributesTopic: `${base}/live_shards/attributes`,
      attributes: () => JSON.stringify({ shards: totals()?.liveShards ?? [], publisher: totals()?.shard }),
    },
    {
      key: 'limited_by',
      platform: 'sensor',
      availability: 'agent',
      options: {
        name: 'Site budget limited by',
        device_class: 'enum',
        options: ['import-limit', 'surplus', 'heat-demand', 'capacity'],
        icon: 'mdi:transmission-tower',
      },
      stateTopic: `${base}/limited_by`,
      state: read((t) => t.limitedBy, String),
    },
    {
      key: 'over_budget',
      platform: 'binary_sensor',
      availability: 'agent',
      options: { name: 'Site over budget', device_class: 'problem' },
      stateTopic: `${base}/over_budget`,
      state: read((t) => t.overBudget, onOff),
    },
  ];
  return {
    nodeId: siteDeviceId(site),
    device: {
      identifiers: [siteDeviceId(site)],
      name: `Site ${site}`,
      manufacturer: 'hashheat',
      model: 'hashheat site',
      sw_version: version,
      via_device: ids.agentDeviceId,
    },
    entities,
  };
}

/** Publishes the site device while this shard is the site's publisher (the lowest live shard id). */
export interface SitePublisher {
  /** After a tick: discovery when this shard just became the publisher, then the states that changed. */
  update(): void;
  /** After a (re)connect or HA's birth: discovery and every state again, if this shard publishes. */
  republish(): void;
}

/**
 * One shard of a site shows the site in Home Assistant: the lowest live shard id, which every shard
 * computes from the same allocation, so exactly one publishes while they agree. When it dies its offer
 * expires, the next lowest becomes the publisher and announces the device again with its own topics.
 */
export function sitePublisher(
  bus: MqttBus,
  device: DeviceSpec,
  deps: {
    ids: HaIds;
    origin: Origin;
    totals: () => SiteTotals | undefined;
    view: () => HaView;
    logger: Logger;
    /** Told when this shard starts or stops showing the site (so the bridge can remember what it published). */
    shown?: (shown: boolean) => void;
  },
): SitePublisher {
  const states = new StatePublisher(bus, deps.logger);
  let announced = false;
  const publish = (force: boolean) => {
    const totals = deps.totals();
    if (!totals?.publisher) {
      if (announced) {
        deps.logger.info({ site: totals?.site }, 'another shard now shows the site in Home Assistant');
        deps.shown?.(false);
      }
      announced = false;
      return;
    }
    if (!announced) deps.shown?.(true);
    if (!announced || force) {
      const payload = devicePayload(device, deps.ids, deps.origin);
      bus.publish(discoveryTopic(deps.ids, device.nodeId), JSON.stringify(payload), RETAINED);
    }
    const fresh = force || !announced;
    announced = true;
    const view = deps.view();
    for (const entity of device.entities) states.publishEntity(entity, view, fresh);
  };
  return { update: () => publish(false), republish: () => publish(true) };
}
