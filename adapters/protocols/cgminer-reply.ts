import { DeviceError } from '../../src/errors.js';

/** The STATUS block of a cgminer reply (`restart`/`quit` reply with a bare string, kept as `STATUS`). */
export interface CgminerStatus {
  /** S success, I info, W warning, E error, F fatal; or a bare word like `RESTART`. */
  STATUS: string;
  Code?: number;
  Msg?: string;
  Description?: string;
  /** Device clock when it answered (epoch s; devices without NTP count from boot). */
  When?: number;
}

/** One command's reply: its status and the named sections of rows (`SUMMARY`, `DEVS`, `STATS`, ...). */
export interface CgminerReply {
  command: string;
  status: CgminerStatus;
  sections: Record<string, Record<string, unknown>[]>;
  /** The device cut the output short (id 0 or closed mid-object). */
  truncated: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readStatus(value: unknown): CgminerStatus | undefined {
  if (typeof value === 'string') return { STATUS: value };
  const first = Array.isArray(value) ? value[0] : value;
  if (!isRecord(first) || typeof first.STATUS !== 'string') return undefined;
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : undefined);
  const status: CgminerStatus = { STATUS: first.STATUS };
  const code = num(first.Code);
  if (code !== undefined && Number.isFinite(code)) status.Code = code;
  if (typeof first.Msg === 'string') status.Msg = first.Msg;
  if (typeof first.Description === 'string') status.Description = first.Description;
  const when = num(first.When);
  if (when !== undefined && Number.isFinite(when)) status.When = when;
  return status;
}

/** Turns a parsed reply object into a CgminerReply; BAD_RESPONSE (naming `what`) when it has no STATUS. */
export function toReply(
  command: string,
  value: unknown,
  context: { what: string; truncated?: boolean },
): CgminerReply {
  const { what, truncated = false } = context;
  const status = isRecord(value) ? readStatus(value.STATUS) : undefined;
  if (!isRecord(value) || !status) {
    throw new DeviceError('BAD_RESPONSE', `${what}: reply has no STATUS`, true);
  }
  const sections: Record<string, Record<string, unknown>[]> = {};
  for (const [key, rows] of Object.entries(value)) {
    if (key === 'STATUS' || key === 'id' || !Array.isArray(rows)) continue;
    sections[key] = rows.filter(isRecord);
  }
  return { command, status, sections, truncated: truncated || value.id === 0 };
}

/** Splits a joined reply `{summary:[{...}], devs:[{...}], id:1}` into one reply per command. */
export function splitJoined(
  commands: readonly string[],
  value: unknown,
  what: string,
): Record<string, CgminerReply | DeviceError> {
  if (!isRecord(value)) throw new DeviceError('BAD_RESPONSE', `${what}: reply is not an object`, true);
  if ('STATUS' in value) throw failure(toReply(commands.join('+'), value, { what }).status, what);
  const out: Record<string, CgminerReply | DeviceError> = {};
  for (const command of commands) {
    const part = value[command];
    const first = Array.isArray(part) ? part[0] : undefined;
    try {
      const label = `${what} (${command})`;
      out[command] = checked(toReply(command, first, { what: label }), label);
    } catch (error) {
      out[command] =
        error instanceof DeviceError
          ? error
          : new DeviceError('BAD_RESPONSE', `${what} (${command}): ${String(error)}`, true);
    }
  }
  return out;
}

/** Whether a STATUS letter means success (pyasic treats S and I as success; bare words too). */
export function isSuccess(status: CgminerStatus): boolean {
  return !['W', 'E', 'F'].includes(status.STATUS);
}

/**
 * Maps a failed STATUS to a typed error: privileged/denied → AUTH, unknown command or option →
 * UNSUPPORTED, "busy"/calibrating → REFUSED (retry later), a bad parameter → REFUSED (no retry),
 * anything else → REFUSED.
 */
export function failure(status: CgminerStatus, what: string): DeviceError {
  const msg = status.Msg ?? `STATUS ${status.STATUS}`;
  const text = `${what}: ${msg}${status.Code !== undefined ? ` (code ${status.Code})` : ''}`;
  if (status.Code === 45 || /access denied|privileged|not allowed|permission/i.test(msg)) {
    return new DeviceError('AUTH', `${text}; allow this host to write (e.g. --api-allow W:<ip>)`, false);
  }
  if (status.Code === 14 || status.Code === 117 || /not support|unknown option|invalid command/i.test(msg)) {
    return new DeviceError('UNSUPPORTED', text, false);
  }
  if (/cali|busy|not ready|try again|in progress/i.test(msg)) return new DeviceError('REFUSED', text, true);
  if (status.Code === 23 || /parameter error|unknown argument|param\w* invalid|missing/i.test(msg)) {
    return new DeviceError('REFUSED', text, false);
  }
  return new DeviceError('REFUSED', text, true);
}

/** Returns the reply, or throws its typed failure when STATUS is W, E or F. */
export function checked(reply: CgminerReply, what: string): CgminerReply {
  if (!isSuccess(reply.status)) throw failure(reply.status, what);
  return reply;
}
