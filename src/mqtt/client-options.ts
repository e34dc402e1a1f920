import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import type { MqttConfig } from '../../config/mqtt.js';
import { ConfigError } from '../errors.js';

/**
 * Who connects: the agent itself, a short-lived probe (`hashheat check`) that must not disturb it, or
 * the agent's fleet link (issue 20: its own MQTT 5 session for the site's offers, no will).
 */
export type MqttRole = 'agent' | 'probe' | 'fleet';

/** The topic carrying the agent's availability: retained `online`, last will `offline`. */
export function statusTopicOf(config: MqttConfig): string {
  return `${config.baseTopic}/status`;
}

/** The default client id: stable per base topic, so the broker keeps our session across restarts. */
export function clientIdOf(config: MqttConfig, role: MqttRole): string {
  const id = config.clientId ?? `hashheat_${config.baseTopic.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  if (role === 'fleet') return `${id}-fleet`;
  return role === 'probe' ? `${id}-check-${process.pid}` : id;
}

/** A broker URL taken apart: the URL without credentials, and the credentials it carried. */
export interface BrokerEndpoint {
  url: string;
  username?: string;
  password?: string;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Splits `scheme://user:pass@host:port/path` into a URL without credentials and the credentials.
 * The credentials end at the LAST `@`, so a password with `/` or `@` in it (`a/b@c`), which a URL
 * parser would read as the host, never stays in the URL; percent-encoded parts are decoded.
 */
export function brokerEndpoint(url: string): BrokerEndpoint {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return { url };
  const rest = url.slice(scheme[0].length);
  const at = rest.lastIndexOf('@');
  if (at < 0) return { url };
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  const username = decoded(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const endpoint: BrokerEndpoint = { url: scheme[0] + rest.slice(at + 1) };
  if (username !== '') endpoint.username = username;
  if (colon >= 0) endpoint.password = decoded(userinfo.slice(colon + 1));
  return endpoint;
}

/** The broker URL without credentials, for logs and tables: `mqtt://***@host:port`. */
export function redactedUrl(url: string): string {
  const endpoint = brokerEndpoint(url);
  if (endpoint.username === undefined && endpoint.password === undefined) return endpoint.url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(endpoint.url)?.[0] ?? '';
  return `${scheme}***@${endpoint.url.slice(scheme.length)}`;
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
export function clientOptionsOf(
  config: MqttConfig,
  role: MqttRole,
  protocolVersion: 4 | 5 = 4,
): IClientOptions {
  const tls = config.tls;
  const agent = role === 'agent';
  // Credentials in the URL go as options, so the URL handed to MQTT.js (and any warning it prints) has none.
  const fromUrl = brokerEndpoint(config.url);
  const username = config.username ?? fromUrl.username;
  const password = config.password ?? fromUrl.password;
  return {
    clientId: clientIdOf(config, role),
    clean: !agent,
    keepalive: config.keepaliveSeconds,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    resubscribe: false,
    queueQoSZero: false,
    protocolVersion,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
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
