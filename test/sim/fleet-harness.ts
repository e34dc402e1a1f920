/**
 * A site of N shards × M simulated miners against one real broker (issue 20): each shard runs the
 * real core (`decide` with the standard policies and the fleet cap), builds its offer from the ledger,
 * publishes it through the agent's MQTT connection (role `fleet`), and allocates the site budget from
 * the offers it hears. Miners are simulated as in bench/fleet.bench.ts (`simulated` miners: they take
 * the commanded level at once and report its power). The clock is fake: one `tick()` is 30 s.
 */
import pino from 'pino';
import { afterEach } from 'vitest';
import { mqttSchema } from '../../config/mqtt.js';
import { decide } from '../../src/core/decide.js';
import { allocateSite } from '../../src/core/fleet/allocate.js';
import { offerFromDecisions } from '../../src/core/fleet/from-decisions.js';
import type { Offer } from '../../src/core/fleet/offer.js';
import { emptyMemory, type Memory } from '../../src/core/memory.js';
import { type MinerModel, type Model, OFF } from '../../src/core/model.js';
import type { MinerStatus } from '../../src/core/types.js';
import { createFleetShard, type FleetShard } from '../../src/fleet/shard.js';
import { rackPowerTopic } from '../../src/fleet/topics.js';
import { connectMqtt, type MqttConnection } from '../../src/mqtt/connection.js';
import type { MqttBus } from '../../src/ports.js';
import { type BrokerKind, startBroker, type TestBroker } from '../fakes/broker.js';
import { FakeClock } from '../fakes/clock.js';
import { HASHPRICE_2025, makeModel, makeSnapshot, NOON, nanoMiner } from '../fakes/world.js';
import { oneAgent } from './fleet-one-agent.js';

export const TICK_MS = 30_000;
const SITE = 'greenhouse-1';

/** S19-class miners with three power targets, each a little less efficient than the one below (J/TH). */
function siteMiner(id: string, i: number): MinerModel {
  const jPerTh = 18 + ((i * 7919) % 15); // 18…32 J/TH, spread deterministically
  const level = (levelId: string, powerW: number, worse: number) => ({
    id: levelId,
    powerW,
    ths: powerW / (jPerTh * worse),
  });
  return nanoMiner({
    id,
    name: id,
    zoneId: undefined,
    levels: [
      OFF,
      level('eco', 1000 + (i % 5) * 50, 1),
      level('normal', 2000, 1.08),
      level('turbo', 3250, 1.2),
    ],
  });
}

/** The most power one step of one of these miners adds (W): the allowance of the done-when bullet. */
export const ONE_STEP_W = 1250;

interface SimMiner {
  model: MinerModel;
  levelId: string;
  powerW: number;
}

interface Shard {
  id: string;
  model: Model;
  miners: SimMiner[];
  memory: Memory;
  bus: MqttConnection;
  fleet: FleetShard;
  alive: boolean;
  /** Cut off the broker (a network partition): it still decides, on what it knew. */
  cut: { off: boolean };
  /** The latest net value per hour of each miner's level, from its last ledger. */
  netByLevel: Map<string, Map<string, number>>;
  lastOffer?: Offer;
  /** Its miners with site-wide ids (`rack-a/m0`), for the one agent that owns them all. */
  siteModels: MinerModel[];
}

/** What one tick measured. */
export interface TickMeasure {
  at: number;
  budgetW: number;
  drawW: number;
  /** Net value per hour of what live shards' miners run now, from their ledgers. */
  netPerHour: number;
  /** The exact allocation of the budget left after dead racks' draw over the live shards' offers (the best the offers allow). */
  exactNetPerHour: number;
  /** One agent (`decide`) owning every live miner within that budget (`fleet-one-agent.ts`). */
  oneAgentNetPerHour: number;
}

/** The site: start it, tick it, break it. */
export interface FleetSite {
  clock: FakeClock;
  /** One tick of every live shard; `deliver: false` when the broker is down (nothing to wait for). */
  tick(budgetW: number, deliver?: boolean): Promise<TickMeasure>;
  /** Waits until every live shard's connection is up again (after a broker restart). */
  reconnected(): Promise<void>;
  /** Kills a shard: its agent stops; `rackDies` = its miners lose power too (else they keep their last level). */
  kill(shardIndex: number, rackDies: boolean): Promise<void>;
  /** Cuts a shard off the broker (it keeps ticking on what it knew) or lets it back. */
  partition(shardIndex: number, cutOff: boolean): void;
  close(): Promise<void>;
  shards(): readonly { id: string; alive: boolean }[];
  /** Every offer shard `i` knows. */
  offersOf(shardIndex: number): Offer[];
}

function connect(url: string, clientId: string, protocolVersion: 4 | 5): MqttConnection {
  const config = mqttSchema.parse({ url, clientId, reconnectMinMs: 50, reconnectMaxMs: 200 });
  return connectMqtt(
    config,
    { logger: pino({ level: 'silent' }), clock: new FakeClock() },
    'fleet',
    protocolVersion,
  );
}

async function until(what: string, check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Starts `shardCount` shards of `minersPerShard` miners each on the broker at `url`. */
export async function startFleetSite(options: {
  url: string;
  shardCount: number;
  minersPerShard: number;
  protocolVersion: 4 | 5;
  importPerKWh?: number;
  offerTtlMs?: number;
}): Promise<FleetSite> {
  const clock = new FakeClock(NOON);
  const ttlMs = options.offerTtlMs ?? 3 * TICK_MS;
  const importPerKWh = options.importPerKWh ?? 0.035;
  const shards: Shard[] = [];
  for (let s = 0; s < options.shardCount; s++) {
    const id = `rack-${String.fromCharCode(97 + s)}`;
    const models = Array.from({ length: options.minersPerShard }, (_, m) =>
      siteMiner(`m${m}`, s * options.minersPerShard + m),
    );
    const bus = connect(options.url, `sim-${id}`, options.protocolVersion);
    const cut = { off: false };
    // A partition: the shard's messages neither leave nor arrive, its connection stays up.
    const partitioned: MqttBus = {
      get connected() {
        return bus.connected && !cut.off;
      },
      publish: (topic, payload, publishOptions) => {
        if (!cut.off) bus.publish(topic, payload, publishOptions);
      },
      subscribe: (filter, handler) =>
        bus.subscribe(filter, (message) => {
          if (!cut.off) handler(message);
        }),
      onConnect: (listener) => bus.onConnect(listener),
      close: () => bus.close(),
    };
    const fleet = createFleetShard({ site: SITE, shard: id, offerTtlMs: ttlMs }, { bus: partitioned, clock });
    shards.push({
      cut,
      id,
      model: makeModel({ miners: models }),
      miners: models.map((model) => ({ model, levelId: 'off', powerW: 0 })),
      memory: emptyMemory(),
      bus,
      fleet,
      alive: true,
      netByLevel: new Map(),
      siteModels: models.map((m) => ({ ...m, id: `${id}/${m.id}`, name: `${id}/${m.name}` })),
    });
  }
  const meter = connect(options.url, 'sim-rack-meters', options.protocolVersion);
  const one = oneAgent(importPerKWh);
  await until('connections', () => meter.connected && shards.every((s) => s.bus.connected));

  function shardTick(shard: Shard, budgetW: number): void {
    const minerIds = shard.miners.map((m) => m.model.id);
    const { capsW } = shard.fleet.step(budgetW, minerIds);
    const statuses: Record<string, MinerStatus> = {};
    for (const m of shard.miners)
      statuses[m.model.id] = {
        reachable: true,
        running: m.levelId !== 'off',
        levelId: m.levelId,
        powerW: m.powerW,
        at: clock.now(),
      };
    const snapshot = makeSnapshot({
      now: clock.now(),
      importPerKWh,
      hashprice: HASHPRICE_2025,
      miners: statuses,
    });
    snapshot.fleetCapsW = capsW;
    const result = decide(snapshot, shard.model, shard.memory);
    shard.memory = result.memory;
    for (const d of result.decisions) {
      const miner = shard.miners.find((m) => m.model.id === d.minerId)!;
      miner.levelId = d.levelId;
      miner.powerW = d.powerW;
      shard.netByLevel.set(d.minerId, new Map(d.ledger.map((r) => [r.levelId, r.netPerHour])));
    }
    const offer = offerFromDecisions({
      shard: shard.id,
      at: clock.now(),
      ttlMs,
      miners: shard.model.miners,
      decisions: result.decisions,
      statuses,
    });
    shard.lastOffer = offer;
    shard.fleet.publish(offer);
  }

  return {
    clock,
    async tick(budgetW, deliver = true) {
      await clock.advance(TICK_MS);
      const live = shards.filter((s) => s.alive);
      for (const shard of live) shardTick(shard, budgetW);
      for (const shard of shards) {
        const rackW = shard.miners.reduce((sum, m) => sum + m.powerW, 0);
        meter.publish(rackPowerTopic(SITE, shard.id), String(rackW), { qos: 1, retain: true });
      }
      // Delivery over the real broker: every connected shard hears every connected shard's offer of this tick.
      const heard = live.filter((s) => !s.cut.off);
      if (deliver)
        await until('offers', () =>
          heard.every((s) =>
            heard.every((o) => s.fleet.offers().some((x) => x.shard === o.id && x.at === clock.now())),
          ),
        );
      const drawW = shards.reduce((sum, s) => sum + s.miners.reduce((a, m) => a + m.powerW, 0), 0);
      let netPerHour = 0;
      for (const shard of live)
        for (const m of shard.miners) netPerHour += shard.netByLevel.get(m.model.id)?.get(m.levelId) ?? 0;
      const deadW = shards
        .filter((s) => !s.alive)
        .reduce((sum, s) => sum + s.miners.reduce((a, m) => a + m.powerW, 0), 0);
      const freeOffers = live.map((s) => ({
        ...s.lastOffer!,
        miners: s.lastOffer!.miners.map(({ lockedLevelId: _locked, ...m }) => m),
      }));
      const exact = allocateSite(freeOffers, { budgetW: budgetW - deadW, now: clock.now() });
      const oneAgentNetPerHour = one.tick(
        clock.now(),
        live.flatMap((s) => s.siteModels),
        budgetW - deadW,
      );
      return {
        at: clock.now(),
        budgetW,
        drawW,
        netPerHour,
        exactNetPerHour: exact.netPerHour,
        oneAgentNetPerHour,
      };
    },
    async reconnected() {
      await until(
        'reconnects',
        () => meter.connected && shards.every((s) => !s.alive || s.bus.connected),
        5000,
      );
    },
    async kill(index, rackDies) {
      const shard = shards[index]!;
      shard.alive = false;
      shard.fleet.stop();
      await shard.bus.close();
      if (rackDies) for (const m of shard.miners) Object.assign(m, { levelId: 'off', powerW: 0 });
    },
    partition(index, cutOff) {
      shards[index]!.cut.off = cutOff;
    },
    async close() {
      for (const shard of shards) if (shard.alive) await shard.bus.close();
      await meter.close();
    },
    shards: () => shards.map((s) => ({ id: s.id, alive: s.alive })),
    offersOf: (index) => shards[index]!.fleet.offers(),
  };
}

/** W·s above the budget, and ticks more than one miner's step above it. */
export function overBudget(ticks: readonly TickMeasure[]): { overWs: number; bigTicks: number } {
  let overWs = 0;
  let bigTicks = 0;
  for (const t of ticks) {
    const overW = t.drawW - t.budgetW;
    if (overW > 0) overWs += (overW * TICK_MS) / 1000;
    if (overW > ONE_STEP_W) bigTicks += 1;
  }
  return { overWs, bigTicks };
}

/** Ticks from index `from` until the site earns ≥ 99 % of the exact allocation of the live miners (−1: never). */
export function convergence(ticks: readonly TickMeasure[], from: number): number {
  const i = ticks.findIndex((t, k) => k >= from && t.netPerHour >= 0.99 * t.exactNetPerHour);
  return i < 0 ? -1 : i - from;
}

/** The 3 × 20 site the simulation tests share, on a broker of `kind`; closed after each test. */
export function smallSiteOn(kind: BrokerKind): { start(): Promise<FleetSite>; broker(): TestBroker } {
  let broker: TestBroker | undefined;
  let site: FleetSite | undefined;
  afterEach(async () => {
    await site?.close();
    await broker?.close();
  });
  return {
    async start() {
      broker = await startBroker(kind);
      site = await startFleetSite({
        url: broker.url,
        shardCount: 3,
        minersPerShard: 20,
        protocolVersion: kind === 'mosquitto' ? 5 : 4,
      });
      return site;
    },
    broker: () => broker!,
  };
}
