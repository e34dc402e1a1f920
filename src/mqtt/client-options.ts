import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import type { MqttConfig } from '../../config/mqtt.js';
import { ConfigError } from '../errors.js';

/** Who connects: the agent itself, or a short-lived probe (`hashheat check`) that must not disturb it. */
export type MqttRole = 'agent' | 'probe';

/** The topic carrying the agent's availability: retained `online`, last will `offline`. */
export function statusTopicOf(config: MqttConfig): string {
  return `${config.baseTopic}/status`;
}

/** The default client id: stable per base topic, so the broker keeps our session across restarts. */
export function clientIdOf(config: MqttConfig, role: MqttRole): string {
  const id = config.clientId ?? `hashheat_${config.baseTopic.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return role === 'probe' ? `${id}-check-${process.pid}` : id;
}

/** The broker URL without credentials, for logs and tables. */
export function redactedUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

function readPem(path: string | undefined, key: string): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError([`mqtt.tls.${key}: cannot read ${path}: ${(error as Error).message}`]);
  }
}

/**
 * MQTT.js options for a config. The agent uses a persistent session (clean: false) and QoS 1
 * subscriptions, so commands sent while it is briefly offline wait on the broker; reconnects are
 * driven by the connection (reconnectPeriod 0) to get a real backoff, and publishes while offline
 * are queued by the connection, never by MQTT.js (queueQoSZero false).
 */
export function clientOptionsOf(config: MqttConfig, role: MqttRole): IClientOptions {
  const tls = config.tls;
  const agent = role === 'agent';
  return {
    clientId: clientIdOf(config, role),
    clean: !agent,
    keepalive: config.keepaliveSeconds,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    resubscribe: false,
    queueQoSZero: false,
    protocolVersion: 4,
    ...(config.username !== undefined ? { username: config.username } : {}),
    ...(config.password !== undefined ? { password: config.password } : {}),
    ...(agent
      ? { will: { topic: statusTopicOf(config), payload: Buffer.from('offline'), qos: 1, retain: true } }
      : {}),
    ...(tls
      ? {
          ca: readPem(tls.ca, 'ca'),
          cert: readPem(tls.cert, 'cert'),
          key: readPem(tls.key, 'key'),
          rejectUnauthorized: tls.rejectUnauthorized,
        }
      : {}),
  };
}
