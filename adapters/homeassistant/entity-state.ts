import { DeviceError } from '../../src/errors.js';

/** One entity's state as Home Assistant reports it, times as epoch ms. */
export interface HaState {
  entityId: string;
  /** Always a string in HA (`"21.5"`, `"on"`, `"unavailable"`). */
  state: string;
  attributes: Record<string, unknown>;
  /** When the state last changed or was written (epoch ms). */
  lastUpdatedAt?: number;
  /** When the integration last reported it, even unchanged (HA ≥ 2024.3; epoch ms). */
  lastReportedAt?: number;
}

/** Entity ids look like `sensor.grid_power`: a domain, a dot, an object id. */
export const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;

/** HA's placeholders for "no data" (reference/homeassistant.md §4.6). */
export function isNoData(state: string): boolean {
  return state === 'unknown' || state === 'unavailable' || state === '';
}

/** When HA last saw this value: `last_reported` when the HA version has it, else `last_updated`. */
export function observedAt(state: HaState): number | undefined {
  return state.lastReportedAt ?? state.lastUpdatedAt;
}

function isoToMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Reads a REST state object (`GET /api/states/<id>`); throws BAD_RESPONSE when its shape is wrong. */
export function parseRestState(body: unknown, entityId: string): HaState {
  const o = body as Record<string, unknown> | null;
  if (!o || typeof o !== 'object' || typeof o.state !== 'string')
    throw new DeviceError('BAD_RESPONSE', `${entityId}: Home Assistant sent no state object`, true);
  const attributes = o.attributes && typeof o.attributes === 'object' ? o.attributes : {};
  const result: HaState = {
    entityId: typeof o.entity_id === 'string' ? o.entity_id : entityId,
    state: o.state,
    attributes: attributes as Record<string, unknown>,
  };
  const updated = isoToMs(o.last_updated);
  const reported = isoToMs(o.last_reported);
  if (updated !== undefined) result.lastUpdatedAt = updated;
  if (reported !== undefined) result.lastReportedAt = reported;
  return result;
}

/** A state in the WebSocket `subscribe_entities` compressed form: `{s, a, lc, lu, lr}`, times in epoch s. */
export interface CompressedState {
  s?: unknown;
  a?: Record<string, unknown>;
  lc?: number;
  lu?: number;
  lr?: number;
}

/** Builds a state from a compressed snapshot entry (`lu` is omitted by HA when equal to `lc`). */
export function fromCompressed(entityId: string, c: CompressedState): HaState {
  const result: HaState = { entityId, state: String(c.s ?? ''), attributes: { ...(c.a ?? {}) } };
  const updatedS = c.lu ?? c.lc;
  if (typeof updatedS === 'number') result.lastUpdatedAt = Math.round(updatedS * 1000);
  if (typeof c.lr === 'number') result.lastReportedAt = Math.round(c.lr * 1000);
  return result;
}

/** Applies a compressed diff `{"+": {...}, "-": {a: [names]}}` to a known state. */
export function applyDiff(
  previous: HaState,
  diff: { '+'?: CompressedState; '-'?: { a?: string[] } },
): HaState {
  const next: HaState = { ...previous, attributes: { ...previous.attributes } };
  const plus = diff['+'];
  if (plus) {
    if (plus.s !== undefined) next.state = String(plus.s);
    if (plus.a) Object.assign(next.attributes, plus.a);
    const updatedS = plus.lu ?? plus.lc;
    if (typeof updatedS === 'number') next.lastUpdatedAt = Math.round(updatedS * 1000);
    if (typeof plus.lr === 'number') next.lastReportedAt = Math.round(plus.lr * 1000);
    else if (typeof updatedS === 'number') delete next.lastReportedAt;
  }
  for (const name of diff['-']?.a ?? []) delete next.attributes[name];
  return next;
}
