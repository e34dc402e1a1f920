import { DateTime } from 'luxon';
import type { Instant, PriceSlot } from '../../../src/core/types.js';
import type { Source } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import type { SourceContext } from '../../plugin.js';
import { type FetchRange, type MarketRequest, requestFetcher } from './market-request.js';
import { averageHourly, checkCoverage } from './price-series.js';
import { nextPollInMs, type PublicationWindow } from './publication.js';
import { applyRetail, type Retail } from './tariff-common.js';

export type { FetchRange } from './market-request.js';

/** The site-local "today and tomorrow" range around `now`. */
export function dayRange(now: Instant, timeZone: string): FetchRange {
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day');
  return { from: today.toMillis(), to: today.plus({ days: 2 }).toMillis(), now, timeZone };
}

/**
 * Provider slots (per kWh, before retail) → the series a tariff emits: only the range, rejected
 * unless it covers now, hourly-averaged on request, retail composition applied.
 */
export function retailSeries(
  slots: readonly PriceSlot[],
  options: { range: FetchRange; config: Retail & { average: 'none' | 'hourly' }; what: string },
): PriceSlot[] {
  let series = checkCoverage(slots, options.range, options.what);
  if (options.config.average === 'hourly') series = averageHourly(series, options.range.timeZone);
  return applyRetail(series, options.config, options.range.timeZone);
}

/** What every market tariff hands to `marketTariff`. */
interface CommonOptions {
  deps: AdapterDeps & SourceContext;
  config: Retail & { average: 'none' | 'hourly' };
  /** Provider name for messages ("aWATTar"). */
  what: string;
  /** Publication window of tomorrow's prices; without one the source polls every `intervalMs`. */
  window?: PublicationWindow;
  /** Normal poll interval (ms); default 1 h. */
  intervalMs?: number;
  /** The range to ask for; default `dayRange`. */
  rangeOf?(now: Instant, timeZone: string): FetchRange;
}

/**
 * Options of `marketTariff`: one declared HTTP request (`url`, `params`, `parse`…, see `MarketRequest`)
 * or, for providers needing several requests a poll (pages, one date per call), a `fetch` of its own.
 */
export type MarketTariffOptions = CommonOptions &
  (
    | MarketRequest
    | {
        /** Fetches and parses the provider's prices for the range: sorted slots, currency per kWh before retail. */
        fetch(range: FetchRange): Promise<PriceSlot[]>;
      }
  );

/**
 * A polled price-series source around one provider request (declared: `url`, `params`, `parse`, `unit`)
 * or fetcher of its own: asks for today and tomorrow, rejects a
 * reply that does not cover now (so the last good series stays), averages hourly on request,
 * applies retail composition and polls faster inside the publication window until tomorrow is in.
 */
export function marketTariff(options: MarketTariffOptions): Source {
  const { deps, config } = options;
  const key = deps.role ?? 'price.import';
  const intervalMs = options.intervalMs ?? 3_600_000;
  const fetch = 'fetch' in options ? options.fetch : requestFetcher(options.what, options);
  let last: PriceSlot[] = [];
  return {
    id: deps.id,
    keys: [key],
    intervalMs,
    async poll() {
      const now = deps.clock.now();
      const range = (options.rangeOf ?? dayRange)(now, deps.timeZone);
      last = retailSeries(await fetch(range), { range, config, what: options.what });
      return [{ key, reading: { value: last, at: now, source: deps.id } }];
    },
    nextPollInMs(now) {
      if (!options.window) return intervalMs;
      return nextPollInMs({
        now,
        slots: last,
        siteTimeZone: deps.timeZone,
        window: options.window,
        intervalMs,
      });
    },
  };
}
