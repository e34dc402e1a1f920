import type { Instant } from '../basics.js';
import { capacityImportCapW } from '../capacity.js';
import type { Model } from '../model.js';
import { scalar } from '../signals.js';
import type { Snapshot } from '../types.js';
import type { SiteBudget } from './allocate.js';
import { drawW, likelyDrawW, type Offer, type SiteReading } from './offer.js';

/** How a site's budget is made (issue 20): the same on every shard, from the config. */
export interface FleetBudgetRules {
  /** `site.maxPowerW`: the import limit every shard shares (W). */
  maxPowerW: number;
  /** `fleet.surplusOnly`: the site's miners run on PV surplus only (export + what they draw now). */
  surplusOnly: boolean;
  /** `fleet.heatDemandZone` is set: the miners never draw more than the heat the site wants (W). */
  heatDemand: boolean;
  /** A capacity tariff is configured: the miners stay within the import its peak still allows. */
  capacity: boolean;
}

/** What bound the site budget. */
export type BudgetLimit = 'import-limit' | 'surplus' | 'heat-demand' | 'capacity';

/** The site's budget for all its miners together, and where its inputs came from. */
export interface FleetBudget {
  budgetW: number;
  limitedBy: BudgetLimit;
  /** What every offer says its miners draw now (W), expired offers included (at their rack's newer reading). */
  minersW: number;
  /** The reading set it used: the newest among the live offers (shard and time), if any. */
  reading?: { shard: string; at: Instant };
}

/**
 * The site inputs of one shard's snapshot for its offer: the site's net import without its miners
 * (meter − `minersW`, what all the site's miners drew by the offers the shard held when it read the
 * meter), PV, the heat demand of `heatDemandZone` and the capacity tariff's import cap, the fresh
 * ones only; undefined with none.
 */
export function siteReadingOf(
  snapshot: Snapshot,
  model: Model,
  options: { heatDemandZone: string | undefined; minersW: number },
): SiteReading | undefined {
  const reading: Omit<SiteReading, 'at'> = {};
  let at = Number.NEGATIVE_INFINITY;
  const take = (key: string, put: (value: number) => void) => {
    const found = scalar(snapshot, model, key);
    if (!found.ok) return;
    put(found.value);
    at = Math.max(at, found.at);
  };
  take('grid.powerW', (w) => {
    reading.houseNetW = w - options.minersW;
  });
  take('pv.powerW', (w) => {
    reading.pvW = Math.max(0, w);
  });
  if (options.heatDemandZone !== undefined)
    take(`zone.${options.heatDemandZone}.heatDemandW`, (w) => {
      reading.heatDemandW = Math.max(0, w);
    });
  const cap = capacityImportCapW(snapshot, model);
  if (cap && 'importCapW' in cap) reading.importCapW = cap.importCapW;
  return Number.isFinite(at) ? { at, ...reading } : undefined;
}

/** The newest reading set among the live offers; a tie goes to the lower shard id (so all shards agree). */
function newestReading(
  offers: readonly Offer[],
  now: Instant,
): { shard: string; site: SiteReading } | undefined {
  let best: { shard: string; site: SiteReading } | undefined;
  for (const offer of offers) {
    const site = offer.site;
    if (!site || offer.expiresAt <= now) continue;
    if (!best || site.at > best.site.at || (site.at === best.site.at && offer.shard < best.shard))
      best = { shard: offer.shard, site };
  }
  return best;
}

/**
 * What a shard's miners draw by its offer (W); for an expired offer, its rack meter's reading when
 * that is newer (as the allocation counts it), so the house load is not misjudged by a dead rack.
 */
function offerDrawW(offer: Offer, now: Instant, racks: SiteBudget['rackReadings']): number {
  const rack = racks?.[offer.shard];
  if (offer.expiresAt <= now && rack !== undefined && rack.at > offer.at) return Math.max(0, rack.powerW);
  return offer.miners.reduce((sum, m) => sum + drawW(m), 0);
}

/** What all the site's miners draw by the offers (W): expired ones at their rack's newer reading. */
export function siteMinersW(
  offers: readonly Offer[],
  now: Instant,
  racks?: SiteBudget['rackReadings'],
): number {
  return offers.reduce((sum, o) => sum + offerDrawW(o, now, racks), 0);
}

/**
 * What the site meter read now counts as the miners' draw (W): each miner's reading where it was
 * read at the level it runs, else that level's power (not the higher of the two, as the allocation
 * counts: a miner counted above its real draw would make the house look smaller and the budget
 * larger); an expired shard at its rack's newer reading.
 */
export function meteredMinersW(
  offers: readonly Offer[],
  now: Instant,
  racks?: SiteBudget['rackReadings'],
): number {
  return offers.reduce((sum, offer) => {
    const rack = racks?.[offer.shard];
    if (offer.expiresAt <= now && rack !== undefined && rack.at > offer.at)
      return sum + Math.max(0, rack.powerW);
    return sum + offer.miners.reduce((s, m) => s + likelyDrawW(m), 0);
  }, 0);
}

/**
 * The power all the site's miners may draw together now (W; issue 20), the same on every shard that
 * holds the same offers: its inputs are the newest site reading among the live offers (each shard puts
 * what it read into its offer), never a shard's own newer reading. The house is the reading's
 * `houseNetW` (meter less the miners' draw when it was read; + PV for its consumption). The lowest of:
 * - import limit: `site.maxPowerW` less the house's consumption (never below 0); the whole limit without a reading;
 * - surplus (`surplusOnly`): export + what the miners drew (−`houseNetW`), 0 without a reading;
 * - heat demand: the heat the site wants (W), no cap without a reading;
 * - capacity: the import the month's peak still allows less `houseNetW`, no cap without a reading
 *   (the capacity policy abstains then too).
 * Never below 0. `minersW` reports what the offers say the miners draw now (expired shards at their
 * rack's newer reading, `racks`, as in `allocateSite`).
 */
export function fleetBudget(
  rules: FleetBudgetRules,
  offers: readonly Offer[],
  now: Instant,
  racks?: SiteBudget['rackReadings'],
): FleetBudget {
  const minersW = siteMinersW(offers, now, racks);
  const newest = newestReading(offers, now);
  const site = newest?.site;
  const houseNetW = site?.houseNetW;
  const limits: [BudgetLimit, number][] = [
    [
      'import-limit',
      houseNetW === undefined ? rules.maxPowerW : rules.maxPowerW - Math.max(0, houseNetW + (site?.pvW ?? 0)),
    ],
  ];
  if (rules.surplusOnly) limits.push(['surplus', houseNetW === undefined ? 0 : -houseNetW]);
  if (rules.heatDemand && site?.heatDemandW !== undefined) limits.push(['heat-demand', site.heatDemandW]);
  if (rules.capacity && houseNetW !== undefined && site?.importCapW !== undefined)
    limits.push(['capacity', site.importCapW - houseNetW]);
  let [limitedBy, budgetW] = limits[0]!;
  for (const [name, w] of limits.slice(1))
    if (w < budgetW) {
      limitedBy = name;
      budgetW = w;
    }
  const budget: FleetBudget = { budgetW: Math.max(0, budgetW), limitedBy, minersW };
  if (newest) budget.reading = { shard: newest.shard, at: newest.site.at };
  return budget;
}
