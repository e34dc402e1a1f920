import { createServer, type Socket } from 'node:net';
import { escapeText, sectionOf } from '../../adapters/protocols/cgminer-text.js';
import type { EmulatorHandle, Fault } from '../contract/miner-contract.js';
import { junkBytes } from './tcp-emulator.js';

/** What a command handler answers: a STATUS line and optional rows of one section. */
export interface CommandResult {
  status: 'S' | 'I' | 'W' | 'E' | 'F';
  code: number;
  msg: string;
  /** Section name; defaults to the command's (`estats` → `STATS`). */
  section?: string;
  rows?: Record<string, unknown>[];
  /** Close the connection without any reply (Avalon A1466 `softon`). */
  silent?: boolean;
}

/** What a handler sees of the request. */
export interface CommandContext {
  /** The parameter exactly as received (`0,workmode,set,1`), if any. */
  param?: string;
  /** Emulator clock (epoch s), also sent as STATUS.When. */
  nowS: number;
}

/** A command the emulated firmware knows. `privileged` needs write access; only `joinable` ones may be `+`-joined. */
export interface CommandSpec {
  handler: (ctx: CommandContext) => CommandResult;
  privileged?: boolean;
  joinable?: boolean;
}

/** Malformed-JSON variants real firmwares send (reference miners.md §1.6). */
export type MalformedJson =
  | 'none'
  | 'trailing-comma'
  | 'missing-comma'
  | 'raw-newline'
  | 'leading-comma'
  | 'truncated';

/** Protocol behaviours a test can switch. */
export interface CgminerQuirks {
  /** A text command with a trailing newline is an unknown command (the whole recv buffer is the command). */
  rejectTrailingNewline: boolean;
  /** Terminate replies with NUL (cgminer sends len + 1 bytes). */
  nulTerminator: boolean;
  malformed: MalformedJson;
  /** The client is in a `W:` api-allow group; else privileged commands get Code 45. */
  writeAllowed: boolean;
  /** Joined `a+b` commands fail as a whole with Code 14 (pyasic: "doesn't work for S19"). */
  joinUnsupported: boolean;
}

/** How to build an emulated cgminer-API device. */
export interface CgminerServerOptions {
  commands: Record<string, CommandSpec>;
  /** STATUS Description, e.g. `cgminer 4.11.1`. */
  description?: string;
  quirks?: Partial<CgminerQuirks>;
  /** Emulator clock (epoch ms); defaults to the real one. */
  now?: () => number;
  /** Delay of a reply under the `slow` fault (ms). */
  slowMs?: number;
}

/** A running emulator: fault injection, quirk switches and the log of requests received. */
export interface CgminerServer extends EmulatorHandle {
  readonly port: number;
  readonly requests: string[];
  readonly quirks: CgminerQuirks;
  /** Most requests in flight at once, from connect to reply (a serialising client keeps it at 1). */
  peakConnections(): number;
}

/**
 * Fields cgminer adds with `api_add_escape`, the only values its text form escapes (`escape_string`); every
 * other string (`api_add_string`/`api_add_const`, e.g. Avalon `MM ID0` with its raw
 * `SYSTEMSTATU[Work: In Work, Hash Board: 1]`) is sent as is. Source: cgminer api.c `message()`,
 * `poolstatus()`, `lcddata()`, `print_data()` (ckolivas/cgminer; same in Canaan-Creative/Avalon_Nano3s
 * cg_miner/api/api.c).
 */
const API_ESCAPE_FIELDS = new Set([
  'Msg',
  'Description',
  'URL',
  'User',
  'Proxy',
  'Stratum URL',
  'Current Pool',
]);

const ok = (code: number, msg: string): CommandResult => ({ status: 'S', code, msg });
const err = (code: number, msg: string): CommandResult => ({ status: 'E', code, msg });

/** Starts an emulator on 127.0.0.1 (random port) that answers like cgminer's api.c: one reply per connection. */
export async function startCgminerServer(options: CgminerServerOptions): Promise<CgminerServer> {
  const quirks: CgminerQuirks = {
    rejectTrailingNewline: true,
    nulTerminator: true,
    malformed: 'none',
    writeAllowed: true,
    joinUnsupported: false,
    ...options.quirks,
  };
  const now = options.now ?? Date.now;
  const description = options.description ?? 'cgminer 4.11.1';
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let fault: Fault = 'none';
  let peak = 0;
  let inFlight = 0;
  let queue: Promise<void> = Promise.resolve();

  const builtins: Record<string, CommandSpec> = {
    privileged: {
      handler: () =>
        quirks.writeAllowed
          ? ok(46, 'Privileged access OK')
          : err(45, "Access denied to 'privileged' command"),
    },
    check: {
      handler: ({ param }) => {
        if (!param) return err(71, 'Missing check cmd');
        const spec = commands[param];
        const access = spec !== undefined && (!spec.privileged || quirks.writeAllowed);
        return {
          ...ok(72, 'Check command'),
          rows: [{ Exists: spec ? 'Y' : 'N', Access: access ? 'Y' : 'N' }],
        };
      },
    },
  };
  const commands: Record<string, CommandSpec> = { ...builtins, ...options.commands };

  const run = (name: string, param: string | undefined, joined: boolean): CommandResult => {
    const spec = commands[name];
    if (!spec) return err(14, 'Invalid command');
    if (fault === 'auth' || (spec.privileged && !quirks.writeAllowed) || (joined && !spec.joinable)) {
      return err(45, `Access denied to '${name}' command`);
    }
    return spec.handler({ nowS: Math.floor(now() / 1000), ...(param === undefined ? {} : { param }) });
  };

  const statusOf = (r: CommandResult) => ({
    STATUS: r.status,
    When: Math.floor(now() / 1000),
    Code: r.code,
    Msg: r.msg,
    Description: description,
  });

  const jsonOf = (name: string, r: CommandResult, id = true): string => {
    const parts = [`"STATUS":[${json(statusOf(r))}]`];
    if (r.rows) parts.push(`${JSON.stringify(r.section ?? sectionOf(name))}:[${r.rows.map(json).join(',')}]`);
    return `{${parts.join(',')}${id ? ',"id":1' : ''}}`;
  };

  const textOf = (name: string, r: CommandResult): string => {
    // Names are never escaped; values only when api.c adds them with api_add_escape (print_data).
    const fields = (row: Record<string, unknown>) =>
      Object.entries(row).map(([k, v]) => {
        const value = textValue(v);
        return `${k}=${API_ESCAPE_FIELDS.has(k) ? escapeText(value) : value}`;
      });
    const lines = [fields(statusOf(r)).join(',')];
    const section = r.section ?? sectionOf(name);
    for (const row of r.rows ?? [])
      lines.push((r.rows!.length === 1 ? [section, ...fields(row)] : fields(row)).join(','));
    return `${lines.join('|')}|`;
  };

  const answer = (request: string): string | undefined => {
    const isJson = request.startsWith('{');
    let name: string;
    let param: string | undefined;
    if (isJson) {
      let parsed: { command?: unknown; parameter?: unknown };
      try {
        parsed = JSON.parse(request) as typeof parsed;
      } catch {
        return jsonOf('', err(23, 'Invalid JSON'));
      }
      if (typeof parsed.command !== 'string') return jsonOf('', err(24, "Missing JSON 'command'"));
      name = parsed.command;
      if (typeof parsed.parameter === 'string' || typeof parsed.parameter === 'number')
        param = String(parsed.parameter);
    } else {
      const text = quirks.rejectTrailingNewline ? request : request.trimEnd();
      const bar = text.indexOf('|');
      name = bar < 0 ? text : text.slice(0, bar);
      param = bar < 0 ? undefined : text.slice(bar + 1);
    }
    if (!name.includes('+')) {
      const result = run(name, param, false);
      if (result.silent) return undefined;
      return isJson ? malform(jsonOf(name, result), quirks.malformed) : textOf(name, result);
    }
    if (quirks.joinUnsupported) {
      const refused = err(14, 'Invalid command');
      return isJson ? jsonOf(name, refused) : textOf(name, refused);
    }
    const seen = new Set<string>();
    const parts: string[] = [];
    for (const sub of name.split('+')) {
      if (!sub || seen.has(sub)) continue;
      seen.add(sub);
      const result = run(sub, undefined, true);
      parts.push(
        isJson ? `${JSON.stringify(sub)}:[${jsonOf(sub, result)}]` : `CMD=${sub}|${textOf(sub, result)}`,
      );
    }
    return isJson ? malform(`{${parts.join(',')},"id":1}`, quirks.malformed) : parts.join('');
  };

  const respond = (socket: Socket, request: string): void => {
    requests.push(request);
    if (fault === 'no-answer') return; // keep the socket open and say nothing
    if (fault === 'reset') {
      socket.resetAndDestroy();
      return;
    }
    if (fault === 'garbage') {
      socket.end(Buffer.concat([junkBytes(48), Buffer.from('<html>busy</html>\0')]));
      return;
    }
    const reply = answer(request);
    if (reply === undefined) {
      socket.end();
      return;
    }
    const bytes = quirks.nulTerminator ? `${reply}\0` : reply;
    if (fault === 'slow') setTimeout(() => socket.end(bytes), options.slowMs ?? 2000);
    else socket.end(bytes);
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    let open = true;
    const settle = () => {
      if (open) inFlight -= 1;
      open = false;
    };
    socket.on('finish', settle);
    socket.on('close', () => {
      settle();
      sockets.delete(socket);
    });
    socket.on('error', () => undefined);
    // A single recv(): the first chunk is the whole request, as in cgminer's api.c.
    socket.once('data', (chunk: Buffer) => {
      // Real Avalons serve one connection at a time; so does the emulator.
      queue = queue.then(() => respond(socket, chunk.toString('utf8')));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('emulator did not bind');

  return {
    port: address.port,
    requests,
    quirks,
    peakConnections: () => peak,
    setFault(next: Fault) {
      fault = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** JSON with non-finite numbers written the way printf does (`inf`, `nan`), as Avalons send them. */
function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? `__${Number.isNaN(v) ? 'nan' : 'inf'}__` : v,
  ).replace(/"__(nan|inf)__"/g, '$1');
}

function textValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : 'inf';
  return String(value);
}

/** Breaks a well-formed JSON reply the way a given firmware does. */
function malform(reply: string, kind: MalformedJson): string {
  switch (kind) {
    case 'trailing-comma':
      return reply.replace(/,"id":1}$/, ',"id":1,}');
    case 'missing-comma':
      return reply.replace(/},{/g, '}{');
    case 'raw-newline':
      return reply.replace(/"Description":"([^"]*) /, '"Description":"$1\n');
    case 'leading-comma':
      return ',"id":1}';
    case 'truncated':
      return reply.slice(0, Math.floor(reply.length * 0.7));
    default:
      return reply;
  }
}
