import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import { afterEach, describe, expect, it } from 'vitest';
import { mqttSchema } from '../../config/mqtt.js';
import { brokerEndpoint, redactedUrl } from '../../src/mqtt/client-options.js';
import { connectMqtt, type MqttConnection } from '../../src/mqtt/connection.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

// Issue 12: a password with `/` or `@` in the broker URL was printed in logs (the agent's warnings,
// `hashheat check`, Node's DEP0170 warning) because redaction was a regex. The URL is now taken apart
// at the last `@`, the credentials go to MQTT.js as options, and only a clean URL is ever logged.
const SECRET = 'a/b@c';

describe('credentials in the broker URL', () => {
  let server: Server | undefined;
  let bus: MqttConnection | undefined;
  afterEach(async () => {
    await bus?.close();
    bus = undefined;
    if (server) await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  });

  it('splits at the last @ and decodes percent-encoding', () => {
    expect(brokerEndpoint(`mqtt://hh:${SECRET}@10.0.0.2:1883`)).toEqual({
      url: 'mqtt://10.0.0.2:1883',
      username: 'hh',
      password: SECRET,
    });
    expect(brokerEndpoint('mqtts://hh:a%2Fb%40c@broker:8883')).toMatchObject({ password: SECRET });
    expect(brokerEndpoint('ws://broker:9001/mqtt')).toEqual({ url: 'ws://broker:9001/mqtt' });
    expect(redactedUrl(`mqtt://hh:${SECRET}@10.0.0.2:1883`)).toBe('mqtt://***@10.0.0.2:1883');
  });

  it('connects with a password a/b@c given in the URL, and no log line or process warning shows it', async () => {
    const broker = await Aedes.createBroker({
      authenticate: (_client, username, password, done) =>
        done(null, username === 'hh' && password?.toString() === SECRET),
    });
    server = createServer((socket) => broker.handle(socket));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const log = captureLogger();
    try {
      bus = connectMqtt(
        mqttSchema.parse({ url: `mqtt://hh:${SECRET}@127.0.0.1:${port}`, discovery: false }),
        { clock: new FakeClock(), logger: log.logger },
      );
      expect(await bus.waitForConnect(3000)).toBe(true);
    } finally {
      process.off('warning', onWarning);
    }
    const text = JSON.stringify(log.entries);
    expect(log.messages()).toContain('mqtt connected');
    expect(text).toContain(`mqtt://***@127.0.0.1:${port}`);
    for (const leak of [SECRET, 'b@c', 'a/b']) {
      expect(text).not.toContain(leak);
      expect(warnings.join('\n')).not.toContain(leak);
    }
    // The connection first, while the broker still answers: closed the other way round, its graceful
    // close waits its 2 s fallback for an acknowledgement that cannot come.
    await bus.close();
    bus = undefined;
    await new Promise<void>((resolve) => broker.close(() => resolve()));
  });
});
