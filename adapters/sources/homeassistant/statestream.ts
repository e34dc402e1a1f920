import type { MqttBus } from '../../../src/ports.js';
import type { HaState } from '../../homeassistant/entity-state.js';

/** Where HA's mqtt_statestream publishes one entity. */
export interface StatestreamTarget {
  baseTopic: string;
  entityId: string;
}

const TIMESTAMP_TOPICS = new Set(['last_changed', 'last_updated']);

/**
 * Rebuilds an entity's state from mqtt_statestream topics (reference/homeassistant.md §4.1):
 * `<base>/<domain>/<object_id>/state` carries the raw state, every other sub-topic one
 * JSON-encoded attribute. Calls `onChange(state, key)` with the sub-topic that changed.
 * Returns the unsubscribe function.
 */
export function statestreamState(
  bus: MqttBus,
  target: StatestreamTarget,
  onChange: (state: HaState, key: string) => void,
): () => void {
  const [domain, objectId] = target.entityId.split('.');
  const prefix = `${target.baseTopic.replace(/\/+$/, '')}/${domain}/${objectId}`;
  const state: HaState = { entityId: target.entityId, state: '', attributes: {} };
  return bus.subscribe(`${prefix}/+`, (message) => {
    const key = message.topic.slice(prefix.length + 1);
    if (TIMESTAMP_TOPICS.has(key)) return;
    const text = message.payload.length > 64 * 1024 ? '' : message.payload.toString();
    if (key === 'state') state.state = text.trim();
    else state.attributes[key] = parseAttribute(text);
    onChange(state, key);
  });
}

function parseAttribute(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
