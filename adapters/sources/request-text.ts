import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import { DeviceError } from '../../src/errors.js';
import type { HttpClient } from '../http.js';
import { checkStatus, parseJson, transportError } from '../http.js';

/** A reply body as text with its status (2xx only; errors are thrown like `requestJson`). */
export interface TextReply {
  status: number;
  body: string;
}

/** One request for a non-JSON body (XML) or one that may legitimately be empty (HTTP 204). */
export async function requestText(
  http: HttpClient,
  config: AxiosRequestConfig,
  what: string,
): Promise<TextReply> {
  let response: AxiosResponse;
  try {
    response = await http.request(config);
  } catch (error) {
    throw transportError(error, what);
  }
  checkStatus(response, what);
  return { status: response.status, body: typeof response.data === 'string' ? response.data : '' };
}

/** JSON of a reply, or undefined for "no content yet" (HTTP 204 or an empty body). */
export function jsonOrNothing(reply: TextReply, what: string): unknown {
  if (reply.status === 204 || reply.body.trim() === '') return undefined;
  return parseJson(reply.body, what);
}

/** Throws BAD_RESPONSE naming the field that is missing or of the wrong kind. */
export function badShape(what: string, detail: string): DeviceError {
  return new DeviceError('BAD_RESPONSE', `${what}: unexpected reply (${detail})`, false);
}

/** Epoch ms of an ISO 8601 timestamp, or BAD_RESPONSE. */
export function parseInstant(text: unknown, what: string): number {
  const at = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(at)) throw badShape(what, `bad timestamp ${JSON.stringify(text)}`);
  return at;
}

/** A finite number from a number or numeric string, or BAD_RESPONSE. */
export function parseNumber(value: unknown, what: string, field: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw badShape(what, `${field} is ${JSON.stringify(value)}`);
  return n;
}
