import { randomBytes } from 'node:crypto';
import {
  type CgminerQuirks,
  type CgminerServer,
  type CommandResult,
  type CommandSpec,
  startCgminerServer,
} from './cgminer-server.js';

/** One LuxOS profile as the emulator serves it. */
export interface LuxProfileSpec {
  name: string;
  watts: number;
  ths: number;
}

/** How the emulated LuxOS miner behaves. */
export interface LuxosEmulatorOptions {
  profiles?: LuxProfileSpec[];
  /** Active profile at start (default: the last one). */
  profile?: string;
  atmEnabled?: boolean;
  /** Another client (the user's LuxOS tool) holds the one session. */
  foreignSession?: boolean;
  /**
   * `session` answers an empty SessionID even while a session is open. pyasic and asic-rs expect the id
   * (they reuse it); this switch tests a firmware that would not share it.
   */
  hiddenSession?: boolean;
  /** An unused session expires after this long (ms; the real timeout is not published). */
  sessionIdleMs?: number;
  /** Privileged commands the firmware refuses (E, code 400) although the session is valid. */
  refuse?: string[];
  quirks?: Partial<CgminerQuirks>;
  now?: () => number;
  slowMs?: number;
}

/** Emulator state tests may read and change. */
export interface LuxosState {
  profile: string;
  curtailed: boolean;
  atmEnabled: boolean;
  /** The open session, if any, and when it was last used (ms). */
  session?: { id: string; usedAtMs: number };
}

/** A running LuxOS emulator. */
export interface LuxosEmulator extends CgminerServer {
  readonly state: LuxosState;
  /**
   * Fan control as `fanset` leaves it (Luxor docs, luxminer/fanset): `maxSpeed` caps the automatic fans
   * (default 100, at least 50); `hasFans: false` emulates a hydro or immersion model, where fanset fails.
   */
  readonly fans: { maxSpeed: number; hasFans: boolean };
  /** The privileged commands received, with the session id replaced by `<sid>` (`curtail <sid>,sleep`). */
  writes(): string[];
}

const DEFAULT_PROFILES: LuxProfileSpec[] = [
  { name: '190MHz', watts: 1850, ths: 72 },
  { name: '240MHz', watts: 2450, ths: 88 },
  { name: '290MHz', watts: 3050, ths: 104 },
];

/** Starts a LuxOS (LUXminer 2025.4) emulator on the generic cgminer server (reference miners.md §5). */
export async function startLuxosEmulator(options: LuxosEmulatorOptions = {}): Promise<LuxosEmulator> {
  const now = options.now ?? Date.now;
  const profiles = options.profiles ?? DEFAULT_PROFILES;
  const state: LuxosState = {
    profile: options.profile ?? profiles[profiles.length - 1]!.name,
    curtailed: false,
    atmEnabled: options.atmEnabled ?? false,
    ...(options.foreignSession ? { session: { id: 'theirs', usedAtMs: now() } } : {}),
  };
  const log: string[] = [];
  const fans = { maxSpeed: 100, hasFans: true };
  const startedAt = now();
  const ok = (
    code: number,
    msg: string,
    section?: string,
    rows?: Record<string, unknown>[],
  ): CommandResult => ({
    status: 'S',
    code,
    msg,
    ...(section ? { section, rows: rows ?? [] } : {}),
  });
  const err = (code: number, msg: string): CommandResult => ({ status: 'E', code, msg });
  const active = () => profiles.find((p) => p.name === state.profile) ?? profiles[0]!;
  const sessionOpen = () => {
    const s = state.session;
    if (s && options.sessionIdleMs !== undefined && now() - s.usedAtMs > options.sessionIdleMs)
      state.session = undefined;
    return state.session;
  };

  /** A privileged command: `param` = `<sid>[,args]`; the session must be the open one. */
  const privileged =
    (name: string, run: (args: string[]) => CommandResult): CommandSpec['handler'] =>
    ({ param }) => {
      const [sid, ...args] = (param ?? '').split(',');
      const session = sessionOpen();
      if (!session || session.id !== sid) return err(401, 'Invalid session id');
      session.usedAtMs = now();
      log.push(`${name} <sid>${args.length ? `,${args.join(',')}` : ''}`);
      if (options.refuse?.includes(name)) return err(400, `${name} failed: hashboards busy`);
      return run(args);
    };

  const read = (handler: CommandSpec['handler']): CommandSpec => ({ joinable: true, handler });
  const commands: Record<string, CommandSpec> = {
    version: read(() =>
      ok(22, 'LUXminer versions', 'VERSION', [
        { LUXminer: '2025.4.8.210927-4bb4e0a7', API: '3.7', Type: 'Antminer S19j Pro' },
      ]),
    ),
    summary: read(() => {
      const ghs = state.curtailed ? 0 : active().ths * 1000;
      return ok(11, 'Summary', 'SUMMARY', [
        { Elapsed: Math.floor((now() - startedAt) / 1000) + 7200, 'GHS 5s': ghs, 'GHS av': ghs * 0.99 },
      ]);
    }),
    power: read(() =>
      ok(311, 'Power usage', 'POWER', [{ PSU: false, Watts: state.curtailed ? 41 : active().watts }]),
    ),
    temps: read(() =>
      ok(
        312,
        'Temperatures',
        'TEMPS',
        [0, 1, 2].map((board) => {
          const t = state.curtailed ? 30 : 58 + board * 2;
          return {
            ID: board,
            Board: t - 4,
            Chip: t,
            TopLeft: t - 1,
            TopRight: t,
            BottomLeft: t - 3,
            BottomRight: t - 2,
          };
        }),
      ),
    ),
    config: read(() =>
      ok(33, 'LUXminer config', 'CONFIG', [
        {
          Profile: state.profile,
          CurtailMode: state.curtailed ? 'Sleep' : 'None',
          IsAtmEnabled: state.atmEnabled,
          IsTuning: false,
          SystemStatus: state.curtailed ? 'Curtailed' : 'Mining',
          MACAddr: '02:1a:5b:00:44:91',
        },
      ]),
    ),
    profiles: {
      handler: () =>
        ok(
          320,
          'Profiles',
          'PROFILES',
          profiles.map((p, step) => ({
            'Profile Name': p.name,
            Frequency: Number.parseInt(p.name, 10),
            Hashrate: p.ths,
            Watts: p.watts,
            Step: step - profiles.length + 1,
            IsTuned: true,
          })),
        ),
    },
    atm: { handler: () => ok(339, 'ATM configuration values', 'ATM', [{ Enabled: state.atmEnabled }]) },
    logon: {
      handler: () => {
        if (sessionOpen()) return err(402, 'Another session is active');
        state.session = { id: randomBytes(6).toString('hex'), usedAtMs: now() };
        return ok(200, 'Session created', 'SESSION', [{ SessionID: state.session.id }]);
      },
    },
    session: {
      handler: () =>
        ok(201, 'Session', 'SESSION', [
          { SessionID: options.hiddenSession ? '' : (sessionOpen()?.id ?? '') },
        ]),
    },
    logoff: {
      handler: privileged('logoff', () => {
        state.session = undefined;
        return ok(202, 'Session closed');
      }),
    },
    curtail: {
      handler: privileged('curtail', ([mode]) => {
        if (mode !== 'sleep' && mode !== 'wakeup') return err(400, `Invalid curtail mode: ${mode ?? ''}`);
        state.curtailed = mode === 'sleep';
        // The reply body of curtail is not in any fixture (reference §5): a generic S status.
        return ok(330, `Curtail ${mode} requested`);
      }),
    },
    profileset: {
      handler: privileged('profileset', ([name]) => {
        if (!profiles.some((p) => p.name === name)) return err(400, `Invalid profile: ${name ?? ''}`);
        if (state.atmEnabled) return err(400, 'Cannot set profile while ATM is enabled');
        state.profile = name!;
        return ok(325, 'Profile set', 'PROFILE', [{ Profile: name }]);
      }),
    },
    // fanset|<sid>,key=value,… (docs.luxor88.com/firmware/api/luxminer/fanset); only max_speed is emulated.
    // The reply body is not in the docs' excerpt or any fixture: a generic S status, as for curtail.
    fanset: {
      handler: privileged('fanset', (args) => {
        if (!fans.hasFans) return err(400, 'This machine has no fans');
        for (const arg of args) {
          const [key, raw] = arg.split('=');
          const value = Number(raw);
          if (key !== 'max_speed' || !Number.isInteger(value))
            return err(400, `Invalid fanset parameter: ${arg}`);
          if (value !== -1 && (value < 50 || value > 100)) return err(400, `Invalid max_speed: ${value}`);
          fans.maxSpeed = value === -1 ? 100 : value;
        }
        return ok(340, 'Fan control updated');
      }),
    },
    atmset: {
      handler: privileged('atmset', ([setting]) => {
        const match = /^enabled=(true|false)$/.exec(setting ?? '');
        if (!match) return err(400, 'Invalid ATM setting');
        state.atmEnabled = match[1] === 'true';
        return ok(340, 'Advanced Thermal Management configuration updated');
      }),
    },
  };

  const server = await startCgminerServer({
    description: 'LUXminer 2025.4.8',
    commands,
    now,
    ...(options.quirks ? { quirks: options.quirks } : {}),
    ...(options.slowMs !== undefined ? { slowMs: options.slowMs } : {}),
  });
  return Object.assign(server, { state, fans, writes: () => [...log] });
}
