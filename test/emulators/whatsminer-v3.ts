import { v3Token } from '../../adapters/miners/whatsminer/whatsminer-crypto.js';
import { frame } from '../../adapters/miners/whatsminer/whatsminer-v3-client.js';
import { startTcpEmulator, type TcpAnswer, type TcpEmulator } from './tcp-emulator.js';
import type { WhatsminerModel } from './whatsminer.js';

// Error codes of refused v3 writes are not published (reference §11); these texts are what the
// adapter must cope with: a message naming the token or the permission, a non-zero code.
const INVALID_TOKEN = { code: -2, msg: 'invalid token' };
const WRITES_OFF = { code: -2, msg: 'permission denied: API switch is off' };

/**
 * API v3 on its own port (reference miners.md §4.2): 4-byte little-endian length framing both ways,
 * lower-case replies `{code, when, msg, desc}`, reads open, `set.*` checked against
 * base64(sha256(cmd + password + salt + ts))[:8] for the `super` account.
 */
export async function startWhatsminerV3(model: WhatsminerModel, down: () => boolean): Promise<TcpEmulator> {
  const { options, state } = model;
  const salt = 'kZ3rT9aQ';
  const reply = (cmd: string, code: number, msg: unknown): TcpAnswer => ({
    bytes: frame(JSON.stringify({ code, when: Math.floor(model.now() / 1000), msg, desc: cmd })),
  });
  const miner = () => ({
    working: String(state.mining),
    type: 'M50S_VH20',
    'miner-sn': 'HTM50SVH20250321A0042',
    'hash-board': 'H20',
    cointype: 'BTC',
  });
  const sections: Record<string, () => unknown> = {
    miner,
    salt: () => salt,
    system: () => ({ api: '3.0.1', fwversion: '20250321.22.REL', platform: 'H6OS', ledstatus: 'auto' }),
    network: () => ({ mac: 'C6:08:1E:00:2A:91', hostname: 'WhatsMiner', ip: '127.0.0.1', proto: 'dhcp' }),
  };

  function read(cmd: string, param: unknown): TcpAnswer {
    if (cmd === 'get.device.info') {
      if (typeof param === 'string' && sections[param]) return reply(cmd, 0, { [param]: sections[param]!() });
      return reply(cmd, 0, Object.fromEntries(Object.entries(sections).map(([k, f]) => [k, f()])));
    }
    if (cmd === 'get.miner.status' && param === 'summary') {
      const r = model.readings();
      return reply(cmd, 0, {
        summary: {
          elapsed: r.elapsedS,
          'bootup-time': r.elapsedS + 40,
          'hash-realtime': r.ths,
          'hash-1min': r.ths,
          'hash-average': r.ths,
          'factory-hash': Number((options.maxPowerLimitW / options.jPerTh).toFixed(2)),
          'power-realtime': r.powerW,
          'power-5min': r.powerW,
          'power-limit': state.powerLimitW,
          'power-rate': r.ths > 0 ? Number((r.powerW / r.ths).toFixed(1)) : 0,
          'chip-temp-min': r.chipTempC - 12,
          'chip-temp-avg': r.chipTempC - 5,
          'chip-temp-max': r.chipTempC,
          'environment-temperature': 21,
          'fan-speed-in': 4200,
          'fan-speed-out': 4150,
        },
      });
    }
    return reply(cmd, -1, 'invalid cmd');
  }

  function write(request: Record<string, unknown>): TcpAnswer {
    const cmd = String(request.cmd);
    const { code, msg } = (() => {
      if (request.account !== 'super') return INVALID_TOKEN;
      const expected = v3Token(cmd, options.password, salt, Number(request.ts));
      if (request.token !== expected) return INVALID_TOKEN;
      if (!options.writesEnabled) return WRITES_OFF;
      return { code: 0, msg: 'ok' };
    })();
    model.log(
      `v3 ${cmd}${request.param === undefined ? '' : ` ${String(request.param)}`}${code ? ' (refused)' : ''}`,
    );
    if (code !== 0) return reply(cmd, code, msg);
    if (cmd === 'set.miner.service') {
      if (request.param === 'stop') state.mining = false;
      else if (request.param === 'start') state.mining = true;
      else return reply(cmd, -1, 'invalid param');
      return reply(cmd, 0, 'ok');
    }
    if (cmd === 'set.miner.power_limit') {
      const error = model.setLimit(Number(request.param));
      return error ? reply(cmd, -1, error) : reply(cmd, 0, 'ok');
    }
    return reply(cmd, -1, 'invalid cmd');
  }

  function answer(body: Buffer): TcpAnswer {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return reply('', -1, 'invalid json');
    }
    const cmd = String(request.cmd ?? '');
    if (cmd.startsWith('set.')) return write(request);
    model.log(`v3 ${cmd}${request.param === undefined ? '' : ` ${String(request.param)}`}`);
    return read(cmd, request.param);
  }

  return startTcpEmulator({
    takeRequest(buffer) {
      if (buffer.length < 4) return undefined;
      const length = buffer.readUInt32LE(0);
      if (buffer.length < 4 + length) return undefined;
      return { request: buffer.subarray(4, 4 + length), rest: buffer.subarray(4 + length) };
    },
    answer,
    down,
    slowMs: options.slowMs,
    garbage: () => frame('<html><body>502 Bad Gateway</body></html>'),
    authAnswer: () => reply('', WRITES_OFF.code, WRITES_OFF.msg),
  });
}
