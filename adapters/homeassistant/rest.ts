import { DeviceError } from '../../src/errors.js';
import { createHttp, requestJson } from '../http.js';
import { type HaState, parseRestState } from './entity-state.js';

/** Where Home Assistant is and how to authenticate (a long-lived access token). */
export interface HaConnection {
  /** Base URL, e.g. `http://homeassistant.local:8123`. */
  url: string;
  token: string;
  /** Per-request timeout (ms). */
  timeoutMs: number;
}

/** HA's REST API (reference/homeassistant.md §4.3): read a state, call a service. */
export interface HaRest {
  /** `GET /api/states/<entity_id>`; an unknown entity is BAD_RESPONSE, a bad token AUTH. */
  getState(entityId: string): Promise<HaState>;
  /**
   * `GET /api/calendars/<entity_id>?start=…&end=…`: a calendar's events overlapping the range, as HA's
   * API lists them (`start`/`end` as `{dateTime}` with an offset or `{date}`, `summary`, `uid`…).
   */
  getCalendarEvents(entityId: string, range: { start: string; end: string }): Promise<unknown[]>;
  /** `POST /api/services/<domain>/<service>` with `data` (e.g. `{entity_id}`). */
  callService(domain: string, service: string, data: Record<string, unknown>): Promise<void>;
}

/** The instance's base URL without trailing slashes or `/api` (users often paste the API URL). */
export function baseUrlOf(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/api$/, '');
}

/** A REST client for one HA instance; every failure is a DeviceError. */
export function createHaRest(connection: HaConnection): HaRest {
  const http = createHttp(baseUrlOf(connection.url), connection.timeoutMs, {
    Authorization: `Bearer ${connection.token}`,
    'Content-Type': 'application/json',
  });
  const request = async (config: Parameters<typeof http.request>[0], what: string) => {
    try {
      return await requestJson(http, config, what);
    } catch (error) {
      if (error instanceof DeviceError && error.message.endsWith('HTTP 404'))
        throw new DeviceError('BAD_RESPONSE', `${what}: not found in Home Assistant`, false);
      throw error;
    }
  };
  return {
    async getState(entityId) {
      const what = `Home Assistant ${entityId}`;
      const body = await request({ method: 'GET', url: `/api/states/${encodeURIComponent(entityId)}` }, what);
      return parseRestState(body, entityId);
    },
    async getCalendarEvents(entityId, range) {
      const what = `Home Assistant ${entityId} events`;
      const url = `/api/calendars/${encodeURIComponent(entityId)}`;
      const body = await request({ method: 'GET', url, params: range }, what);
      if (!Array.isArray(body)) throw new DeviceError('BAD_RESPONSE', `${what}: not a list of events`, true);
      return body;
    },
    async callService(domain, service, data) {
      const what = `Home Assistant ${domain}.${service}`;
      await request({ method: 'POST', url: `/api/services/${domain}/${service}`, data }, what);
    },
  };
}
