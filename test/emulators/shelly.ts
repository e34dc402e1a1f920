import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { EmulatorHandle, Fault } from '../contract/miner-contract.js';

/** How to build an emulated Shelly Gen2+ plug. */
export interface ShellyEmulatorOptions {
  /** Enables digest authentication (user `admin`, realm = device id), like `Shelly.SetAuth`. */
  password?: string;
  /** Number of switch channels (ids 0…n−1). */
  switchCount?: number;
  /** Power the attached load draws while the relay is on (W). */
  loadW?: number;
  /** Plugs without metering (Plus 1) report no `apower`. */
  metered?: boolean;
  /** Firmware 2.0+: a nonce may be reused with a rising nc; older firmware challenges every request. */
  nonceReuse?: boolean;
  /** Delay of a reply under the `slow` fault (ms). */
  slowMs?: number;
  initialOn?: boolean;
}

/** One RPC call the emulator received. */
export interface ShellyRequest {
  httpMethod: string;
  path: string;
  rpcMethod: string;
  params: Record<string, unknown>;
  frameId?: unknown;
  /** An Authorization header was sent / it was accepted. */
  sentAuth: boolean;
  authorized: boolean;
}

/** A running emulator: fault injection, relay and load state, and the log of calls received. */
export interface ShellyEmulator extends EmulatorHandle {
  /** `127.0.0.1:<port>`, what a config's `host` holds. */
  readonly host: string;
  readonly deviceId: string;
  readonly requests: ShellyRequest[];
  output(switchId?: number): boolean;
  setOutput(on: boolean, switchId?: number): void;
  setLoadW(powerW: number): void;
  /** A stuck relay (e.g. overheat protection) acknowledges Switch.Set but does not move. */
  setStuck(stuck: boolean): void;
  /** Most requests in flight at once (a serialising client keeps it at 1). */
  peakInFlight(): number;
}

type RpcError = { code: number; message: string };
type RpcFrame = { id?: unknown; method?: unknown; params?: unknown };
type Reply = { status: number; body: unknown; headers?: Record<string, string> };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function parseParams(query: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, raw] of query) {
    try {
      params[key] = JSON.parse(raw);
    } catch {
      params[key] = raw;
    }
  }
  return params;
}

function authFields(header: string | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  if (!header?.startsWith('Digest ')) return fields;
  for (const m of header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g))
    fields.set(m[1]!, m[2] ?? m[3]!);
  return fields;
}

/** Starts a Shelly Gen2+ emulator on 127.0.0.1 (random port): `POST /rpc` frames and `GET|POST /rpc/<Method>`. */
export async function startShellyEmulator(options: ShellyEmulatorOptions = {}): Promise<ShellyEmulator> {
  const deviceId = 'shellyplusplugs-e86beaeb0f80';
  const outputs = Array.from({ length: options.switchCount ?? 1 }, () => options.initialOn ?? false);
  let loadW = options.loadW ?? 100;
  let fault: Fault = 'none';
  let stuck = false;
  let inFlight = 0;
  let peak = 0;
  const requests: ShellyRequest[] = [];
  const nonces = new Map<string, number>(); // issued nonce → last nc seen
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function checkAuth(req: IncomingMessage): boolean {
    const f = authFields(req.headers.authorization);
    const nonce = f.get('nonce') ?? '';
    const nc = Number.parseInt(f.get('nc') ?? '', 16);
    const lastNc = nonces.get(nonce);
    if (fault === 'auth' || lastNc === undefined || !(nc > lastNc)) return false;
    if (f.get('username') !== 'admin' || f.get('realm') !== deviceId || f.get('uri') !== req.url)
      return false;
    const ha1 = sha256(`admin:${deviceId}:${options.password}`);
    const ha2 = sha256(`${req.method}:${req.url}`);
    const expected = sha256(`${ha1}:${nonce}:${f.get('nc')}:${f.get('cnonce')}:auth:${ha2}`);
    if (f.get('response') !== expected) return false;
    if (options.nonceReuse === false) nonces.delete(nonce);
    else nonces.set(nonce, nc);
    return true;
  }

  function switchStatus(id: number) {
    const on = outputs[id]!;
    const apower = on ? loadW : 0;
    return {
      id,
      source: 'HTTP',
      output: on,
      ...(options.metered === false
        ? {}
        : {
            apower,
            voltage: 231.4,
            current: Number((apower / 231.4).toFixed(3)),
            aenergy: { total: 5125.4, by_minute: [0, 0, 0], minute_ts: 1675718520 },
          }),
      temperature: { tC: 38.2, tF: 100.8 },
    };
  }

  function dispatch(method: string, params: Record<string, unknown>): { result?: unknown; error?: RpcError } {
    if (method === 'Shelly.GetDeviceInfo')
      return {
        result: {
          name: null,
          id: deviceId,
          mac: 'E86BEAEB0F80',
          slot: 0,
          model: 'SNPL-00116EU',
          gen: 2,
          fw_id: '20241011-114455/1.4.4-g6d2a586',
          ver: '1.4.4',
          app: 'PlusPlugS',
          auth_en: options.password !== undefined,
          auth_domain: options.password !== undefined ? deviceId : null,
        },
      };
    if (method !== 'Switch.GetStatus' && method !== 'Switch.Set')
      return { error: { code: 404, message: `No handler for ${method}` } };
    const id = params.id;
    if (typeof id !== 'number' || outputs[id] === undefined)
      return { error: { code: -105, message: `Argument 'id', value ${String(id)} not found!` } };
    if (method === 'Switch.GetStatus') return { result: switchStatus(id) };
    if (typeof params.on !== 'boolean')
      return { error: { code: -103, message: "Missing required argument 'on'!" } };
    const wasOn = outputs[id]!;
    if (!stuck) outputs[id] = params.on;
    return { result: { was_on: wasOn } };
  }

  function send(res: ServerResponse, reply: Reply): void {
    res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  function parseRequest(req: IncomingMessage, url: URL, body: string): RpcFrame | Reply {
    const parseError: Reply = { status: 400, body: { code: -32700, message: 'Parse error' } };
    if (url.pathname === '/rpc') {
      try {
        return JSON.parse(body) as RpcFrame;
      } catch {
        return parseError;
      }
    }
    if (!url.pathname.startsWith('/rpc/')) return { status: 404, body: { code: 404, message: 'Not found' } };
    try {
      const params = req.method === 'POST' && body ? JSON.parse(body) : parseParams(url.searchParams);
      return { method: url.pathname.slice(5), params };
    } catch {
      return parseError;
    }
  }

  function answer(req: IncomingMessage, body: string): Reply {
    const url = new URL(req.url ?? '/', 'http://device');
    const frame = parseRequest(req, url, body);
    if ('status' in frame) return frame;
    const method = String(frame.method);
    const params = (frame.params ?? {}) as Record<string, unknown>;
    const sentAuth = req.headers.authorization !== undefined;
    const open = options.password === undefined || method === 'Shelly.GetDeviceInfo';
    const authorized = open ? fault !== 'auth' : checkAuth(req);
    requests.push({
      httpMethod: req.method ?? '',
      path: url.pathname,
      rpcMethod: method,
      params,
      frameId: frame.id,
      sentAuth,
      authorized,
    });
    if (!authorized) {
      const nonce = randomBytes(8).toString('hex');
      nonces.set(nonce, 0);
      const challenge = `Digest qop="auth", realm="${deviceId}", nonce="${nonce}", algorithm=SHA-256`;
      return {
        status: 401,
        body: { code: 401, message: 'Unauthorized' },
        headers: { 'WWW-Authenticate': challenge },
      };
    }
    const { result, error } = dispatch(method, params);
    if (url.pathname === '/rpc')
      return { status: 200, body: { id: frame.id, src: deviceId, ...(error ? { error } : { result }) } };
    // [U] the exact HTTP status of an RPC error on /rpc/<Method>; the body shape is {code, message}.
    if (error) return { status: error.code === 404 ? 404 : 500, body: error };
    return { status: 200, body: result };
  }

  const server = createServer((req, res) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      if (fault === 'no-answer') return;
      if (fault === 'reset') return void req.socket.destroy();
      if (fault === 'garbage') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return void res.end('<html>\u0000{"id":1,"result":');
      }
      if (fault === 'slow') {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(res, answer(req, body));
        }, options.slowMs ?? 2000);
        timers.add(timer);
        return;
      }
      send(res, answer(req, body));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    host: `127.0.0.1:${port}`,
    deviceId,
    requests,
    setFault: (next) => {
      fault = next;
    },
    output: (switchId = 0) => outputs[switchId]!,
    setOutput: (on, switchId = 0) => {
      outputs[switchId] = on;
    },
    setLoadW: (powerW) => {
      loadW = powerW;
    },
    setStuck: (next) => {
      stuck = next;
    },
    peakInFlight: () => peak,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
