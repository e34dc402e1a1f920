import { createConnection } from 'node:net';
import { DeviceError } from '../../../src/errors.js';

/** A parsed API v3 reply: `code` 0 is success; `msg` is an object for reads and `"ok"` for writes. */
export interface WhatsminerV3Reply {
  code: number;
  msg: unknown;
  when?: number;
  desc?: string;
}

/** Where one Whatsminer API v3 endpoint is and how long one request may take. */
export interface WhatsminerV3Options {
  host: string;
  /** TCP port (4433 on the miner). */
  port: number;
  timeoutMs: number;
  /** Larger frames are rejected as BAD_RESPONSE (bytes). */
  maxFrameBytes?: number;
}

const NETWORK = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|ENOTFOUND|EAI_AGAIN|ECONNABORTED/;

/** `[u32 little-endian length][payload]` — the framing of both directions (pyasic/asic-rs v3 rpc). */
export function frame(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** One request on its own connection; resolves the first non-empty frame's text (empty frames are heartbeats). */
function exchange(options: WhatsminerV3Options, payload: string, what: string): Promise<string> {
  const max = options.maxFrameBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    let done = false;
    const socket = createConnection({ host: options.host, port: options.port });
    const finish = (error: DeviceError | undefined, text?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(text ?? '');
    };
    const timer = setTimeout(
      () => finish(new DeviceError('TIMEOUT', `${what}: no reply within ${options.timeoutMs} ms`, true)),
      options.timeoutMs,
    );
    socket.once('connect', () => socket.write(frame(payload)));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 4) {
        const length = buffer.readUInt32LE(0);
        if (length > max) {
          finish(
            new DeviceError('BAD_RESPONSE', `${what}: frame of ${length} bytes is not a v3 reply`, true),
          );
          return;
        }
        if (buffer.length < 4 + length) return;
        const body = buffer.subarray(4, 4 + length);
        buffer = buffer.subarray(4 + length);
        if (length > 0) {
          finish(undefined, body.toString('utf8'));
          return;
        }
      }
    });
    const closed = () =>
      finish(
        buffer.length > 0
          ? new DeviceError('BAD_RESPONSE', `${what}: connection closed mid-frame`, true)
          : new DeviceError('UNREACHABLE', `${what}: connection closed without a reply`, true),
      );
    socket.on('end', closed);
    socket.on('close', closed);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (code === 'ETIMEDOUT') finish(new DeviceError('TIMEOUT', `${what}: connect timed out`, true));
      else
        finish(new DeviceError('UNREACHABLE', `${what}: ${NETWORK.test(code) ? code : error.message}`, true));
    });
  });
}

function parseReply(text: string, what: string): WhatsminerV3Reply {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const head = text.slice(0, 60).replace(/[^\x20-\x7e]/g, '.');
    throw new DeviceError('BAD_RESPONSE', `${what}: not JSON (${head || 'empty'})`, true);
  }
  const reply = value as Partial<WhatsminerV3Reply> | null;
  if (typeof reply !== 'object' || reply === null || typeof reply.code !== 'number') {
    throw new DeviceError('BAD_RESPONSE', `${what}: reply has no numeric "code"`, true);
  }
  return reply as WhatsminerV3Reply;
}

/** A Whatsminer API v3 client: one framed JSON request per connection, calls serialised. */
export interface WhatsminerV3Client {
  readonly endpoint: string;
  /** Sends `request` (it must carry `cmd`) and returns the reply whatever its code. */
  send(request: Record<string, unknown>): Promise<WhatsminerV3Reply>;
}

/** Creates a client for one miner; it holds no connection between calls. */
export function createWhatsminerV3Client(options: WhatsminerV3Options): WhatsminerV3Client {
  const endpoint = `${options.host}:${options.port}`;
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    endpoint,
    send: (request) =>
      serial(async () => {
        const what = `${endpoint} ${String(request.cmd)}`;
        return parseReply(await exchange(options, JSON.stringify(request), what), what);
      }),
  };
}
