import type { DeviceSpec, EntitySpec } from './entity.js';
import { type HaIds, slug } from './ids.js';

/** The `origin` block: who published the discovery payload (HA logs it). */
export interface Origin {
  name: string;
  sw_version: string;
  support_url?: string;
}

function component(entity: EntitySpec, spec: DeviceSpec, ids: HaIds): Record<string, unknown> {
  const uniqueId = `${spec.nodeId}_${entity.key}`;
  return {
    platform: entity.platform,
    unique_id: uniqueId,
    default_entity_id: `${entity.platform}.${slug(uniqueId)}`,
    ...entity.options,
    state_topic: entity.stateTopic,
    ...(entity.command ? { command_topic: entity.command.topic } : {}),
    ...(entity.attributesTopic ? { json_attributes_topic: entity.attributesTopic } : {}),
    // Decisions, controls and totals stay usable while the miner itself is unreachable.
    ...(entity.availability === 'agent' && spec.availabilityTopic
      ? { availability: [{ topic: ids.statusTopic }] }
      : {}),
  };
}

/**
 * The device-based discovery payload of one device (HA ≥ 2024.12), published retained on
 * `<prefix>/device/<node_id>/config`: device block, origin, availability (the agent's status topic,
 * plus the miner's reachability with `availability_mode: all`), and one component per entity.
 * Full key names only, no `~` (the device schema rejects unknown root keys).
 */
export function devicePayload(spec: DeviceSpec, ids: HaIds, origin: Origin): Record<string, unknown> {
  const availability = [{ topic: ids.statusTopic }];
  if (spec.availabilityTopic) availability.push({ topic: spec.availabilityTopic });
  return {
    device: spec.device,
    origin,
    availability,
    availability_mode: 'all',
    qos: 1,
    components: Object.fromEntries(spec.entities.map((e) => [e.key, component(e, spec, ids)])),
  };
}
