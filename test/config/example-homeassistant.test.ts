import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { ConfigError } from '../../src/errors.js';
import { clientOptionsOf } from '../../src/mqtt/client-options.js';

const FILE = 'config/example-homeassistant.yaml';

describe(FILE, () => {
  const text = readFileSync(FILE, 'utf8');

  it('parses as a whole config, the password taken from the environment', () => {
    const config = parseConfig(text, { MQTT_PASSWORD: 'from-env' });
    expect(config.mqtt).toEqual({
      url: 'mqtt://192.168.1.10:1883',
      username: 'hashheat',
      password: 'from-env',
      clientId: 'hashheat_home',
      tls: {
        ca: '/etc/hashheat/ca.crt',
        cert: '/etc/hashheat/client.crt',
        key: '/etc/hashheat/client.key',
        rejectUnauthorized: true,
      },
      baseTopic: 'hashheat',
      discoveryPrefix: 'homeassistant',
      discovery: true,
      haStatusTopic: 'homeassistant/status',
      keepaliveSeconds: 30,
      reconnectMinMs: 1000,
      reconnectMaxMs: 60000,
      maxQueued: 1000,
    });
  });

  it('names a TLS file it cannot read by its key path', () => {
    const config = parseConfig(text, { MQTT_PASSWORD: 'x' });
    expect(() => clientOptionsOf(config.mqtt!, 'agent')).toThrow(ConfigError);
    expect(() => clientOptionsOf(config.mqtt!, 'agent')).toThrow(
      /mqtt\.tls\.ca: cannot read \/etc\/hashheat\/ca\.crt/,
    );
  });

  it('rejects a wildcard base topic and a base topic equal to the discovery prefix, by key path', () => {
    const withMqtt = (mqtt: string) => text.replace(/^mqtt:[\s\S]*$/m, `mqtt: ${mqtt}\n`);
    expect(() => parseConfig(withMqtt('{ url: "mqtt://b", baseTopic: "a/#" }'), {})).toThrow(
      /mqtt\.baseTopic/,
    );
    expect(() => parseConfig(withMqtt('{ url: "mqtt://b", baseTopic: homeassistant }'), {})).toThrow(
      /mqtt\.baseTopic: must differ from discoveryPrefix/,
    );
    expect(() => parseConfig(withMqtt('{ url: "http://b" }'), {})).toThrow(/mqtt\.url/);
  });
});
