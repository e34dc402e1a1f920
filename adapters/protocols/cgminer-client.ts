import { createConnection } from 'node:net';
import { DeviceError } from '../../src/errors.js';
import { parseCgminerJson, stripTerminator } from './cgminer-json.js';
import { type CgminerReply, checked, splitJoined, toReply } from './cgminer-reply.js';
import { parseTextReply } from './cgminer-text.js';

/** Request syntax: JSON `{"command":..,"parameter":..}` or text `command|parameter`. */
export type CgminerForm = 'json' | 'text';

/** Where and how to talk to one cgminer-API device. */
export interface CgminerClientOptions {
  host: string;
  /** TCP port (cgminer default 4028). */
  port: number;
  /** Bound on one request: connect, write, read until NUL or close (ms). */
  timeoutMs: number;
  form?: CgminerForm;
  /** Larger replies are rejected as BAD_RESPONSE (bytes). */
  maxReplyBytes?: number;
}

/** A cgminer RPC client: one request per TCP connection, calls to the device serialised. */
export interface CgminerClient {
  /** `host:port`, for messages. */
  readonly endpoint: string;
  /** One command; throws a typed DeviceError for transport failures and W/E/F replies. */
  command(command: string, parameter?: string): Promise<CgminerReply>;
  /** Like `command`, but a connection closed without any reply resolves `undefined` (Avalon `softon`). */
  commandOrSilence(command: string, parameter?: string): Promise<CgminerReply | undefined>;
  /** One command whose reply is returned whatever its STATUS (the caller reads the message). */
  request(command: string, parameter?: string): Promise<CgminerReply>;
  /** Joined report commands (`summary+devs`): a reply or typed error per command; throws if the join is refused. */
  multi(commands: readonly string[]): Promise<Record<string, CgminerReply | DeviceError>>;
  /** The device clock of the last reply (epoch s, or seconds since boot on devices without NTP). */
  lastWhenS(): number | undefined;
  /**
   * Sends `payload` exactly as given and returns the reply parsed as (lenient) JSON, whatever its
   * shape; `undefined` when the device closed without a reply. For dialects whose replies are not
   * cgminer-shaped (Whatsminer API v2 `status` and its encrypted write envelope).
   */
  sendRaw(payload: string, label: string): Promise<unknown>;
}

const NETWORK_CODES =
  /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|ENOTFOUND|EAI_AGAIN|ECONNABORTED/;

function socketError(error: NodeJS.ErrnoException, what: string): DeviceError {
  const code = error.code ?? '';
  if (code === 'ETIMEDOUT')
    return new DeviceError('TIMEOUT', `${what}: connect timed out`, true, { cause: error });
  const kind = NETWORK_CODES.test(code) ? code : error.message;
  return new DeviceError('UNREACHABLE', `${what}: ${kind}`, true, { cause: error });
}

/** Sends `payload` in one write and reads until the NUL terminator or the close; `undefined` = closed silently. */
function exchange(options: CgminerClientOptions, payload: string, what: string): Promise<string | undefined> {
  const max = options.maxReplyBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const socket = createConnection({ host: options.host, port: options.port });
    const text = () => (size === 0 ? undefined : Buffer.concat(chunks).toString('utf8'));
    const finish = (error: DeviceError | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(text());
    };
    const timer = setTimeout(
      () => finish(new DeviceError('TIMEOUT', `${what}: no reply within ${options.timeoutMs} ms`, true)),
      options.timeoutMs,
    );
    socket.setNoDelay(true);
    // One write: cgminer does a single recv() and treats whatever arrived as the whole request.
    socket.once('connect', () => socket.write(payload));
    socket.on('data', (chunk: Buffer) => {
      const nul = chunk.indexOf(0);
      const part = nul >= 0 ? chunk.subarray(0, nul) : chunk;
      chunks.push(part);
      size += part.length;
      if (size > max)
        finish(new DeviceError('BAD_RESPONSE', `${what}: reply larger than ${max} bytes`, true));
      else if (nul >= 0) finish(undefined);
    });
    // A missing NUL is tolerated: the close ends the reply.
    socket.on('end', () => finish(undefined));
    socket.on('close', () => finish(undefined));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(socketError(error, what)));
  });
}

function encode(form: CgminerForm, command: string, parameter?: string): string {
  if (form === 'text') return parameter === undefined ? command : `${command}|${parameter}`;
  // `parameter` must be one comma-separated string, never an array (asic-rs PR #223).
  return JSON.stringify(parameter === undefined ? { command } : { command, parameter });
}

function decode(body: string, command: string, what: string): { value: unknown; truncated: boolean } {
  const text = stripTerminator(body);
  if (text.startsWith('STATUS=') || text.startsWith('CMD=')) {
    return { value: parseTextReply(text, command), truncated: false };
  }
  try {
    const parsed = parseCgminerJson(text);
    return { value: parsed.value, truncated: parsed.truncated };
  } catch (error) {
    throw new DeviceError('BAD_RESPONSE', `${what}: ${(error as Error).message}`, true, { cause: error });
  }
}

/** Creates a client for one device. It holds no connection between calls, so there is nothing to close. */
export function createCgminerClient(options: CgminerClientOptions): CgminerClient {
  const form = options.form ?? 'json';
  const endpoint = `${options.host}:${options.port}`;
  let tail: Promise<unknown> = Promise.resolve();
  let whenS: number | undefined;

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };

  const raw = (command: string, parameter: string | undefined, allowSilence: boolean) =>
    serial(async () => {
      const what = `${endpoint} ${command}${parameter === undefined ? '' : `|${parameter}`}`;
      const body = await exchange(options, encode(form, command, parameter), what);
      if (body === undefined) {
        if (allowSilence) return { what, value: undefined, truncated: false };
        throw new DeviceError('UNREACHABLE', `${what}: connection closed without a reply`, true);
      }
      return { what, ...decode(body, command, what) };
    });

  const single = async (command: string, parameter: string | undefined, allowSilence: boolean) => {
    const { what, value, truncated } = await raw(command, parameter, allowSilence);
    if (value === undefined) return undefined;
    const reply = toReply(command, value, { what, truncated });
    if (reply.status.When !== undefined) whenS = reply.status.When;
    return { what, reply };
  };

  return {
    endpoint,
    async command(command, parameter) {
      const result = (await single(command, parameter, false))!;
      return checked(result.reply, result.what);
    },
    async commandOrSilence(command, parameter) {
      const result = await single(command, parameter, true);
      return result && checked(result.reply, result.what);
    },
    async request(command, parameter) {
      return (await single(command, parameter, false))!.reply;
    },
    async multi(commands) {
      const joined = commands.join('+');
      const { what, value } = await raw(joined, undefined, false);
      const replies = splitJoined(commands, value, what);
      for (const reply of Object.values(replies))
        if (!(reply instanceof DeviceError) && reply.status.When !== undefined) whenS = reply.status.When;
      return replies;
    },
    lastWhenS: () => whenS,
    sendRaw: (payload, label) =>
      serial(async () => {
        const what = `${endpoint} ${label}`;
        const body = await exchange(options, payload, what);
        return body === undefined ? undefined : decode(body, label, what).value;
      }),
  };
}
