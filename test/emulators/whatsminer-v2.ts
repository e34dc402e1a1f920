import { createHash, randomBytes } from 'node:crypto';
import { md5CryptHash } from '../../adapters/miners/whatsminer/md5-crypt.js';
import { aesEcbDecrypt, aesEcbEncrypt } from '../../adapters/miners/whatsminer/whatsminer-crypto.js';
import { startTcpEmulator, type TcpAnswer, type TcpEmulator } from './tcp-emulator.js';
import type { WhatsminerModel } from './whatsminer.js';

const TOKEN_LIFE_MS = 30 * 60_000;
const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function salt(): string {
  return [...randomBytes(8)].map((b) => SALT_CHARS[b % SALT_CHARS.length]).join('');
}

const json = (value: unknown): TcpAnswer => ({ bytes: Buffer.from(JSON.stringify(value)) });

/**
 * API v2 on the cgminer port (reference miners.md §4.1): cgminer-shaped `summary`/`devdetails`,
 * btminer-shaped `status`/`get_version`/`get_token` (STATUS a bare letter, Msg an object), and
 * writes inside `{"enc":1,"data":...}` checked against md5-crypt tokens, answered encrypted.
 */
export async function startWhatsminerV2(model: WhatsminerModel, down: () => boolean): Promise<TcpEmulator> {
  const { options, state } = model;
  const fw = options.firmware === 'v3' ? '20250321.22.REL' : '20230911.12.REL';
  let token: { time: string; salt: string; newsalt: string; atMs: number } | undefined;
  const nowS = () => Math.floor(model.now() / 1000);
  const bare = (letter: string, code: number, msg: unknown) => ({
    STATUS: letter,
    When: nowS(),
    Code: code,
    Msg: msg,
    Description: '',
  });
  const cg = (code: number, msg: string, section: string, row: Record<string, unknown>) => ({
    STATUS: [{ STATUS: 'S', When: nowS(), Code: code, Msg: msg, Description: 'btminer' }],
    [section]: [row],
    id: 1,
  });

  const reads: Record<string, () => unknown> = {
    summary: () => {
      const r = model.readings();
      const mhs = r.ths * 1e6;
      return cg(11, 'Summary', 'SUMMARY', {
        Elapsed: r.elapsedS,
        'MHS av': mhs,
        'MHS 5s': mhs,
        'MHS 1m': mhs,
        'HS RT': mhs,
        Temperature: r.chipTempC - 10,
        'Chip Temp Max': r.chipTempC,
        Power: r.powerW,
        'Power Limit': state.powerLimitW,
        'Power Mode': 'Normal',
        'Firmware Version': `'${fw}'`,
        MAC: 'C6:08:1E:00:2A:91',
      });
    },
    devdetails: () =>
      cg(69, 'Device Details', 'DEVDETAILS', { DEVDETAILS: 0, Name: 'SM', ID: 0, Model: 'M50S' }),
    status: () =>
      bare('S', 131, {
        mineroff: String(!state.mining),
        mineroff_reason: '',
        power_limit_set: String(state.powerLimitW),
        FirmwareVersion: fw,
      }),
    get_version: () => bare('S', 131, { api_ver: '2.0.5', fw_ver: fw, platform: 'H6OS', chip: 'K210' }),
    get_token: () => {
      if (!options.writesEnabled) return bare('E', 45, "can't access write cmd");
      token = { time: String(nowS()), salt: salt(), newsalt: salt(), atMs: model.now() };
      return bare('S', 134, { time: token.time, salt: token.salt, newsalt: token.newsalt });
    },
  };

  function write(envelope: Record<string, unknown>): TcpAnswer {
    const refused = json(bare('E', 135, 'check token error'));
    if (!token || model.now() - token.atMs > TOKEN_LIFE_MS || typeof envelope.data !== 'string')
      return refused;
    const passwdMd5 = md5CryptHash(options.password, token.salt);
    const key = createHash('sha256').update(passwdMd5).digest();
    let inner: Record<string, unknown>;
    try {
      inner = JSON.parse(aesEcbDecrypt(key, envelope.data)) as Record<string, unknown>;
    } catch {
      return refused; // a wrong password gives a wrong key: the plaintext is noise
    }
    if (inner.token !== md5CryptHash(passwdMd5 + token.time, token.newsalt)) return refused;
    if (!options.writesEnabled) return json(bare('E', 45, "can't access write cmd"));
    const params = Object.entries(inner).filter(([k]) => k !== 'cmd' && k !== 'token');
    model.log(
      `v2 ${String(inner.cmd)}${params.length ? ` ${JSON.stringify(Object.fromEntries(params))}` : ''}`,
    );
    const encrypted = (reply: unknown): TcpAnswer => json({ enc: aesEcbEncrypt(key, JSON.stringify(reply)) });
    switch (inner.cmd) {
      case 'power_off':
        state.mining = false;
        if (options.closeOnPowerOff) return { close: true };
        return encrypted(bare('S', 131, 'API command OK'));
      case 'power_on':
        state.mining = true;
        return encrypted(bare('S', 131, 'API command OK'));
      case 'adjust_power_limit': {
        const error = model.setLimit(Number(inner.power_limit));
        return encrypted(error ? bare('E', 132, error) : bare('S', 131, 'API command OK'));
      }
      default:
        return encrypted(bare('E', 14, 'invalid cmd'));
    }
  }

  function answer(request: Buffer): TcpAnswer {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(request.toString('utf8')) as Record<string, unknown>;
    } catch {
      return json(bare('E', 23, 'invalid JSON'));
    }
    if (parsed.enc === 1) return write(parsed);
    // The official docs send {"cmd":..}; pyasic sends {"command":..} for reads: both work.
    const cmd = String(parsed.cmd ?? parsed.command ?? '');
    model.log(`v2 ${cmd}`);
    const read = reads[cmd];
    return json(read ? read() : bare('E', 14, 'invalid cmd'));
  }

  return startTcpEmulator({
    // A single recv(): the first chunk is the whole request, as on every cgminer-derived firmware.
    takeRequest: (buffer) => (buffer.length > 0 ? { request: buffer, rest: Buffer.alloc(0) } : undefined),
    answer,
    down,
    slowMs: options.slowMs,
    garbage: () => Buffer.from('\u0015\u0003garbage<html>busy</html>'),
    authAnswer: (request) => {
      const cmd = /"(?:cmd|command)"\s*:\s*"(\w+)"/.exec(request.toString('utf8'))?.[1] ?? '';
      const denied = { STATUS: 'E', When: nowS(), Code: 45, Msg: 'Permission denied', Description: '' };
      return json(['summary', 'devdetails'].includes(cmd) ? { STATUS: [denied], id: 1 } : denied);
    },
  });
}
