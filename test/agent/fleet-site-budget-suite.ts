import type { MqttClient } from 'mqtt';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { type BrokerKind, startBroker, type TestBroker } from '../fakes/broker.js';
import { FakeClock } from '../fakes/clock.js';
import { type MqttObserver, observe } from '../fakes/mqtt-observer.js';
import { connectClient } from '../fakes/mqtt-test-bus.js';
import { fleetShardConfig, startShardAgent } from './fleet-shard-config.js';

const SITE = 'solar-site';
const METER = `${SITE}/meter/power`;
const HOUSE_W = 1_000;

const HEAT = `${SITE}/climate/heat-demand`;

/** The site's own settings: miners on PV surplus only, or capped by the greenhouse's heat demand. */
const VARIANTS = {
  surplus: { fleet: 'offerTtlSeconds: 90, surplusOnly: true', yaml: '', prices: '' },
  // A capacity tariff whose month so far has no peak above its 6 kW minimum (config/example-grid.yaml).
  capacity: {
    fleet: 'offerTtlSeconds: 90',
    yaml: '',
    prices: '  capacity: { perKWMonth: 4.2, window: 15min, minimumKW: 6, marginKW: 0.1 }\n',
  },
  heat: {
    fleet: 'offerTtlSeconds: 90, heatDemandZone: greenhouse',
    prices: '',
    yaml: `zones:
  - { id: greenhouse, targetC: 18, maxC: 30, heater: { type: resistive } }
`,
  },
};

/** One shard of the site with the site's budget rule (`fleet-shard-config.ts`), reading the site meter and heat demand. */
function shardConfig(url: string, shard: string, variant: keyof typeof VARIANTS) {
  const v = VARIANTS[variant];
  return fleetShardConfig(url, shard, {
    site: SITE,
    prices: v.prices,
    signals: `  - { type: mqtt, signal: grid.powerW, topic: ${METER} }
  - { type: mqtt, signal: zone.greenhouse.heatDemandW, topic: ${HEAT} }
`,
    fleet: v.fleet,
    sections: v.yaml,
  });
}

/** What the site's simulated miners draw now, read from the devices themselves (W). */
async function devicesW(agents: readonly Agent[]): Promise<number> {
  let totalW = 0;
  for (const agent of agents)
    for (const { adapter } of agent.miners.values()) totalW += (await adapter.status()).powerW ?? 0;
  return totalW;
}

/**
 * Two whole agents sharing a site budget from its inputs, on one broker: fleet-site-budget.test.ts
 * runs it on aedes, fleet-site-budget-mosquitto.test.ts on Mosquitto.
 */
export function siteBudgetSuite(kind: BrokerKind): void {
  describe(`two agents sharing a site budget from its inputs (${kind})`, () => {
    let broker: TestBroker;
    const agents: Agent[] = [];
    const closing: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const agent of agents.splice(0)) await agent.stop({ applyOnExit: false });
      for (const close of closing.splice(0)) await close();
      await broker?.close();
    });

    /**
     * Two shards on a fresh broker; `tick(inputs)` runs both, reads what their devices draw, then
     * publishes the site's inputs (the meter: house + miners − PV) and waits until both agents have them.
     */
    async function startSite(variant: keyof typeof VARIANTS) {
      broker = await startBroker(kind);
      const clock = new FakeClock();
      const logger = pino({ level: 'silent' });
      const offers: MqttObserver = await observe(broker.url, [`hashheat/fleet/${SITE}/offers/+`]);
      closing.push(() => offers.close());
      const inputs: MqttClient = await connectClient(broker.url);
      closing.push(() => inputs.endAsync(true));
      for (const shard of ['rack-a', 'rack-b']) {
        const config = shardConfig(broker.url, shard, variant);
        const agent = await startShardAgent(config, kind, { clock, logger }, (close) => closing.push(close));
        agents.push(agent);
      }
      const send = async (topic: string, key: string, value: number) => {
        const arrived = agents.map(
          (agent) =>
            new Promise<void>((resolve) => {
              const check = () => agent.store.scalarsRecord()[key]?.value === value;
              const stop = agent.store.onUpdate(() => {
                if (!check()) return;
                stop();
                resolve();
              });
              if (check()) {
                stop();
                resolve();
              }
            }),
        );
        await inputs.publishAsync(topic, String(value), { qos: 1, retain: true });
        await Promise.all(arrived);
      };
      const publishInputs = async (site: { pvW: number; heatDemandW?: number }) => {
        await send(METER, 'grid.powerW', HOUSE_W + (await devicesW(agents)) - site.pvW);
        if (site.heatDemandW !== undefined) await send(HEAT, 'zone.greenhouse.heatDemandW', site.heatDemandW);
      };
      const drawn: number[] = [];
      return {
        drawn,
        publishInputs,
        async tick(site: { pvW: number; heatDemandW?: number }) {
          await clock.advance(30_000);
          const at = clock.now();
          for (const agent of agents) await agent.tick();
          // Both offers of this tick went through the broker before the inputs speak.
          await offers.until(() =>
            ['rack-a', 'rack-b'].every((s) =>
              offers.latest(`hashheat/fleet/${SITE}/offers/${s}`)?.includes(`"at":${at}`),
            ),
          );
          drawn.push(await devicesW(agents));
          await publishInputs(site);
        },
      };
    }

    it('on surplus only, the site follows the surplus (PV − house) together, from the meter reading both shards share', async () => {
      const site = await startSite('surplus');
      await site.publishInputs({ pvW: 6_000 });
      // 6 kW of PV, a 1 kW house: 5 kW of surplus for 8 miners that would take 16 kW on import.
      for (let t = 0; t < 6; t++) await site.tick({ pvW: 6_000 });
      // A cloud: 3 kW of PV, 2 kW of surplus.
      for (let t = 0; t < 5; t++) await site.tick({ pvW: 3_000 });
      const { drawn } = site;
      console.log(`[fleet ${kind}] surplus only, devices' draw per tick (W): ${drawn.join(', ')}`);
      // Never above the surplus of the reading the budget was made from; the budget binds (5 kW of 1 and 2 kW steps).
      expect(Math.max(...drawn.slice(0, 7))).toBeLessThanOrEqual(5_000);
      expect(drawn[5]).toBe(5_000);
      // The cloud's reading arrives after tick 6 (which ran on the sunny one): from tick 7 on, at most 2 kW.
      expect(Math.max(...drawn.slice(7))).toBeLessThanOrEqual(2_000);
      expect(drawn.slice(-2)).toEqual([2_000, 2_000]);
      const totals = agents.map((a) => a.fleetTotals?.());
      expect(totals.map((t) => t?.limitedBy)).toEqual(['surplus', 'surplus']);
      expect(totals.map((t) => t?.budgetW)).toEqual([2_000, 2_000]);
      expect(totals.map((t) => t?.publisher)).toEqual([true, false]);
    });

    it('with a heat-demand zone, the site draws no more than the heat it wants, under the import limit', async () => {
      const site = await startSite('heat');
      // No PV: the 10 kW limit less the 1 kW house leaves 9 kW; the greenhouse wants 3 kW of heat.
      await site.publishInputs({ pvW: 0, heatDemandW: 3_000 });
      for (let t = 0; t < 5; t++) await site.tick({ pvW: 0, heatDemandW: 3_000 });
      // A cold night: 7 kW of heat wanted.
      for (let t = 0; t < 5; t++) await site.tick({ pvW: 0, heatDemandW: 7_000 });
      const { drawn } = site;
      console.log(`[fleet ${kind}] heat demand, devices' draw per tick (W): ${drawn.join(', ')}`);
      expect(Math.max(...drawn.slice(0, 5))).toBeLessThanOrEqual(3_000);
      expect(drawn[4]).toBe(3_000);
      expect(Math.max(...drawn)).toBeLessThanOrEqual(7_000);
      expect(drawn.slice(-2)).toEqual([7_000, 7_000]);
      expect(agents.map((a) => a.fleetTotals?.()?.limitedBy)).toEqual(['heat-demand', 'heat-demand']);
    });

    it('with a capacity tariff, the site stays under the import its peak allows: house + miners ≤ 6 kW − margin', async () => {
      const site = await startSite('capacity');
      await site.publishInputs({ pvW: 0 });
      for (let t = 0; t < 8; t++) await site.tick({ pvW: 0 });
      const { drawn } = site;
      console.log(`[fleet ${kind}] capacity tariff, devices' draw per tick (W): ${drawn.join(', ')}`);
      // 6,000 − 100 W margin − the 1 kW house: 4.9 kW for the miners, 4 kW in 1 and 2 kW steps.
      expect(Math.max(...drawn)).toBeLessThanOrEqual(4_900);
      expect(drawn.slice(-2)).toEqual([4_000, 4_000]);
      expect(agents.map((a) => a.fleetTotals?.()?.limitedBy)).toEqual(['capacity', 'capacity']);
      expect(agents.map((a) => Math.round(a.fleetTotals?.()?.budgetW ?? 0))).toEqual([4_900, 4_900]);
    });
  });
}
