import type { MqttConfig } from '../../config/mqtt.js';

/** Names, identifiers and topics of everything hashheat shows in Home Assistant, derived from the config. */
export interface HaIds {
  baseTopic: string;
  discoveryPrefix: string;
  /** Prefix of every identifier: the base topic made safe (`hashheat` by default). */
  ns: string;
  /** The agent's availability topic (retained online / offline will). */
  statusTopic: string;
  /** Where Home Assistant announces itself (birth message). */
  haStatusTopic: string;
  agentDeviceId: string;
}

/** Lower-case `[a-z0-9_]` with no leading, trailing or double `_` (HA's entity id rules). */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The ids for an `mqtt` config section. */
export function haIdsOf(config: MqttConfig): HaIds {
  const ns = config.baseTopic.replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    baseTopic: config.baseTopic,
    discoveryPrefix: config.discoveryPrefix,
    ns,
    statusTopic: `${config.baseTopic}/status`,
    haStatusTopic: config.haStatusTopic ?? `${config.discoveryPrefix}/status`,
    agentDeviceId: `${ns}_agent`,
  };
}

/** Device identifier (and discovery node id) of a miner. */
export function minerDeviceId(ids: HaIds, minerId: string): string {
  return `${ids.ns}_miner_${minerId}`;
}

/** The device-based discovery topic of a node: `<prefix>/device/<node_id>/config`. */
export function discoveryTopic(ids: HaIds, nodeId: string): string {
  return `${ids.discoveryPrefix}/device/${nodeId}/config`;
}

/** Root of a miner's topics: `<base>/miner/<id>`. */
export function minerTopic(ids: HaIds, minerId: string): string {
  return `${ids.baseTopic}/miner/${minerId}`;
}

/** A miner's reachability topic (retained `online` / `offline`). */
export function minerAvailabilityTopic(ids: HaIds, minerId: string): string {
  return `${minerTopic(ids, minerId)}/availability`;
}

/** Where each tick's decision record goes (JSON). */
export function decisionTopic(ids: HaIds): string {
  return `${ids.baseTopic}/decision`;
}
