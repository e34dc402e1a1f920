import type { Deps, MqttBus } from '../src/ports.js';
import type { HomeAssistantClient } from './homeassistant/client.js';
import type { SimWorld } from './sim/world.js';

/** What adapters and sources receive: the shell's deps plus site facts. */
export interface AdapterDeps extends Deps {
  /** Shared state of simulated devices (simulated miners heat simulated rooms). */
  sim: SimWorld;
  timeZone: string;
  currency: string;
  /** The agent's MQTT connection, when the config has an `mqtt` section. */
  mqtt?: MqttBus;
  /** The agent's Home Assistant client, when the config has a `homeassistant` section. */
  homeassistant?: HomeAssistantClient;
}
