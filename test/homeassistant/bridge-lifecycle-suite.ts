import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BrokerKind, startBroker, type TestBroker } from '../fakes/broker.js';
import { FakeClock, recordingTimers } from '../fakes/clock.js';
import { observe } from '../fakes/mqtt-observer.js';
import { type Harness, startHarness, tempDir } from './bridge-fixture.js';

const NANO_ONLY = `
  - id: nano
    name: Nano 3S
    type: simulated
    zone: living
    levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }]`;

/**
 * The lifecycle tests on one broker: bridge-lifecycle.test.ts runs them on aedes and
 * bridge-lifecycle-mosquitto.test.ts on Mosquitto (one file per broker, each under 3 s: issue 15).
 */
export function bridgeLifecycleSuite(kind: BrokerKind): void {
  describe(`Home Assistant bridge lifecycle (${kind})`, () => {
    let broker: TestBroker;
    const harnesses: Harness[] = [];
    const start = async (options: Parameters<typeof startHarness>[1] = {}) => {
      const h = await startHarness(broker, options);
      harnesses.push(h);
      return h;
    };

    beforeEach(async () => {
      broker = await startBroker(kind);
    });
    afterEach(async () => {
      for (const h of harnesses.splice(0)) await h.stop().catch(() => undefined);
      await broker.close();
    });

    it('recovers from a broker restart without a restart of its own and loses no command', async () => {
      const rt = recordingTimers();
      const h = await start({ mqttTimers: rt.timers });
      await h.agent.tick();
      await h.ha.waitFor('hashheat/miner/nano/power');
      const scheduled = rt.next();
      await broker.stop();
      await scheduled; // the connection is lost and a reconnect is pending on the fake clock
      await broker.start();
      // HA's command reaches the broker before the agent is back: the broker keeps it in our session.
      const sender = await observe(broker.url, []);
      await sender.publish('hashheat/miner/nano/mode/set', 'low');
      await sender.close();
      expect(h.agent.mqtt!.connected).toBe(false);
      h.ha.clear();
      await rt.fire();
      await h.ha.until(() => h.agent.state().overrides.nano?.levelId === 'low', 5000);
      for (const node of ['hashheat_agent', 'hashheat_miner_nano', 'hashheat_miner_garage'])
        await h.ha.waitFor(`homeassistant/device/${node}/config`);
      expect(await h.ha.waitFor('hashheat/miner/nano/mode', (p) => p === 'low')).toBe('low');
      expect(await h.ha.waitFor('hashheat/status', (p) => p === 'online')).toBe('online');
      await h.agent.tick();
      await h.ha.waitFor('hashheat/decision', (p) => p.includes('"decidedBy":"override"'));
      expect(h.log.messages()).toContain('mqtt reconnected');
      expect(h.checker.errors()).toEqual([]);
    });

    it('ignores retained messages on command topics at startup', async () => {
      const user = await observe(broker.url, []);
      await user.publish('hashheat/miner/nano/mode/set', 'off', { retain: true });
      await user.publish('hashheat/agent/enabled/set', 'OFF', { retain: true });
      await user.close();
      const h = await start();
      await h.log.until(
        () => h.log.messages().filter((m) => m === 'ignored a retained command').length === 2,
      );
      expect(h.agent.state().overrides).toEqual({});
      expect(h.agent.state().enabled).toBe(true);
      expect(await h.ha.waitFor('hashheat/agent/enabled')).toBe('ON');
    });

    it('keeps a command across a restart of the agent', async () => {
      const dataDir = tempDir();
      const first = await start({ dataDir });
      await first.ha.publish('hashheat/miner/nano/mode/set', 'off');
      await first.ha.until(() => first.agent.state().overrides.nano?.levelId === 'off');
      await first.stop();
      harnesses.splice(harnesses.indexOf(first), 1);
      const second = await start({ dataDir });
      expect(second.agent.state().overrides.nano).toMatchObject({ levelId: 'off', source: 'homeassistant' });
      expect(await second.ha.waitFor('hashheat/miner/nano/mode', (p) => p === 'off')).toBe('off');
    });

    it('clears the retained discovery and states of a miner removed from the config', async () => {
      const dataDir = tempDir();
      const first = await start({ dataDir });
      await first.agent.tick();
      await first.ha.waitFor('hashheat/miner/garage/availability');
      await first.stop();
      harnesses.splice(harnesses.indexOf(first), 1);
      const second = await start({ dataDir, miners: NANO_ONLY });
      await second.ha.waitFor('homeassistant/device/hashheat_miner_garage/config', (p) => p === '');
      await second.ha.waitFor('hashheat/miner/garage/availability', (p) => p === '');
      expect(second.log.messages()).toContain('removed a device from Home Assistant');
      const late = await observe(broker.url, ['homeassistant/device/+/config', 'hashheat/miner/garage/#']);
      await late.waitFor('homeassistant/device/hashheat_miner_nano/config');
      await new Promise((r) => setTimeout(r, 200));
      expect(late.messages.map((m) => m.topic).sort()).toEqual([
        'homeassistant/device/hashheat_agent/config',
        'homeassistant/device/hashheat_miner_nano/config',
      ]);
      await late.close();
      expect(second.checker.errors()).toEqual([]);
    });

    it('shows an unreachable miner as unavailable while its decisions stay visible', async () => {
      const h = await start({
        miners: `${NANO_ONLY}
  - { id: garage, type: simulated, levels: [{ id: p700, powerW: 700, ths: 26 }], failure: { unreachable: true } }`,
      });
      await h.agent.tick();
      expect(await h.ha.waitFor('hashheat/miner/garage/availability')).toBe('offline');
      expect(await h.ha.waitFor('hashheat/miner/nano/availability')).toBe('online');
      expect(
        await h.ha.waitFor('hashheat/miner/garage/reason', (p) => p !== 'waiting for the first decision'),
      ).toMatch(/./);
    });

    it('shows a stale input as unknown, and its terms abstain', async () => {
      const clock = new FakeClock(Date.now());
      const h = await start({ clock, extra: 'maxAge: { zoneTemp: 60 }' });
      const first = await h.agent.tick();
      expect(await h.ha.waitFor('hashheat/zone/living/temperature')).toBe('19');
      const nanoFirst = first!.decisions.find((d) => d.minerId === 'nano')!;
      expect(nanoFirst.ledger.find((r) => r.levelId === 'high')!.heatCreditPerHour).toBeGreaterThan(0);
      await clock.advance(120_000);
      const later = await h.agent.tick();
      const nano = later!.decisions.find((d) => d.minerId === 'nano')!;
      expect(nano.abstentions.map((a) => a.policy)).toContain('heat-credit');
      expect(nano.abstentions.find((a) => a.policy === 'heat-credit')!.reason).toMatch(/stale/);
      expect(nano.ledger.every((r) => r.heatCreditPerHour === 0)).toBe(true);
      expect(await h.ha.waitFor('hashheat/zone/living/temperature', (p) => p === 'None')).toBe('None');
      expect(h.checker.errors()).toEqual([]);
    });
  });
}
