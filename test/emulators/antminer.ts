import { createHash, randomBytes } from 'node:crypto';
import type { EmulatorHandle, Fault } from '../contract/miner-contract.js';
import { type CgminerServer, type CommandResult, startCgminerServer } from './cgminer-server.js';
import { type HttpEmulator, type RecordedRequest, type Reply, startHttpEmulator } from './http-emulator.js';

/** Knobs of the emulated stock Antminer (defaults: an S19 Pro on BMMiner 1.0.0, login root/root). */
export interface AntminerEmulatorOptions {
  username?: string;
  password?: string;
  /** The firmware only takes `"miner-mode"` as a string: a number is acknowledged and ignored (pyasic setting). */
  modeAsString?: boolean;
  /** Hashrate in normal mode (TH/s); low power gives 70 % of it. */
  ths?: number;
  now?: () => number;
  slowMs?: number;
}

/** A running emulated Antminer: the bmminer API and the web UI, with shared state. */
export interface AntminerEmulator extends EmulatorHandle {
  readonly apiPort: number;
  readonly webPort: number;
  readonly api: CgminerServer;
  readonly web: HttpEmulator;
  /** `mode`: 0 normal, 1 sleep, 3 low power; `writes`: bodies of set_miner_conf.cgi. */
  readonly state: { mode: number; writes: Record<string, unknown>[] };
}

const REALM = 'antMiner Configuration';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** Checks an RFC 2617 MD5 digest with qop=auth against the issued nonces, like lighttpd's mod_auth. */
function digestOk(r: RecordedRequest, user: string, password: string, nonces: Set<string>): boolean {
  const header = String(r.headers.authorization ?? '');
  if (!header.startsWith('Digest ')) return false;
  const f = new Map<string, string>();
  for (const m of header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g))
    f.set(m[1]!, m[2] ?? m[3] ?? '');
  if (f.get('username') !== user || !nonces.has(f.get('nonce') ?? '') || f.get('uri') !== r.path)
    return false;
  const ha1 = md5(`${user}:${REALM}:${password}`);
  const ha2 = md5(`${r.method}:${r.path}`);
  const expected = md5(`${ha1}:${f.get('nonce')}:${f.get('nc')}:${f.get('cnonce')}:${f.get('qop')}:${ha2}`);
  return f.get('response') === expected;
}

/**
 * Stock Bitmain firmware (reference miners.md §1.5): bmminer on the cgminer API (`stats` with the
 * version block first and `GHS 5s`, `temp_chip1..`, no power field) and the web UI's digest-protected
 * CGI scripts `get_miner_conf` (`bitmain-work-mode`), `set_miner_conf` (`miner-mode` 0/1/3, answered
 * `{"stats":"success","code":"M000"}`) and `get_system_info`.
 */
export async function startAntminerEmulator(
  options: AntminerEmulatorOptions = {},
): Promise<AntminerEmulator> {
  const now = options.now ?? Date.now;
  const user = options.username ?? 'root';
  const password = options.password ?? 'root';
  const fullThs = options.ths ?? 110;
  const state = { mode: 0, writes: [] as Record<string, unknown>[] };
  const startedAt = now();
  const nonces = new Set<string>();
  const ths = () => (state.mode === 1 ? 0 : state.mode === 3 ? fullThs * 0.7 : fullThs);
  const chip = () => (state.mode === 1 ? 36 : state.mode === 3 ? 64 : 75);
  const version = {
    BMMiner: '1.0.0',
    API: '3.1',
    Miner: 'uart_trans.1.3',
    CompileTime: 'Fri Aug 26 10:41:45 CST 2022',
    Type: 'Antminer S19 Pro',
  };
  const ok = (
    code: number,
    msg: string,
    section: string,
    rows: Record<string, unknown>[],
  ): CommandResult => ({
    status: 'S',
    code,
    msg,
    section,
    rows,
  });

  const api = await startCgminerServer({
    description: 'bmminer 1.0.0',
    now,
    ...(options.slowMs !== undefined ? { slowMs: options.slowMs } : {}),
    commands: {
      version: { joinable: true, handler: () => ok(22, 'BMMiner versions', 'VERSION', [version]) },
      summary: {
        joinable: true,
        handler: () =>
          ok(11, 'Summary', 'SUMMARY', [
            { Elapsed: Math.floor((now() - startedAt) / 1000) + 900, 'GHS 5s': (ths() * 1000).toFixed(2) },
          ]),
      },
      stats: {
        joinable: true,
        handler: () =>
          ok(70, 'CGMiner stats', 'STATS', [
            version,
            {
              Elapsed: Math.floor((now() - startedAt) / 1000) + 900,
              'GHS 5s': (ths() * 1000).toFixed(2),
              'GHS av': fullThs * 1000 * 0.98,
              rate_unit: 'GH',
              temp_chip1: `${chip()}-50-${chip() - 6}-${chip() - 4}`,
              temp_chip2: `${chip() + 1}-51-${chip() - 5}-${chip() - 3}`,
              temp_pcb1: '45-40-41-44',
              fan1: state.mode === 1 ? 0 : 5040,
              Mode: state.mode,
            },
          ]),
      },
    },
  });

  const conf = () => ({
    pools: [{ url: 'stratum+tcp://pool.example:3333', user: 'worker.1', pass: 'x' }],
    'api-listen': true,
    'api-network': true,
    'bitmain-fan-ctrl': false,
    'bitmain-fan-pwm': '100',
    'bitmain-freq-level': '100',
    'bitmain-work-mode': String(state.mode),
  });
  const routes: Record<string, (r: RecordedRequest) => Reply> = {
    'GET /cgi-bin/get_miner_conf.cgi': () => ({ status: 200, body: conf() }),
    'GET /cgi-bin/get_system_info.cgi': () => ({
      status: 200,
      body: {
        minertype: 'Antminer S19 Pro',
        macaddr: 'E0:A5:09:12:34:56',
        hostname: 'Antminer',
        system_filesystem_version: 'Fri Aug 26 2022',
      },
    }),
    'POST /cgi-bin/set_miner_conf.cgi': (r) => {
      const body = (r.json ?? {}) as Record<string, unknown>;
      state.writes.push(body);
      const mode = body['miner-mode'];
      const accepted = options.modeAsString
        ? typeof mode === 'string'
        : typeof mode === 'number' || typeof mode === 'string';
      if (accepted && [0, 1, 3].includes(Number(mode))) state.mode = Number(mode);
      return { status: 200, body: { stats: 'success', code: 'M000', msg: 'OK!' } };
    },
  };
  const challenge = (): Reply => {
    const nonce = randomBytes(16).toString('hex');
    nonces.add(nonce);
    return {
      status: 401,
      body: '401 Unauthorized',
      headers: { 'www-authenticate': `Digest realm="${REALM}", charset=UTF-8, nonce="${nonce}", qop="auth"` },
    };
  };
  const web = await startHttpEmulator({
    handler(r) {
      if (!digestOk(r, user, password, nonces)) return challenge();
      const route = routes[`${r.method} ${r.path}`];
      return route ? route(r) : { status: 404, body: '404 Not Found' };
    },
    authReply: { status: 401, body: '401 Unauthorized' },
    ...(options.slowMs !== undefined ? { slowMs: options.slowMs } : {}),
  });

  return {
    apiPort: api.port,
    webPort: web.port,
    api,
    web,
    state,
    setFault(fault: Fault) {
      api.setFault(fault);
      web.setFault(fault);
    },
    async close() {
      await Promise.all([api.close(), web.close()]);
    },
  };
}
