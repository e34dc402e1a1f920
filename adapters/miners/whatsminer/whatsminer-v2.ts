import { DeviceError } from '../../../src/errors.js';
import type { Clock, MinerInfo } from '../../../src/ports.js';
import { createCgminerClient } from '../../protocols/cgminer-client.js';
import { hashrateThs } from '../cgminer-readings.js';
import {
  flag,
  num,
  record,
  type WhatsminerApi,
  type WhatsminerReading,
  writeRefused,
} from './whatsminer-api.js';
import {
  aesEcbDecrypt,
  v2Credentials,
  v2Envelope,
  type WhatsminerV2Credentials,
} from './whatsminer-crypto.js';

/** How to reach a Whatsminer's API v2 (the cgminer port) and write to it. */
export interface WhatsminerV2Options {
  host: string;
  /** TCP port (4028). */
  port: number;
  timeoutMs: number;
  /** The admin password (changed from the default, with the API switch on). */
  password: string;
  clock: Clock;
}

// Write tokens expire after 30 min (pyasic; `whatsminer` PyPI readme); renew a little earlier.
const TOKEN_TTL_MS = 25 * 60_000;

interface V2Status {
  letter: string;
  code?: number;
  msg: unknown;
}

/** STATUS of a v2 reply: a bare letter with top-level Code/Msg (`status`, `get_token`, writes) or a cgminer array. */
function statusOf(reply: Record<string, unknown>): V2Status {
  const s = reply.STATUS;
  if (typeof s === 'string') return { letter: s, code: num(reply.Code), msg: reply.Msg };
  const first = record(Array.isArray(s) ? s[0] : s);
  return { letter: String(first.STATUS ?? '?'), code: num(first.Code), msg: first.Msg };
}

function failure(status: V2Status, what: string): DeviceError {
  const msg = typeof status.msg === 'string' ? status.msg : JSON.stringify(status.msg ?? '');
  const text = `${msg}${status.code === undefined ? '' : ` (code ${status.code})`}`;
  // Codes from the community list (reference §4.1): 45 permission denied, 135 check token error,
  // 136 token over max times, 14 invalid command; "can't access write cmd" = API switch off.
  if (status.code === 45 || /can'?t access|permission|denied/i.test(msg)) return writeRefused(what, text);
  if (status.code === 135) return writeRefused(what, `token refused, wrong admin password? ${text}`);
  if (status.code === 136) return new DeviceError('REFUSED', `${what}: ${text}; retry later`, true);
  if (status.code === 14) return new DeviceError('UNSUPPORTED', `${what}: ${text}`, false);
  return new DeviceError('REFUSED', `${what}: ${text}`, true);
}

/** Whatsminer API v2 (TCP 4028; writes in an AES-256-ECB envelope signed with md5-crypt; reference §4.1). */
export function createWhatsminerV2Api(options: WhatsminerV2Options): WhatsminerApi {
  const client = createCgminerClient({
    host: options.host,
    port: options.port,
    timeoutMs: options.timeoutMs,
  });
  const where = client.endpoint;
  let token: { credentials: WhatsminerV2Credentials; atMs: number } | undefined;

  async function plain(cmd: string): Promise<Record<string, unknown>> {
    const raw = await client.sendRaw(JSON.stringify({ cmd }), cmd);
    if (raw === undefined)
      throw new DeviceError('UNREACHABLE', `${where} ${cmd}: closed without a reply`, true);
    return record(raw);
  }

  async function credentials(): Promise<WhatsminerV2Credentials> {
    if (token && options.clock.now() - token.atMs < TOKEN_TTL_MS) return token.credentials;
    const reply = await plain('get_token');
    const status = statusOf(reply);
    if (!['S', 'I'].includes(status.letter)) throw failure(status, `${where} get_token`);
    const msg = record(status.msg);
    const { time, salt, newsalt } = msg;
    if (typeof time !== 'string' || typeof salt !== 'string' || typeof newsalt !== 'string')
      throw new DeviceError('BAD_RESPONSE', `${where} get_token: no time/salt/newsalt in the reply`, true);
    const credentials = v2Credentials(options.password, { time, salt, newsalt });
    token = { credentials, atMs: options.clock.now() };
    return credentials;
  }

  /** One privileged command; a connection closed without a reply counts as sent (power_off, reboots). */
  async function write(cmd: string, params: Record<string, string>, retried = false): Promise<void> {
    const what = `${where} ${cmd}`;
    const creds = await credentials();
    const raw = await client.sendRaw(v2Envelope(cmd, params, creds), cmd);
    if (raw === undefined) return; // asic-rs: power_off/reboot drop the socket before answering
    let reply = record(raw);
    if (typeof reply.enc === 'string') {
      try {
        reply = record(JSON.parse(aesEcbDecrypt(creds.key, reply.enc)));
      } catch (error) {
        throw new DeviceError(
          'BAD_RESPONSE',
          `${what}: undecryptable reply (${(error as Error).message})`,
          true,
        );
      }
    }
    const status = statusOf(reply);
    if (['S', 'I'].includes(status.letter)) return;
    if (status.code === 135 && !retried) {
      token = undefined; // expired early (a reboot): one fresh token
      return write(cmd, params, true);
    }
    throw failure(status, what);
  }

  return {
    version: 'v2',
    async read(): Promise<WhatsminerReading> {
      const summary = (await client.command('summary')).sections.SUMMARY?.[0] ?? {};
      const ths = hashrateThs(summary);
      let running = (ths ?? 0) > 0;
      const status = statusOf(await plain('status'));
      if (['S', 'I'].includes(status.letter)) {
        const msg = record(status.msg);
        const off = flag(msg.mineroff ?? msg.btmineroff);
        if (off !== undefined) running = !off;
      }
      const reading: WhatsminerReading = { running };
      const power = num(summary.Power);
      const limit = num(summary['Power Limit']);
      const chip = num(summary['Chip Temp Max']) ?? num(summary.Temperature);
      const uptime = num(summary.Elapsed);
      if (power !== undefined) reading.powerW = power;
      if (limit !== undefined) reading.powerLimitW = limit;
      if (ths !== undefined) reading.ths = ths;
      if (chip !== undefined) reading.chipTempC = chip;
      if (uptime !== undefined) reading.uptimeS = uptime;
      return reading;
    },
    async identity(): Promise<MinerInfo> {
      const version = record(statusOf(await plain('get_version')).msg);
      const summary = (await client.command('summary')).sections.SUMMARY?.[0] ?? {};
      const details = await client.command('devdetails').catch(() => undefined);
      const model = details?.sections.DEVDETAILS?.[0]?.Model;
      const fw = String(version.fw_ver ?? summary['Firmware Version'] ?? '').replace(/'/g, '');
      const serial = typeof summary.MAC === 'string' ? summary.MAC : undefined;
      return {
        family: 'whatsminer',
        model: typeof model === 'string' && model ? `Whatsminer ${model}` : 'Whatsminer',
        firmware: fw ? `${fw} (API v2)` : 'API v2',
        ...(serial ? { serial } : {}),
      };
    },
    setMining: (on) => (on ? write('power_on', {}) : write('power_off', { respbefore: 'true' })),
    setPowerLimit: (watts) => write('adjust_power_limit', { power_limit: String(Math.round(watts)) }),
  };
}
