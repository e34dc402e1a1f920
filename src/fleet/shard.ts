import { type Allocation, allocateSite, type SiteBudget } from '../core/fleet/allocate.js';
import type { Offer } from '../core/fleet/offer.js';
import { shardCaps } from '../core/fleet/transition.js';
import type { Clock, MqttBus } from '../ports.js';
import { decodeOffer, encodeOffer } from './offer-codec.js';
import { fleetTopics } from './topics.js';

/** Settings of one shard (the `fleet` config section, TTL in ms). */
export interface FleetShardSettings {
  site: string;
  shard: string;
  offerTtlMs: number;
}

/**
 * Why a shard holds its miners at what its last heard offer said they run: `no-echo`, its own offer
 * did not come back from the broker within the TTL (it cannot publish, or hears nothing); `alone`,
 * it hears its own offer but no other shard's for longer than the TTL after it had heard some (a
 * one-way partition, e.g. a split broker cluster).
 */
export type FleetHold = 'no-echo' | 'alone';

/** What a shard decides with in one tick. */
export interface FleetStep {
  allocation: Allocation;
  /** This shard's miners' caps (W per miner id): the lower of the last two allocations. */
  capsW: Record<string, number>;
  /** The shards the allocation counted as live, sorted. */
  liveShards: string[];
  /** Set while the shard holds its miners at its last heard offer. */
  hold?: FleetHold;
}

/** One agent's part of a site (issue 20): publishes its offer, hears the others', allocates, caps. */
export interface FleetShard {
  /** Publishes this tick's offer (retained, with message expiry) and counts it at once. */
  publish(offer: Offer): void;
  /**
   * Allocates `budgetW` over every known offer now; each of `minerIds` gets the lower of its shares in
   * this and the last allocation (0 W when not in both). Cut off from the broker (its own offer not heard
   * back within the TTL) or from the other shards (none heard for longer than the TTL after it had heard
   * some), it never raises a miner above what its last heard offer said it runs (`FleetHold`).
   */
  step(budgetW: number, minerIds: readonly string[]): FleetStep;
  /** The offers known now, one per shard. */
  offers(): Offer[];
  /** The rack meters' latest readings per shard (W, with when they arrived). */
  racks(): NonNullable<SiteBudget['rackReadings']>;
  /** Stops listening (the retained offer stays until it expires). */
  stop(): void;
}

/** The shards an allocation counted as live, as one comparable string. */
function liveShardsOf(allocation: Allocation): string[] {
  const expired = new Set(allocation.expiredShards);
  return [...new Set(allocation.shares.map((s) => s.shard))].filter((s) => !expired.has(s)).sort();
}

/** What each miner of an offer runs (W, by its running level), none without an offer. */
function runningW(offer: Offer | undefined): Map<string, number> {
  return new Map(
    (offer?.miners ?? []).map((m) => [
      m.minerId,
      m.levels.find((l) => l.id === m.runningLevelId)?.powerW ?? 0,
    ]),
  );
}

/** Connects a shard to its site's topics on `bus` (an MQTT 5 connection, role `fleet`). */
export function createFleetShard(
  settings: FleetShardSettings,
  deps: { bus: MqttBus; clock: Clock },
): FleetShard {
  const topics = fleetTopics(settings.site, settings.shard);
  const known = new Map<string, Offer>();
  const racks: NonNullable<SiteBudget['rackReadings']> = {};
  let previous: Allocation | undefined;
  /** This shard's last offer as the broker echoed it back: what the others know it runs. */
  let echoed: Offer | undefined;
  /** When (local clock) a live offer of another shard last arrived; undefined before the first. */
  let otherHeardAt: number | undefined;

  const keep = (offer: Offer) => {
    const seen = known.get(offer.shard);
    if (!seen || offer.at >= seen.at) known.set(offer.shard, offer);
  };
  const unsubscribeOffers = deps.bus.subscribe(topics.offers, (message) => {
    const named = topics.shardOf(message.topic);
    if (named?.kind !== 'offer') return;
    const offer = decodeOffer(message.payload);
    // Only a shard's own topic may speak for it (the ACL enforces it at the broker too).
    if (offer && offer.shard === named.shard) keep(offer);
    if (offer && named.shard === settings.shard && (!echoed || offer.at >= echoed.at)) echoed = offer;
    if (offer && offer.shard === named.shard && named.shard !== settings.shard) {
      const now = deps.clock.now();
      if (offer.expiresAt > now) otherHeardAt = now;
    }
    // A cleared retained offer is no word about the shard's miners: keep the last one (it expires).
  });
  const unsubscribeRacks = deps.bus.subscribe(topics.racks, (message) => {
    const named = topics.shardOf(message.topic);
    const powerW = Number(message.payload.toString('utf8'));
    if (named?.kind === 'rack' && Number.isFinite(powerW) && powerW >= 0)
      racks[named.shard] = { powerW, at: deps.clock.now() };
  });

  return {
    publish(offer) {
      keep(offer);
      deps.bus.publish(topics.offer, encodeOffer(offer), {
        qos: 1,
        retain: true,
        expirySeconds: settings.offerTtlMs / 1000,
      });
    },
    step(budgetW, minerIds) {
      const now = deps.clock.now();
      const allocation = allocateSite([...known.values()], { budgetW, now, rackReadings: racks });
      const caps = shardCaps(settings.shard, allocation, previous);
      // Views differ while offers travel: a shard whose set of live shards just changed (one expired,
      // one came back, the broker restarted) raises nothing until it sees the same set twice.
      const live = liveShardsOf(allocation);
      const viewChanged = previous !== undefined && liveShardsOf(previous).join(',') !== live.join(',');
      previous = allocation;
      const hold: FleetHold | undefined =
        !echoed || echoed.at + settings.offerTtlMs <= now
          ? 'no-echo'
          : otherHeardAt !== undefined && otherHeardAt + settings.offerTtlMs <= now
            ? 'alone'
            : undefined;
      const saidW = runningW(echoed);
      const nowW = runningW(known.get(settings.shard));
      const capsW: Record<string, number> = {};
      for (const minerId of minerIds) {
        let capW = caps[minerId]?.powerW ?? 0;
        if (viewChanged) capW = Math.min(capW, nowW.get(minerId) ?? 0);
        // The others count a cut-off shard at what it last said it runs (nothing, before its first echo).
        if (hold) capW = Math.min(capW, saidW.get(minerId) ?? 0);
        capsW[minerId] = capW;
      }
      return { allocation, capsW, liveShards: live, ...(hold ? { hold } : {}) };
    },
    offers: () => [...known.values()],
    racks: () => ({ ...racks }),
    stop() {
      unsubscribeOffers();
      unsubscribeRacks();
    },
  };
}
