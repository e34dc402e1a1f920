/** The MQTT port moved to src/ports.ts (adapters import ports, never the MQTT client); kept here for old imports. */
export type { MqttBus, MqttMessage, PublishOptions } from '../ports.js';
