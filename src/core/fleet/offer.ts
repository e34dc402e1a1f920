import type { Instant } from '../basics.js';

/** The policy name of the fleet cap (policies/fleet-cap.ts): its blocks do not shrink a shard's offer. */
export const FLEET_POLICY = 'fleet';

/** One operating point a miner offers to the site: its power and net value per hour from its shard's ledger. */
export interface OfferLevel {
  id: string;
  powerW: number;
  /** Net value of running at this level for an hour (currency per hour; revenue + heat − power cost). */
  netPerHour: number;
}

/** What one shard says about one of its miners (issue 20). */
export interface MinerOffer {
  minerId: string;
  /** Lower numbers get scarce power first (the miner's configured `priority`). */
  priority: number;
  /** Operating points, `off` first, sorted by power. */
  levels: OfferLevel[];
  /** Set while a guard (minimum on/off time, dwell) or safety holds the miner at this level: the allocation keeps it. */
  lockedLevelId?: string;
  /** The level the miner runs now. */
  runningLevelId: string;
  /** What the miner draws by its own reading (W), when it reports power and was read at its running level. */
  readingW?: number;
}

/**
 * The site inputs a shard read in its tick (issue 20), carried in its offer so that every shard
 * computes the site budget from the same values: the newest reading among the live offers wins.
 */
export interface SiteReading {
  /** When the newest of these readings was taken (epoch ms): the newest reading set wins. */
  at: Instant;
  /**
   * The site's import without its miners (W, PV included; negative = export): the site meter's
   * reading less what all the site's miners drew then by the offers the shard held, so a later
   * change of the miners' draw does not skew it.
   */
  houseNetW?: number;
  /** PV production (W). */
  pvW?: number;
  /** Heat the site wants now (W), from the zone named by `fleet.heatDemandZone`. */
  heatDemandW?: number;
  /** Average grid import the capacity tariff still allows from now on (W): this window's rest, at most the peak. */
  importCapW?: number;
}

/** One shard's offer, published retained with an MQTT 5 message expiry (issue 20). */
export interface Offer {
  shard: string;
  /** When the shard made it (epoch ms). */
  at: Instant;
  /** When it stops counting as live (epoch ms): `at` + the offer TTL. */
  expiresAt: Instant;
  miners: MinerOffer[];
  /** The site inputs it read this tick, if it had any fresh ones. */
  site?: SiteReading;
}

/** The site key of a miner: `<shard>/<minerId>` (miner ids are unique within a shard only). */
export function offerKey(shard: string, minerId: string): string {
  return `${shard}/${minerId}`;
}

/** What a miner draws by its offer, best guess (W): its reading, else its running level's power. */
export function likelyDrawW(miner: MinerOffer): number {
  return miner.readingW ?? miner.levels.find((l) => l.id === miner.runningLevelId)?.powerW ?? 0;
}

/** The power a miner offer stands for (W): the higher of its reading and its running level's power. */
export function drawW(miner: MinerOffer): number {
  const levelW = miner.levels.find((l) => l.id === miner.runningLevelId)?.powerW ?? 0;
  return Math.max(levelW, miner.readingW ?? 0);
}
