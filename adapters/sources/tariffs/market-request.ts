import type { AxiosResponse } from 'axios';
import type { Instant, PriceSlot } from '../../../src/core/types.js';
import type { DeviceError } from '../../../src/errors.js';
import { checkStatus, createHttp, parseJson, transportError } from '../../http.js';
import { normaliseSeries, type PriceUnit, type RawPrice } from './price-series.js';

/** The period a tariff asks its provider for, and the moment the reply must cover. */
export interface FetchRange {
  /** Local midnight starting today (site time zone). */
  from: Instant;
  /** Local midnight ending tomorrow (23–25 h after the next midnight on DST days). */
  to: Instant;
  now: Instant;
  timeZone: string;
}

/** One HTTP request per poll, declared: where to ask, with what, and how to read the reply. */
export interface MarketRequest {
  /** API root (the config's `baseUrl`). */
  baseUrl: string;
  /** Per-request timeout (ms), the config's `timeoutMs`. */
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Path under `baseUrl`. */
  url: string;
  method?: 'GET' | 'POST';
  /** Query parameters for the range. */
  params?(range: FetchRange): Record<string, unknown>;
  /** Request body (POST). */
  data?: string;
  /** `text` hands the raw body to `parse` (XML); default JSON. */
  body?: 'json' | 'text';
  /** A typed error read from a non-2xx reply's body (Tibber's 400 UNAUTHENTICATED), else undefined. */
  errorBody?(status: number, body: string): DeviceError | undefined;
  /** The provider's rows in `unit`. */
  parse(body: unknown, range: FetchRange): RawPrice[];
  unit: PriceUnit;
  /** Cut longer spans into pieces of this length (ms). */
  splitMs?: number;
}

/** A `fetch(range)` for `marketTariff` from a declared request: transport, status and body errors typed. */
export function requestFetcher(
  what: string,
  spec: MarketRequest,
): (range: FetchRange) => Promise<PriceSlot[]> {
  const http = createHttp(spec.baseUrl, spec.timeoutMs, spec.headers);
  return async (range) => {
    let response: AxiosResponse;
    try {
      response = await http.request({
        method: spec.method ?? 'GET',
        url: spec.url,
        ...(spec.params ? { params: spec.params(range) } : {}),
        ...(spec.data !== undefined ? { data: spec.data } : {}),
      });
    } catch (error) {
      throw transportError(error, what);
    }
    const text = typeof response.data === 'string' ? response.data : '';
    if (response.status < 200 || response.status >= 300) {
      const typed = spec.errorBody?.(response.status, text);
      if (typed) throw typed;
    }
    checkStatus(response, what);
    const body = spec.body === 'text' ? text : parseJson(response.data, what);
    const options = { unit: spec.unit, ...(spec.splitMs ? { splitMs: spec.splitMs } : {}) };
    return normaliseSeries(spec.parse(body, range), options);
  };
}
