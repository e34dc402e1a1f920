import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqttSchema } from '../../config/mqtt.js';
import { systemClock } from '../../src/agent/clock.js';
import { probeBroker } from '../../src/cli/broker-check.js';
import { startAedes, type TestBroker } from '../fakes/broker.js';
import { cliArgs } from '../fakes/cli.js';
import { captureLogger } from '../fakes/logger.js';
import { observe } from '../fakes/mqtt-observer.js';
import { tempDir } from '../homeassistant/bridge-fixture.js';

const run = promisify(execFile);
const deps = () => ({ clock: systemClock, logger: captureLogger().logger });

describe('hashheat check: the broker', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(async () => {
    await broker.close();
  });

  it('connects as a probe that leaves the agent status alone, and proves publish/subscribe', async () => {
    const watcher = await observe(broker.url, ['hashheat/status']);
    const { bus, row } = await probeBroker(mqttSchema.parse({ url: broker.url }), deps());
    await bus.close();
    expect(row).toEqual(['mqtt', broker.url, 'ok', 'connected; publish and subscribe under hashheat/ work']);
    // A barrier instead of a sleep: a status the probe sent would be QoS 1, acknowledged before close()
    // returns, so the broker forwarded it before it handles the watcher's own later marker.
    await watcher.client.subscribeAsync('hashheat_test_barrier/check', { qos: 1 });
    await watcher.publish('hashheat_test_barrier/check', 'barrier');
    await watcher.waitFor('hashheat_test_barrier/check');
    expect(watcher.seen('hashheat/status')).toEqual([]);
    await watcher.close();
  });

  it('reports a broker that does not answer, without credentials in the table', async () => {
    await broker.stop();
    const url = `mqtt://user:secret@127.0.0.1:${broker.port}`;
    const { bus, row } = await probeBroker(mqttSchema.parse({ url }), deps(), 300);
    await bus.close();
    await broker.start();
    expect(row.slice(0, 3)).toEqual(['mqtt', `mqtt://***@127.0.0.1:${broker.port}`, 'FAILED']);
    // Refused, or reset when the stopping listener still took the connection (seen once under load).
    expect(row[3]).toMatch(/ECONNREFUSED|ECONNRESET/);
    expect(row.join(' ')).not.toContain('secret');
  });

  it('`check` prints the broker row and `run --once` shows the agent in Home Assistant', async () => {
    const dir = tempDir();
    const file = join(dir, 'hashheat.yaml');
    writeFileSync(
      file,
      `agent: { dataDir: ${JSON.stringify(join(dir, 'data'))} }
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners: [{ id: nano, type: simulated, levels: [{ id: low, powerW: 80, ths: 4 }] }]
mqtt: { url: ${JSON.stringify(broker.url)} }
`,
    );
    const cli = (args: string[]) => run(process.execPath, cliArgs(args), { cwd: process.cwd() });
    // Side by side (a tsx start-up each): `check` connects as a probe that leaves the agent's status
    // alone (the first test), so it cannot disturb what `run --once` publishes.
    const [check] = await Promise.all([cli(['check', '-c', file]), cli(['run', '--once', '-c', file])]);
    expect(check.stdout).toMatch(/mqtt\s+mqtt:\/\/127\.0\.0\.1:\d+\s+ok/);
    const ha = await observe(broker.url, ['homeassistant/device/+/config', 'hashheat/status']);
    const miner = JSON.parse(await ha.waitFor('homeassistant/device/hashheat_miner_nano/config'));
    expect(miner.device.via_device).toBe('hashheat_agent');
    // The run ended cleanly: the agent says so itself (a clean disconnect never fires the will).
    expect(await ha.waitFor('hashheat/status')).toBe('offline');
    await ha.close();
  }, 90_000);
});
