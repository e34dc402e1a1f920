import type { Logger } from 'pino';
import type { MqttBus } from '../mqtt/bus.js';
import type { DeviceSpec, EntitySpec } from './entity.js';
import type { HaView } from './view.js';

/** Retained QoS 1: HA gets the current state as soon as it subscribes, even after its own restart. */
const RETAINED = { retain: true, qos: 1 } as const;

/**
 * Publishes entity states, JSON attributes and miner reachability, each only when it changed
 * (or on `force`, after a (re)connect or HA's birth message). Every state topic is retained.
 */
export class StatePublisher {
  private readonly last = new Map<string, string>();
  private readonly failing = new Set<string>();

  constructor(
    private readonly bus: MqttBus,
    private readonly logger: Logger,
  ) {}

  /** Publishes `payload` on `topic` when it differs from the last one (always with `force`). */
  put(topic: string, payload: string, force: boolean): void {
    if (!force && this.last.get(topic) === payload) return;
    this.last.set(topic, payload);
    this.bus.publish(topic, payload, RETAINED);
  }

  /** Every entity's state and attributes, and each miner's reachability, from one view. */
  publishAll(devices: readonly DeviceSpec[], view: HaView, force: boolean): void {
    for (const device of devices) {
      for (const entity of device.entities) this.publishEntity(entity, view, force);
      const status = device.minerId ? view.statuses[device.minerId] : undefined;
      if (device.availabilityTopic && status)
        this.put(device.availabilityTopic, status.reachable ? 'online' : 'offline', force);
    }
  }

  /** One entity's state (and attributes); a failing state function is logged once and skipped. */
  publishEntity(entity: EntitySpec, view: HaView, force: boolean): void {
    try {
      this.put(entity.stateTopic, entity.state(view), force);
      if (entity.attributesTopic && entity.attributes)
        this.put(entity.attributesTopic, entity.attributes(view), force);
      this.failing.delete(entity.stateTopic);
    } catch (error) {
      if (!this.failing.has(entity.stateTopic))
        this.logger.error(
          { topic: entity.stateTopic, error: (error as Error).message },
          'cannot compute HA state',
        );
      this.failing.add(entity.stateTopic);
    }
  }
}

/** Retained topics a device owns: what to clear when it is removed. */
export function retainedTopicsOf(device: DeviceSpec): string[] {
  const topics = device.entities.flatMap((e) =>
    e.attributesTopic ? [e.stateTopic, e.attributesTopic] : [e.stateTopic],
  );
  return device.availabilityTopic ? [...topics, device.availabilityTopic] : topics;
}
