import type { AxiosResponse } from 'axios';
import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import type { HttpClient } from '../../http.js';
import { checkStatus, parseJson, transportError } from '../../http.js';
import { parseReply } from '../reply.js';

/** The fields of `GET /api/system/info` the adapter uses (units as AxeOS sends them). */
export const systemInfoSchema = z.object({
  /** W */
  power: z.number().optional(),
  /** GH/s */
  hashRate: z.number().optional(),
  /** average chip temperature, °C */
  temp: z.number().optional(),
  /** configured ASIC frequency, MHz (a float on newer firmware) */
  frequency: z.number(),
  /** configured core voltage, mV */
  coreVoltage: z.number(),
  uptimeSeconds: z.number().optional(),
  /** v2.14.0+; absent on firmware without pause/resume */
  miningPaused: z.boolean().optional(),
  overheat_mode: z.number().optional(),
  /** fan speed, %: the live speed on v2.11.0+, the manual setting (while `autofanspeed` is 0) before */
  fanspeed: z.number().optional(),
  /** v2.11.0+: the manual fan speed setting, % (renamed from `fanspeed`) */
  manualFanSpeed: z.number().optional(),
  /** 1 = the firmware's temperature control sets the fan, 0 = the manual speed */
  autofanspeed: z.number().optional(),
  ASICModel: z.string().optional(),
  boardVersion: z.string().optional(),
  version: z.string().optional(),
  hostname: z.string().optional(),
  macAddr: z.string().optional(),
});

/** A parsed `/api/system/info` reply. */
export type SystemInfo = z.infer<typeof systemInfoSchema>;

function bodyText(response: AxiosResponse): string {
  return typeof response.data === 'string' ? response.data : '';
}

/**
 * One AxeOS call. 401 means the device's network check refused us (AxeOS has no credentials);
 * 400 is a refused setting (`Wrong API input`); 404/405 a firmware without that endpoint.
 * Returns the parsed JSON body, or undefined for the empty 200 that `PATCH /api/system` sends.
 */
export async function axeosRequest(
  http: HttpClient,
  request: { method: 'GET' | 'POST' | 'PATCH'; path: string; body?: unknown },
): Promise<unknown> {
  const what = `AxeOS ${request.method} ${request.path}`;
  let response: AxiosResponse;
  try {
    response = await http.request({
      method: request.method,
      url: request.path,
      ...(request.body !== undefined
        ? { data: request.body, headers: { 'content-type': 'application/json' } }
        : {}),
    });
  } catch (error) {
    throw transportError(error, what);
  }
  if (response.status === 401) {
    throw new DeviceError(
      'AUTH',
      `${what}: HTTP 401; AxeOS only answers clients on a private network (10/8, 172.16/12, 192.168/16) ` +
        'whose Origin header, if sent, is private too',
      false,
    );
  }
  if (response.status === 400)
    throw new DeviceError('REFUSED', `${what}: ${bodyText(response).trim() || 'HTTP 400'}`, false);
  if (response.status === 404 || response.status === 405)
    throw new DeviceError(
      'UNSUPPORTED',
      `${what}: HTTP ${response.status}; this firmware lacks the endpoint`,
      false,
    );
  checkStatus(response, what);
  const text = bodyText(response);
  return text.trim() === '' ? undefined : parseJson(text, what);
}

/** Reads `GET /api/system/info`. */
export async function readSystemInfo(http: HttpClient): Promise<SystemInfo> {
  const reply = await axeosRequest(http, { method: 'GET', path: '/api/system/info' });
  return parseReply(systemInfoSchema, reply, 'AxeOS GET /api/system/info');
}
