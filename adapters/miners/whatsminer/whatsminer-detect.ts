import { DeviceError } from '../../../src/errors.js';
import type { Clock } from '../../../src/ports.js';
import { createCgminerClient } from '../../protocols/cgminer-client.js';
import { firmwareSpeaksV3, record, type WhatsminerApi, type WhatsminerApiVersion } from './whatsminer-api.js';
import { createWhatsminerV2Api } from './whatsminer-v2.js';
import { createWhatsminerV3Api } from './whatsminer-v3.js';
import { createWhatsminerV3Client } from './whatsminer-v3-client.js';

/** Where a Whatsminer is and how to write to it, whichever API it speaks. */
export interface WhatsminerEndpoint {
  host: string;
  /** API v2 (cgminer) port, 4028. */
  v2Port: number;
  /** API v3 port, 4433. */
  v3Port: number;
  timeoutMs: number;
  account: string;
  password: string;
  clock: Clock;
}

/** An API client of the given version. */
export function whatsminerApi(version: WhatsminerApiVersion, endpoint: WhatsminerEndpoint): WhatsminerApi {
  const { host, timeoutMs, password, clock } = endpoint;
  return version === 'v3'
    ? createWhatsminerV3Api({
        host,
        port: endpoint.v3Port,
        timeoutMs,
        account: endpoint.account,
        password,
        clock,
      })
    : createWhatsminerV2Api({ host, port: endpoint.v2Port, timeoutMs, password, clock });
}

async function answersV3(endpoint: WhatsminerEndpoint): Promise<boolean> {
  const client = createWhatsminerV3Client({
    host: endpoint.host,
    port: endpoint.v3Port,
    timeoutMs: endpoint.timeoutMs,
  });
  const reply = await client.send({ cmd: 'get.device.info', param: 'miner' });
  return reply.code === 0;
}

/**
 * Which API the miner speaks. Like asic-rs: ask `get_version` on the cgminer port and read the
 * firmware date (November 2024 and later = v3); when that port is closed or the date unreadable,
 * try `get.device.info` on the v3 port. A device that answers 4028 but not like a Whatsminer is
 * UNSUPPORTED; one that answers neither port fails with the transport error.
 */
export async function detectWhatsminerApi(endpoint: WhatsminerEndpoint): Promise<WhatsminerApiVersion> {
  let onV2: 'whatsminer' | 'other' | undefined;
  let firstError: unknown;
  try {
    const v2 = createCgminerClient({
      host: endpoint.host,
      port: endpoint.v2Port,
      timeoutMs: endpoint.timeoutMs,
    });
    const reply = record(await v2.sendRaw(JSON.stringify({ cmd: 'get_version' }), 'get_version'));
    const msg = reply.Msg;
    const answered = reply.STATUS === 'S' && typeof msg === 'object' && msg !== null;
    onV2 = answered ? 'whatsminer' : 'other';
    const speaksV3 = answered ? firmwareSpeaksV3(String(record(msg).fw_ver ?? '')) : undefined;
    if (speaksV3 !== undefined) return speaksV3 ? 'v3' : 'v2';
  } catch (error) {
    firstError = error;
  }
  let lastError: unknown;
  try {
    if (await answersV3(endpoint)) return 'v3';
  } catch (error) {
    lastError = error;
  }
  if (onV2 === 'whatsminer') return 'v2';
  if (onV2 === 'other') {
    throw new DeviceError(
      'UNSUPPORTED',
      `${endpoint.host}:${endpoint.v2Port} answers, but not like a Whatsminer (no get_version)`,
      false,
    );
  }
  throw (
    firstError ?? lastError ?? new DeviceError('UNSUPPORTED', `${endpoint.host}: not a Whatsminer`, false)
  );
}
