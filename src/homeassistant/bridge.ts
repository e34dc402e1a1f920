import type { MqttConfig } from '../../config/mqtt.js';
import type { Config } from '../../config/schema.js';
import type { MqttBus, MqttMessage } from '../mqtt/bus.js';
import type { AgentControls, AgentView, Deps, TickRecord } from '../ports.js';
import { withTimeout } from '../timeout.js';
import { packageVersion } from '../version.js';
import { agentDevice } from './agent-entities.js';
import { devicePayload, type Origin } from './discovery.js';
import type { DeviceSpec, EntitySpec } from './entity.js';
import { roundedJson } from './format.js';
import { decisionTopic, discoveryTopic, type HaIds, haIdsOf } from './ids.js';
import { type MinerIdentity, minerDevice } from './miner-entities.js';
import { type PublishedDevices, PublishedTopics, removedDevices } from './published-topics.js';
import { siteDevice, sitePublisher } from './site-device.js';
import { retainedTopicsOf, StatePublisher } from './state-publisher.js';
import { readView } from './view.js';

/** The running bridge between the agent and Home Assistant. */
export interface HomeAssistantBridge {
  /** Publishes discovery and every state again (what HA's birth message triggers). */
  republish(): void;
  /** Unsubscribes and stops reacting; the connection itself belongs to the agent. */
  stop(): void;
}

const RETAINED = { retain: true, qos: 1 } as const;

/** The decision record as published on `<base>/decision`: like `hashheat run --json`, time in ISO 8601. */
function recordPayload(record: TickRecord): Record<string, unknown> {
  return { ...record, at: new Date(record.at).toISOString() };
}

function preview(payload: Buffer): string {
  const text = payload.subarray(0, 40).toString('utf8');
  return payload.length > 40 ? `${text}… (${payload.length} bytes)` : text;
}

/**
 * Shows the agent in Home Assistant over MQTT: device-based discovery for the agent and each miner,
 * states on change, the decision record on `<base>/decision`, and commands (mode, control, dry run,
 * zone targets) validated before they reach the agent. Discovery and all states are republished after
 * every (re)connect and whenever HA announces `online`; removed miners get their retained topics cleared.
 */
export function startHomeAssistantBridge(
  agent: AgentView<Config> & AgentControls,
  bus: MqttBus,
  config: Config & { mqtt: MqttConfig },
  deps: Deps,
): HomeAssistantBridge {
  const logger = deps.logger.child({ component: 'homeassistant' });
  const ids: HaIds = haIdsOf(config.mqtt);
  const origin: Origin = { name: 'hashheat', sw_version: packageVersion() };
  const identities = new Map<string, MinerIdentity>();
  const states = new StatePublisher(bus, logger);
  const published = new PublishedTopics(config.agent.dataDir);
  let record: TickRecord | undefined;
  let cleaned = false;
  let stopped = false;

  const build = (): DeviceSpec[] => [
    agentDevice(agent, ids, origin.sw_version),
    ...agent.model.miners.map((m) => minerDevice(agent, ids, m, identities.get(m.id) ?? {})),
  ];
  let devices = build();
  const view = () => readView(agent, deps.clock.now(), record);
  // A shard of a site (issue 20): the site's device, shown by one shard (the lowest live shard id).
  // While this shard shows it, the published-topics file lists it too, so that a restart without the
  // fleet section (or with another site) clears it like a removed miner; a restart with the same site
  // keeps it, and a hand-over drops it from the file (the next shard shows it now).
  const totals = () => agent.fleetTotals?.();
  const siteSpec =
    config.fleet && agent.fleetTotals
      ? siteDevice(ids, config.fleet.site, origin.sw_version, totals)
      : undefined;
  const siteTopic = siteSpec ? discoveryTopic(ids, siteSpec.nodeId) : undefined;
  let saved: PublishedDevices = {};
  const remember = (next: PublishedDevices) => {
    saved = next;
    published.save(next);
  };
  const site = siteSpec
    ? sitePublisher(bus, siteSpec, {
        ids,
        origin,
        totals,
        view,
        logger,
        shown: (shown) => {
          const { [siteTopic!]: _site, ...rest } = saved;
          remember(shown ? { ...rest, [siteTopic!]: retainedTopicsOf(siteSpec) } : rest);
        },
      })
    : undefined;

  const clearRemoved = () => {
    const current: PublishedDevices = Object.fromEntries(
      devices.map((d) => [discoveryTopic(ids, d.nodeId), retainedTopicsOf(d)]),
    );
    const previous = published.load();
    if (previous.problem)
      logger.warn({ file: published.path, problem: previous.problem }, 'ignoring unreadable file');
    const shownBefore = siteTopic ? previous.devices[siteTopic] : undefined;
    if (siteTopic && shownBefore) current[siteTopic] = shownBefore;
    for (const [topic, retained] of Object.entries(removedDevices(previous.devices, current))) {
      for (const t of [topic, ...retained]) bus.publish(t, '', RETAINED);
      logger.info({ topic }, 'removed a device from Home Assistant');
    }
    remember(current);
  };

  const publishDiscovery = (device: DeviceSpec) =>
    bus.publish(
      discoveryTopic(ids, device.nodeId),
      JSON.stringify(devicePayload(device, ids, origin)),
      RETAINED,
    );

  const republish = () => {
    if (stopped) return;
    if (!cleaned) clearRemoved();
    cleaned = true;
    // The agent device first: the miners name it as their via_device.
    for (const device of devices) publishDiscovery(device);
    states.publishAll(devices, view(), true);
    site?.republish();
    if (record) bus.publish(decisionTopic(ids), roundedJson(recordPayload(record)), RETAINED);
  };

  const onCommand = (entity: EntitySpec) => (message: MqttMessage) => {
    if (stopped) return;
    if (message.retained) {
      // A retained command is a stale order (e.g. an old ON), never a user action now.
      logger.debug({ topic: message.topic }, 'ignored a retained command');
      return;
    }
    let outcome: ReturnType<NonNullable<EntitySpec['command']>['apply']>;
    try {
      outcome = entity.command!.apply(message.payload);
    } catch (error) {
      outcome = { ok: false, why: (error as Error).message };
    }
    if (!outcome.ok)
      logger.warn(
        { topic: message.topic, payload: preview(message.payload), why: outcome.why },
        'rejected a Home Assistant command',
      );
    else if (outcome.note)
      logger.warn({ topic: message.topic, note: outcome.note }, 'clamped a Home Assistant command');
    else logger.info({ topic: message.topic, payload: preview(message.payload) }, 'Home Assistant command');
    // Echo the state now: the new value, or the unchanged one so HA's UI snaps back.
    states.publishEntity(entity, view(), true);
  };

  const unsubscribes = devices.flatMap((d) =>
    d.entities.filter((e) => e.command).map((e) => bus.subscribe(e.command!.topic, onCommand(e))),
  );
  unsubscribes.push(
    bus.subscribe(ids.haStatusTopic, (message) => {
      // A retained `online` replays on every subscribe; the connect handler already republished.
      if (message.retained || message.payload.toString('utf8').trim() !== 'online') return;
      logger.info('Home Assistant came online; republishing discovery and states');
      republish();
    }),
    bus.onConnect(republish),
    agent.onRecord((next) => {
      record = next;
      bus.publish(decisionTopic(ids), roundedJson(recordPayload(next)), RETAINED);
      states.publishAll(devices, view(), false);
      site?.update();
    }),
    agent.store.onUpdate(() => states.publishAll(devices, view(), false)),
  );
  // Now, even while still connecting: the connection queues it (and republishes on connect anyway).
  republish();

  for (const [id, supervisor] of agent.miners) {
    const describe = supervisor.adapter.describe?.bind(supervisor.adapter);
    const timeoutMs = config.miners.find((m) => m.id === id)?.timeoutMs ?? 5000;
    if (!describe) continue;
    // A describe() that throws at once is treated like one that fails later.
    const info = Promise.resolve().then(describe);
    withTimeout(info, timeoutMs, deps.clock, `${id} describe`).then(
      (info) => {
        identities.set(id, { model: info.model, firmware: info.firmware, serial: info.serial });
        devices = build();
        const device = devices.find((d) => d.minerId === id);
        if (device && !stopped && cleaned) publishDiscovery(device);
      },
      (error: unknown) => logger.debug({ miner: id, error: String(error) }, 'no device details for HA'),
    );
  }

  return {
    republish,
    stop() {
      stopped = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
    },
  };
}
