import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BrokerKind, startBroker, type TestBroker } from '../fakes/broker.js';
import { observe } from '../fakes/mqtt-observer.js';
import { type Harness, startHarness } from './bridge-fixture.js';

const DEVICES = ['hashheat_agent', 'hashheat_miner_nano', 'hashheat_miner_garage'];
const configTopic = (node: string) => `homeassistant/device/${node}/config`;

/**
 * The bridge's tests on one broker. bridge.test.ts runs them on aedes and bridge-mosquitto.test.ts on
 * Mosquitto, one file per broker so each file stays under 3 s (issue 15).
 */
export function bridgeSuite(kind: BrokerKind): void {
  describe(`Home Assistant bridge (${kind})`, () => {
    let broker: TestBroker;
    let h: Harness;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);

    beforeEach(async () => {
      process.on('unhandledRejection', onUnhandled);
      broker = await startBroker(kind);
      h = await startHarness(broker);
      await h.agent.tick();
    });
    afterEach(async () => {
      await h.stop();
      await broker.close();
      process.off('unhandledRejection', onUnhandled);
      expect(unhandled).toEqual([]);
    });

    it('publishes retained discovery for the agent and each miner, and states that pass the checker', async () => {
      for (const node of DEVICES) await h.ha.waitFor(configTopic(node));
      await h.ha.waitFor('hashheat/decision');
      const miner = JSON.parse(h.ha.latest(configTopic('hashheat_miner_nano'))!);
      expect(miner.device).toMatchObject({
        identifiers: ['hashheat_miner_nano'],
        name: 'Nano 3S',
        via_device: 'hashheat_agent',
      });
      expect(miner.origin.name).toBe('hashheat');
      expect(miner.availability).toEqual([
        { topic: 'hashheat/status' },
        { topic: 'hashheat/miner/nano/availability' },
      ]);
      expect(miner.availability_mode).toBe('all');
      expect(miner.components.power).toMatchObject({
        device_class: 'power',
        unit_of_measurement: 'W',
        state_class: 'measurement',
      });
      expect(miner.components.hashrate.unit_of_measurement).toBe('TH/s');
      expect(miner.components.energy).toMatchObject({
        unit_of_measurement: 'kWh',
        state_class: 'total_increasing',
      });
      expect(miner.components.revenue).toMatchObject({
        device_class: 'monetary',
        unit_of_measurement: 'EUR',
        state_class: 'total',
      });
      expect(miner.components.mode.options).toEqual(['auto', 'off', 'low', 'high']);
      expect(miner.components.mode.availability).toEqual([{ topic: 'hashheat/status' }]);
      const agent = JSON.parse(h.ha.latest(configTopic('hashheat_agent'))!);
      expect(Object.keys(agent.components)).toEqual(
        expect.arrayContaining([
          'import_price',
          'export_price',
          'hashprice',
          'breakeven_nano',
          'surplus',
          'enabled',
          'dry_run',
          'zone_living_target',
          'zone_living_temperature',
        ]),
      );
      expect(agent.components.import_price.unit_of_measurement).toBe('EUR/kWh');
      expect(await h.ha.waitFor('hashheat/agent/import_price')).toBe('0.3');
      expect(await h.ha.waitFor('hashheat/agent/export_price')).toBe('0.08');
      // At the most efficient level (low): 0.034 EUR/TH/day · 4 TH/s · (1 − 2 % fee) / (24 h · 0.08 kW)
      expect(Number(await h.ha.waitFor('hashheat/agent/breakeven/nano'))).toBeCloseTo(0.069417, 5);
      expect(await h.ha.waitFor('hashheat/zone/living/temperature')).toBe('19');
      expect(await h.ha.waitFor('hashheat/zone/living/target')).toBe('21');
      expect(await h.ha.waitFor('hashheat/miner/nano/mode')).toBe('auto');
      expect(await h.ha.waitFor('hashheat/miner/nano/availability')).toBe('online');
      expect(await h.ha.waitFor('hashheat/status')).toBe('online');
      const decision = JSON.parse(h.ha.latest('hashheat/decision')!);
      expect(decision.decisions.map((d: { minerId: string }) => d.minerId).sort()).toEqual([
        'garage',
        'nano',
      ]);
      const attributes = JSON.parse(await h.ha.waitFor('hashheat/miner/nano/reason/attributes'));
      expect(attributes.ledger.map((r: { levelId: string }) => r.levelId)).toEqual(['off', 'low', 'high']);
      expect(h.checker.errors()).toEqual([]);

      // A late subscriber (HA starting later) gets every config and state as retained messages.
      const late = await observe(broker.url, ['homeassistant/device/+/config', 'hashheat/miner/nano/#']);
      await late.waitFor('hashheat/miner/nano/power');
      await late.waitFor(configTopic('hashheat_miner_garage'));
      await late.until(() => late.messages.length > 10);
      expect(late.messages.every((m) => m.retained)).toBe(true);
      await late.close();
    });

    it("republishes discovery and every state when HA's birth message arrives", async () => {
      await h.ha.waitFor('hashheat/miner/garage/power');
      // The bridge publishes discovery at once and again when its connection comes up: the second
      // round may still be on its way (it made this test fail now and then). A barrier: the agent
      // subscribes to commands in that same connect handler and answers each in order, so once the
      // echo of a command is here, both rounds are too; what follows answers the birth message alone.
      await h.ha.publish('hashheat/zone/living/target/set', '21.5');
      await h.ha.waitFor('hashheat/zone/living/target', (p) => p === '21.5');
      h.ha.clear();
      await h.ha.publish('homeassistant/status', 'online', { qos: 0 });
      for (const node of DEVICES) await h.ha.waitFor(configTopic(node));
      for (const topic of ['hashheat/agent/import_price', 'hashheat/miner/garage/power', 'hashheat/decision'])
        await h.ha.waitFor(topic);
      expect(h.log.messages()).toContain('Home Assistant came online; republishing discovery and states');
      h.ha.clear();
      await h.ha.publish('homeassistant/status', 'offline', { qos: 0 });
      // A barrier instead of a sleep: the agent handles its messages in order and the broker forwards
      // one publisher's messages in order, so once a later (rejected) command's state echo is here, a
      // republish in answer to `offline` would have arrived before it.
      await h.ha.publish('hashheat/agent/enabled/set', 'not a state');
      await h.ha.waitFor('hashheat/agent/enabled');
      expect(h.ha.seen('homeassistant/device/+/config')).toEqual([]);
      expect(h.checker.errors()).toEqual([]);
    });

    it('mode select from HA sets and clears the override, and a decision follows within a second', async () => {
      const records: number[] = [];
      let recorded: () => void = () => undefined;
      const firstRecord = new Promise<void>((resolve) => (recorded = resolve));
      h.agent.onRecord(() => {
        records.push(Date.now());
        recorded();
      });
      const sentAt = Date.now();
      await h.ha.publish('hashheat/miner/nano/mode/set', 'high');
      await h.ha.waitFor('hashheat/miner/nano/mode', (p) => p === 'high');
      await firstRecord;
      const latencyMs = records[0]! - sentAt;
      expect(latencyMs).toBeLessThan(1000);
      expect(h.agent.state().overrides.nano).toMatchObject({ levelId: 'high', source: 'homeassistant' });
      const decision = await h.ha.waitFor('hashheat/decision', (p) =>
        JSON.parse(p).decisions.some(
          (d: { minerId: string; decidedBy: string }) => d.minerId === 'nano' && d.decidedBy === 'override',
        ),
      );
      expect(
        JSON.parse(decision).decisions.find((d: { minerId: string }) => d.minerId === 'nano').levelId,
      ).toBe('high');
      await h.ha.publish('hashheat/miner/nano/mode/set', 'auto');
      await h.ha.waitFor('hashheat/miner/nano/mode', (p) => p === 'auto');
      await h.ha.until(() => h.agent.state().overrides.nano === undefined);
      h.log.logger.info({ latencyMs }, 'mode command to decision');
    });

    // Issue 12: a failing state write is a problem Home Assistant shows, not a crash.
    it("shows a state file that cannot be written as the agent device's Problem sensor, and its recovery", async () => {
      await h.ha.waitFor('hashheat/agent/problem', (p) => p === 'OFF');
      const statePath = join(h.config.agent.dataDir, 'state.json');
      rmSync(statePath, { force: true });
      mkdirSync(statePath);
      await h.agent.tick();
      await h.ha.waitFor('hashheat/agent/problem', (p) => p === 'ON');
      expect(JSON.parse(h.ha.latest('hashheat/agent/problem/attributes')!)).toHaveProperty('state-file');
      rmSync(statePath, { recursive: true });
      await h.agent.tick();
      await h.ha.waitFor('hashheat/agent/problem', (p) => p === 'OFF');
    });

    it('applies control, dry-run and target commands, clamping an out-of-range target', async () => {
      await h.ha.publish('hashheat/agent/enabled/set', 'OFF');
      await h.ha.waitFor('hashheat/agent/enabled', (p) => p === 'OFF');
      await h.ha.publish('hashheat/agent/dry_run/set', 'ON');
      await h.ha.waitFor('hashheat/agent/dry_run', (p) => p === 'ON');
      await h.ha.publish('hashheat/zone/living/target/set', '21.5');
      await h.ha.waitFor('hashheat/zone/living/target', (p) => p === '21.5');
      await h.ha.publish('hashheat/zone/living/target/set', '99');
      await h.ha.waitFor('hashheat/zone/living/target', (p) => p === '23');
      expect(h.agent.state()).toMatchObject({ enabled: false, dryRun: true, zoneTargetsC: { living: 23 } });
      expect(h.log.messages().filter((m) => m === 'clamped a Home Assistant command')).toHaveLength(1);
    });

    it('rejects malformed, mistyped, huge and unknown payloads on every command topic, changing nothing', async () => {
      await h.ha.waitFor('hashheat/miner/garage/mode');
      const before = JSON.stringify(h.agent.state());
      const topics: Record<string, string> = {
        'hashheat/miner/nano/mode/set': 'hashheat/miner/nano/mode',
        'hashheat/miner/garage/mode/set': 'hashheat/miner/garage/mode',
        'hashheat/agent/enabled/set': 'hashheat/agent/enabled',
        'hashheat/agent/dry_run/set': 'hashheat/agent/dry_run',
        'hashheat/zone/living/target/set': 'hashheat/zone/living/target',
      };
      const bad: (string | Buffer)[] = [
        '{"mode":',
        '{"value": 1}',
        '[]',
        'true',
        'turbo',
        'NaN',
        'Infinity',
        '1e400',
        '',
        Buffer.from([0xff, 0xfe, 0x41]),
        'x'.repeat(1_000_000),
      ];
      const rejected = () => h.log.messages().filter((m) => m === 'rejected a Home Assistant command').length;
      let sent = 0;
      for (const [command, state] of Object.entries(topics)) {
        for (const payload of bad) {
          const echoes = h.ha.messages.filter((m) => m.topic === state).length;
          await h.ha.publish(command, payload);
          sent += 1;
          await h.log.until(() => rejected() === sent);
          // The unchanged state is published again so HA's UI snaps back.
          await h.ha.until(() => h.ha.messages.filter((m) => m.topic === state).length > echoes);
        }
      }
      expect(rejected()).toBe(Object.keys(topics).length * bad.length);
      expect(JSON.stringify(h.agent.state())).toBe(before);
      const sample = h.log.entries.find(
        (e) => e.msg === 'rejected a Home Assistant command' && String(e.payload).includes('bytes'),
      );
      expect(String(sample?.payload).length).toBeLessThan(80);
      expect(h.checker.errors()).toEqual([]);
    });
  });
}
