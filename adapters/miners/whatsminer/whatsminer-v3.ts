import { DeviceError } from '../../../src/errors.js';
import type { Clock, MinerInfo } from '../../../src/ports.js';
import {
  flag,
  num,
  record,
  type WhatsminerApi,
  type WhatsminerReading,
  writeRefused,
} from './whatsminer-api.js';
import { v3Token } from './whatsminer-crypto.js';
import { createWhatsminerV3Client, type WhatsminerV3Reply } from './whatsminer-v3-client.js';

/** How to reach a Whatsminer's API v3 and write to it. */
export interface WhatsminerV3Options {
  host: string;
  /** TCP port (4433). */
  port: number;
  timeoutMs: number;
  /** Write account, `super` on stock firmware. */
  account: string;
  password: string;
  clock: Clock;
}

// A refused write names the token, the account or the permission (exact codes are unpublished).
const AUTH_TEXT =
  /token|permission|denied|auth|account|passw|privilege|not allowed|forbidden|switch|disabled/i;

function messageOf(reply: WhatsminerV3Reply): string {
  return typeof reply.msg === 'string' ? reply.msg : JSON.stringify(reply.msg ?? '');
}

/** Whatsminer API v3 (TCP 4433, length-framed JSON, per-command SHA-256 token; reference miners.md §4.2). */
export function createWhatsminerV3Api(options: WhatsminerV3Options): WhatsminerApi {
  const client = createWhatsminerV3Client(options);
  let salt: string | undefined;

  async function get(cmd: string, param?: string): Promise<Record<string, unknown>> {
    const reply = await client.send(param === undefined ? { cmd } : { cmd, param });
    if (reply.code !== 0) {
      const msg = messageOf(reply);
      const text = `${client.endpoint} ${cmd}: ${msg} (code ${reply.code})`;
      if (AUTH_TEXT.test(msg)) throw writeRefused(`${client.endpoint} ${cmd}`, `${msg} (code ${reply.code})`);
      throw new DeviceError(/invalid|unknown|not support/i.test(msg) ? 'UNSUPPORTED' : 'REFUSED', text);
    }
    return record(reply.msg);
  }

  async function saltNow(): Promise<string> {
    if (salt) return salt;
    const value = (await get('get.device.info', 'salt')).salt;
    if (typeof value !== 'string' || value === '')
      throw new DeviceError('BAD_RESPONSE', `${client.endpoint} get.device.info: no salt in the reply`, true);
    salt = value;
    return value;
  }

  async function set(cmd: string, param: string | number | undefined, retried = false): Promise<void> {
    const what = `${client.endpoint} ${cmd}`;
    const s = await saltNow();
    const ts = Math.floor(options.clock.now() / 1000);
    const token = v3Token(cmd, options.password, s, ts);
    const reply = await client.send({
      cmd,
      ...(param === undefined ? {} : { param }),
      ts,
      token,
      account: options.account,
    });
    if (reply.code === 0) return;
    const msg = messageOf(reply);
    if (AUTH_TEXT.test(msg)) {
      // The salt may have changed (a factory reset, a new password): fetch it once more.
      if (!retried) {
        salt = undefined;
        return set(cmd, param, true);
      }
      throw writeRefused(what, `write refused for account "${options.account}" (${msg}, code ${reply.code})`);
    }
    throw new DeviceError(
      'REFUSED',
      `${what}: ${msg} (code ${reply.code})`,
      !/range|exceed|invalid/i.test(msg),
    );
  }

  return {
    version: 'v3',
    async read(): Promise<WhatsminerReading> {
      const info = await get('get.device.info', 'miner');
      const miner = record(info.miner ?? info);
      const summary = record((await get('get.miner.status', 'summary')).summary);
      const ths = num(summary['hash-realtime']);
      const reading: WhatsminerReading = { running: flag(miner.working) ?? (ths ?? 0) > 0 };
      const fields: [keyof WhatsminerReading, unknown][] = [
        ['powerW', summary['power-realtime']],
        ['powerLimitW', summary['power-limit']],
        ['ths', ths],
        ['chipTempC', summary['chip-temp-max']],
        ['uptimeS', summary.elapsed],
      ];
      for (const [key, raw] of fields) {
        const value = num(raw);
        if (value !== undefined) (reading as unknown as Record<string, number>)[key] = value;
      }
      return reading;
    },
    async identity(): Promise<MinerInfo> {
      const info = await get('get.device.info');
      const miner = record(info.miner);
      const system = record(info.system);
      const network = record(info.network);
      const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
      const model = text(miner.type);
      const firmware = text(system.fwversion);
      const serial = text(miner['miner-sn']) ?? text(network.mac);
      return {
        family: 'whatsminer',
        model: model ? `Whatsminer ${model}` : 'Whatsminer',
        ...(firmware ? { firmware: `${firmware} (API v3)` } : { firmware: 'API v3' }),
        ...(serial ? { serial } : {}),
      };
    },
    setMining: (on) => set('set.miner.service', on ? 'start' : 'stop'),
    setPowerLimit: (watts) => set('set.miner.power_limit', Math.round(watts)),
  };
}
