import type { HaView } from './view.js';

/** The Home Assistant platforms hashheat publishes. */
export type Platform = 'sensor' | 'binary_sensor' | 'switch' | 'number' | 'select';

/** What became of a command: applied (perhaps clamped, with a note) or rejected with the reason. */
export type CommandOutcome = { ok: true; note?: string } | { ok: false; why: string };

/** A command topic and how to validate and apply what arrives on it. */
export interface CommandSpec {
  topic: string;
  apply(payload: Buffer): CommandOutcome;
}

/** One entity: its discovery options, where its state goes, and (for controls) its command. */
export interface EntitySpec {
  /** Component key in the device payload; also the last part of the unique id. */
  key: string;
  platform: Platform;
  /** Discovery options besides platform, ids and topics: name, device_class, unit, options, min, max … */
  options: Record<string, unknown>;
  stateTopic: string;
  /** The state payload now (`None` when unknown). */
  state(view: HaView): string;
  attributesTopic?: string;
  /** JSON object for `json_attributes_topic`. */
  attributes?(view: HaView): string;
  command?: CommandSpec;
  /** `agent`: shown while the agent is online; `device`: also needs the miner to be reachable. */
  availability: 'agent' | 'device';
}

/** One Home Assistant device: its discovery node, device block and entities. */
export interface DeviceSpec {
  nodeId: string;
  /** The miner this device shows (none for the agent). */
  minerId?: string;
  /** The `device` block (identifiers, name, model, via_device …). */
  device: Record<string, unknown>;
  /** The device's own reachability topic (miners), listed with the agent's in `availability`. */
  availabilityTopic?: string;
  entities: EntitySpec[];
}
