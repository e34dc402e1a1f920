import {
  type CgminerQuirks,
  type CgminerServer,
  type CommandResult,
  startCgminerServer,
} from './cgminer-server.js';

/** One work mode of the emulated board: what it draws and hashes. */
export interface AvalonModeSpec {
  powerW: number;
  ghs: number;
  chipC: number;
}

/**
 * Which Avalon to emulate. `nano3s` (MM319, default) follows the vendor source; `nano3` is the original
 * Nano 3 (MM318_X2): `version` and a `WORKLEVEL`-only MM ID0 as a community driver recorded them (its
 * "real version payload from an original Nano 3"), modes set with `worklevel,set,N` (that driver, the
 * `nano` Go CLI, pyasic `set_power_limit`), no `workmode`; `q` is the Avalon Q with its `version`
 * (asic-rs avalonminer test/json/version.json), `MM ID0:Summary`, and board power PS[4] beside wall power
 * PS[6] (asic-rs litestats_parsed.json `PS[0 1221 2421 66 1598 2422 1670]`; idle `PS[0 1221 4 0 0 2245 146]`).
 */
export type AvalonFamily = 'nano3s' | 'nano3' | 'q';

/** Firmware behaviours to switch (reference miners.md §2.4, §10). */
export interface AvalonEmulatorOptions {
  family?: AvalonFamily;
  /** `ascset|0,help` lists softon/softoff and they work (Q / newer firmware); the Jan-2025 Nano 3S has neither. */
  softOff?: boolean;
  /** softoff answers I/118 `success softoff:<ts>` (Q) or S/119 `set OK` (A1466). */
  softOffReply?: 'info' | 'ok';
  /** softon closes the connection without a reply (A1466). */
  softOnSilent?: boolean;
  /** After a mode change the board recalibrates (ADJ[0]) this long and refuses further changes (ms). */
  calibrationMs?: number;
  /** A mode change shows in WORKMODE only this long after `set OK` (the MM board lags the API) (ms). */
  modeLagMs?: number;
  /** Work mode at start (0 eco, 1 standard, 2 super). */
  startMode?: number;
  modes?: AvalonModeSpec[];
  /** PS[6] while soft-off (W); whether the real standby reading is real draw is unverified. */
  idlePowerW?: number;
  /** Write a non-finite value into the STATS row (printed bare `inf`, as Avalons do). */
  infInStats?: boolean;
  quirks?: Partial<CgminerQuirks>;
  /** Device clock (epoch ms). */
  now?: () => number;
}

/** Mutable state of the emulated Nano 3S, for assertions. */
export interface AvalonState {
  workmode: number;
  work: 'In Work' | 'In Idle';
  softOffReason: number;
  softOffAtS?: number;
  softOnAtS?: number;
  calibratingUntilMs: number;
  modeChanges: number;
  /** Soft off/on commands not yet due, in the order received. */
  scheduled: { kind: 'softoff' | 'softon'; atS: number }[];
  pendingMode?: { mode: number; atMs: number };
}

/** A running Avalon Nano 3S emulator. */
export interface AvalonEmulator extends CgminerServer {
  readonly state: AvalonState;
}

// Nano 3S: 140 W / ~6 TH/s in High (Canaan); lower modes are illustrative.
const NANO3S_MODES: AvalonModeSpec[] = [
  { powerW: 80, ghs: 4020.5, chipC: 68 },
  { powerW: 110, ghs: 5012.25, chipC: 76 },
  { powerW: 140, ghs: 6012.34, chipC: 84 },
];
// Avalon Q: nameplate 90 TH/s at 1674 W (economics.md §5); MPO[800] in mode 0 (asic-rs stats.json).
const Q_MODES: AvalonModeSpec[] = [
  { powerW: 800, ghs: 45000, chipC: 65 },
  { powerW: 1300, ghs: 72000, chipC: 75 },
  { powerW: 1670, ghs: 90000, chipC: 80 },
];
// Original Nano 3: 4 TH/s at 140 W (economics.md §5); lower levels illustrative.
const NANO3_MODES: AvalonModeSpec[] = [
  { powerW: 70, ghs: 2400, chipC: 52 },
  { powerW: 100, ghs: 3300, chipC: 55 },
  { powerW: 140, ghs: 4100, chipC: 58 },
];
const VERSIONS: Record<AvalonFamily, Record<string, string>> = {
  nano3s: {
    CGMiner: '4.11.1',
    API: '3.7',
    PROD: 'Avalon Nano3s',
    MODEL: 'Nano3s',
    HWTYPE: 'N_MM1v1_X1',
    SWTYPE: 'MM319',
    LVERSION: '25021401_56abae7',
    BVERSION: '25021401_56abae7',
    CGVERSION: '25021401_56abae7',
    DNA: '020100003a8b1c2d',
    MAC: 'e0e1a9000b3c',
    UPAPI: '2',
  },
  nano3: {
    CGMiner: '4.11.1',
    API: '3.7',
    PROD: 'Avalonnano',
    MODEL: 'nano3',
    HWTYPE: 'PMMv1_X1',
    SWTYPE: 'MM318_X2',
    VERSION: '24071801_42c628d',
    HVERSION: '24071801_b906c52_6223725',
    UPAPI: '2',
  },
  q: {
    API: '3.7',
    BVERSION: '25052801_14a19a2',
    CGMiner: '4.11.1',
    CGVERSION: '25052801_14a19a2',
    DNA: '01234567890123456789012345678901',
    HWTYPE: 'Q_MM1v1_X1',
    LVERSION: '25052801_14a19a2',
    MAC: 'AA:BB:CC:DD:EE:FF',
    MODEL: 'Q',
    PROD: 'Avalon Q',
    SWTYPE: 'MM319',
  },
};
const VER_TOKEN: Record<AvalonFamily, string> = {
  nano3s: 'Ver[Nano3s-25021401_56abae7] LVer[25021401_56abae7] BVer[25021401_56abae7] FW[Release]',
  nano3: 'Ver[nano3-24071801_42c628d] FW[Release]',
  q: 'Ver[Q-25052801_14a19a2] LVer[25052801_14a19a2] BVer[25052801_14a19a2] FW[Release]',
};
const HELP =
  'help|voltage|fan-spd|ledmode|ledset|lcd|nightlamp|wallpaper|hash-sn-read|volt-adjust-switch|workmode|worklevel|work_mode_lvl|reboot|';
const HELP_TAIL = 'filter-clean|facopts|faclock|frequency|loop|password|qr_auth|';

const info = (msg: string): CommandResult => ({ status: 'I', code: 118, msg: `ASC 0 set info: ${msg}` });
const setOk = (): CommandResult => ({ status: 'S', code: 119, msg: 'ASC 0 set OK' });
const failed = (msg: string): CommandResult => ({ status: 'E', code: 120, msg: `ASC 0 set failed: ${msg}` });

/** Starts an Avalon Nano 3S emulator on 127.0.0.1 following the vendor's cgminer fork (driver-avalon.c, api.c). */
export async function startAvalonEmulator(options: AvalonEmulatorOptions = {}): Promise<AvalonEmulator> {
  const now = options.now ?? Date.now;
  const family = options.family ?? 'nano3s';
  const modes = options.modes ?? (family === 'q' ? Q_MODES : family === 'nano3' ? NANO3_MODES : NANO3S_MODES);
  const bootMs = now();
  const state: AvalonState = {
    workmode: options.startMode ?? 2,
    work: 'In Work',
    softOffReason: 0,
    calibratingUntilMs: 0,
    modeChanges: 0,
    scheduled: [],
  };

  // Scheduled soft off/on happen when the device clock passes their timestamp (ties: order received).
  const tick = () => {
    const nowS = Math.floor(now() / 1000);
    const due = state.scheduled.filter((s) => s.atS <= nowS).sort((a, b) => a.atS - b.atS);
    state.scheduled = state.scheduled.filter((s) => s.atS > nowS);
    for (const event of due) {
      state.work = event.kind === 'softoff' ? 'In Idle' : 'In Work';
      state.softOffReason = event.kind === 'softoff' ? 4 : 0;
    }
    if (state.pendingMode && now() >= state.pendingMode.atMs) {
      state.workmode = state.pendingMode.mode;
      state.pendingMode = undefined;
    }
  };
  const hashing = () => state.work === 'In Work';
  const calibrating = () => now() < state.calibratingUntilMs;

  const mmString = (): string => {
    const mode = modes[state.workmode] ?? modes[modes.length - 1]!;
    const on = hashing();
    const ghs = on ? mode.ghs : 0;
    const watts = on ? mode.powerW : (options.idlePowerW ?? 5);
    const chip = on ? mode.chipC : 0;
    const elapsed = Math.floor((now() - bootMs) / 1000) + 7200;
    const tokens = [
      VER_TOKEN[family],
      'LED[0-0] LEDUser[0-100-4000-255-255-255] LcdOnoff[1] LcdSwitch[0] DNA[020100003a8b1c2d] MEMFREE[81234]',
      `PFCnt[0] NETFAIL[0 0 0 0 0 0 0 0] SYSTEMSTATU[Work: ${state.work}, Hash Board: 1] Elapsed[${elapsed}]`,
      'BOOTBY[0x04.00000000] LW[123456] MH[0] DHW[0] HW[0] DH[1.021%]',
      `ITemp[24] OTemp[${on ? 38 : 25}] TMax[${chip}] TAvg[${on ? chip - 6 : 0}] TarT[${80 + state.workmode * 5}]`,
      `Fan1[${on ? 2100 : 0}] FanR[${on ? 55 : 0}%] ${powerToken(on, watts)}`,
      `GHSspd[${ghs.toFixed(2)}] DHspd[0.000%] GHSmm[${(on ? mode.ghs * 1.02 : 0).toFixed(2)}] GHSavg[${(mode.ghs * 0.99).toFixed(2)}]`,
      `WU[${(mode.ghs * 13.97).toFixed(2)}] Freq[487.50] MGHS[${ghs.toFixed(2)}] MTmax[${chip}] MTavg[${on ? chip - 6 : 0}] TA[10]`,
      `Core[A3197S] BIN[36] PING[98] SoftOFF[${state.softOffReason}] ECHU[0] ECMM[0]`,
      ...(options.softOff
        ? [`SoftOffTime[${state.softOffAtS ?? 0}] SoftOnTime[${state.softOnAtS ?? 0}]`]
        : []),
      'PLL0[1940 2160 4120 9780] SF0[450 475 500 525] PVT_T0[ 66  71  70  72  69  73  70  68  67  71]',
      `CRC[0] COMCRC[0] ATA${state.workmode}[${mode.powerW}-${80 + state.workmode * 5}-3990-450-25]`,
      family === 'nano3'
        ? `WORKLEVEL[${state.workmode}]`
        : `WORKMODE[${state.workmode}] WORKLEVEL[0] MPO[${mode.powerW}] CALIALL[7] ADJ[${calibrating() ? 0 : 1}]`,
      ...(calibrating() ? ['BAR[40]'] : []),
    ];
    return tokens.join(' ');
  };

  // Nano 3S: PS[6] wall power, PS[4] 0 (community sample `PS[0 0 27458 4 0 3990 130]`); Q: PS[4] board, PS[6] wall.
  const powerToken = (on: boolean, watts: number): string => {
    if (family !== 'q') return `PS[0 0 27458 4 0 3990 ${watts}]`;
    return on
      ? `PS[0 1221 2421 66 ${Math.round(watts * 0.957)} 2422 ${watts}]`
      : `PS[0 1221 4 0 0 2245 ${watts}]`;
  };

  const setMode = (setting: string | undefined, option = 'workmode'): CommandResult => {
    const [cmd, value] = (setting ?? '').split(',');
    if (cmd === 'get' && value === undefined) return info(`${option} ${state.workmode}`);
    if (cmd !== 'set' || value === undefined || !/^\d+/.test(value)) return failed('error:2 parameter error');
    const mode = Number.parseInt(value, 10);
    const maxmode = modes.length - 1;
    if (mode > maxmode) return failed(`error:1 not support set workmode max_mode[${maxmode}]`);
    if (calibrating()) return failed(`current mode ${state.workmode} is caling Don't permit switch mode`);
    if (mode !== (state.pendingMode?.mode ?? state.workmode)) {
      if (options.modeLagMs) state.pendingMode = { mode, atMs: now() + options.modeLagMs };
      else state.workmode = mode;
      state.modeChanges += 1;
      state.calibratingUntilMs = now() + (options.calibrationMs ?? 0);
    }
    return setOk();
  };

  const softSwitch = (kind: 'softoff' | 'softon', setting: string | undefined): CommandResult => {
    // `1:<unix ts>` schedules the switch; a bare `1` is reported to be rejected (reference §2.3).
    const match = /^1:(\d+)$/.exec((setting ?? '').trim());
    if (!match) return failed('param invalid');
    const atS = Number(match[1]);
    if (kind === 'softoff') state.softOffAtS = atS;
    else state.softOnAtS = atS;
    state.scheduled.push({ kind, atS });
    tick();
    if (kind === 'softon' && options.softOnSilent) return { ...setOk(), silent: true };
    if (kind === 'softoff' && options.softOffReply === 'ok') return setOk();
    return info(`success ${kind}:${atS}`);
  };

  const ascset = ({ param }: { param?: string }): CommandResult => {
    tick();
    if (!param) return { status: 'E', code: 15, msg: 'Missing device id parameter' };
    const [id, option, ...rest] = param.split(',');
    if (!option) return { status: 'E', code: 116, msg: 'Missing option after ASC number' };
    if (id !== '0') return { status: 'E', code: 107, msg: `Invalid ASC id ${id} - range is 0 - 0` };
    const setting = rest.length > 0 ? rest.join(',') : undefined;
    switch (option.toLowerCase()) {
      case 'help':
        return info(options.softOff ? `${HELP}softon|softoff|${HELP_TAIL}` : HELP + HELP_TAIL);
      case 'workmode':
        if (family === 'nano3') return failed(`Unknown option: ${option}`);
        return setting ? setMode(setting) : failed('missing workmode setting');
      case 'worklevel':
        // MM319: worklevel is a signed fine level inside the mode (driver-avalon.c); the Nano 3 selects its mode with it.
        if (family === 'nano3') return setMode(setting, 'worklevel');
        return setting?.startsWith('get') ? info('worklevel 0') : failed('worklevel unknown argument');
      case 'softoff':
      case 'softon':
        if (!options.softOff) return failed(`Unknown option: ${option}`);
        return softSwitch(option.toLowerCase() as 'softoff' | 'softon', setting);
      case 'fan-spd':
      case 'reboot':
      case 'lcd':
        return setting ? setOk() : failed(`missing ${option} setting`);
      default:
        return failed(`Unknown option: ${option}`);
    }
  };

  const server = await startCgminerServer({
    ...(options.quirks ? { quirks: options.quirks } : {}),
    now,
    commands: {
      version: {
        joinable: true,
        handler: () => ({ status: 'S', code: 22, msg: 'CGMiner versions', rows: [VERSIONS[family]] }),
      },
      estats: {
        joinable: true,
        handler: () => {
          tick();
          const row = {
            STATS: 0,
            ID: 'AVALON0',
            Elapsed: Math.floor((now() - bootMs) / 1000) + 7200,
            Calls: 0,
          };
          const min = options.infInStats ? Number.POSITIVE_INFINITY : 99999999;
          return {
            status: 'S',
            code: 70,
            msg: 'CGMiner stats',
            rows: [
              {
                ...row,
                Wait: 0,
                Max: 0,
                Min: min,
                ...(family === 'q'
                  ? { 'MM ID0:Summary': `'STATS':{${mmString()}}` }
                  : { 'MM ID0': mmString() }),
                'MM Count': 1,
                'Nonce Mask': 25,
              },
            ],
          };
        },
      },
      summary: {
        joinable: true,
        handler: () => {
          tick();
          const mhs = hashing() ? (modes[state.workmode]?.ghs ?? 0) * 1000 : 0;
          return {
            status: 'S',
            code: 11,
            msg: 'Summary',
            rows: [{ Elapsed: 7200, 'MHS av': mhs, 'MHS 30s': mhs }],
          };
        },
      },
      // The Nano 3S fork skips every address and group check: ascset works from any LAN host.
      ascset: { handler: ascset },
    },
  });
  return Object.assign(server, { state });
}
