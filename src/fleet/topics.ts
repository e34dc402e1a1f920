/**
 * The fleet's topics (issue 20), one tree per site so a broker ACL can give each shard write access
 * to its own topics only:
 * - `hashheat/fleet/<site>/offers/<shard>`: the shard's offer, retained, MQTT 5 message expiry;
 * - `hashheat/fleet/<site>/racks/<shard>/power`: what the shard's miners draw together (W), written by
 *   whatever meters the rack (a PDU, a sub-meter), so a dead shard's draw is still known.
 */
export interface FleetTopics {
  /** Where this shard publishes its offer. */
  offer: string;
  /** Every shard's offer (subscribe). */
  offers: string;
  /** Every rack's meter (subscribe). */
  racks: string;
  /** The shard named in an offer or rack topic, or undefined for another topic. */
  shardOf(topic: string): { kind: 'offer' | 'rack'; shard: string } | undefined;
}

/** The topic layout of one site, as seen from one shard. */
export function fleetTopics(site: string, shard: string): FleetTopics {
  const root = `hashheat/fleet/${site}`;
  return {
    offer: `${root}/offers/${shard}`,
    offers: `${root}/offers/+`,
    racks: `${root}/racks/+/power`,
    shardOf(topic) {
      const offer = new RegExp(`^${root}/offers/([^/]+)$`).exec(topic);
      if (offer) return { kind: 'offer', shard: offer[1]! };
      const rack = new RegExp(`^${root}/racks/([^/]+)/power$`).exec(topic);
      return rack ? { kind: 'rack', shard: rack[1]! } : undefined;
    },
  };
}

/** The rack meter topic of a shard (what a PDU bridge publishes to). */
export function rackPowerTopic(site: string, shard: string): string {
  return `hashheat/fleet/${site}/racks/${shard}/power`;
}
