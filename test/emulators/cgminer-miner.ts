import {
  type CgminerQuirks,
  type CgminerServer,
  type CommandResult,
  startCgminerServer,
} from './cgminer-server.js';

/** A stock miner behind the cgminer API: upstream cgminer (MH/s, devs temperatures) or Bitmain bmminer (GH/s, stats). */
export interface StockMinerOptions {
  flavour: 'cgminer' | 'bmminer';
  /** Hashrate while hashing (TH/s). */
  ths: number;
  /** Adds privileged `pause` / `resume` (firmwares with a soft stop, e.g. the BOSminer RPC). */
  pauseResume?: boolean;
  quirks?: Partial<CgminerQuirks>;
  now?: () => number;
}

/** The emulated device: its server plus the state tests can inspect. */
export interface StockMiner extends CgminerServer {
  readonly state: { hashing: boolean; startedAtMs: number };
}

const ok = (code: number, msg: string, section: string, row: Record<string, unknown>): CommandResult => ({
  status: 'S',
  code,
  msg,
  section,
  rows: [row],
});

/** Starts a stock-miner emulator on 127.0.0.1. Hashrate and temperatures follow pause/resume. */
export async function startStockMiner(options: StockMinerOptions): Promise<StockMiner> {
  const now = options.now ?? Date.now;
  const state = { hashing: true, startedAtMs: now() };
  const bm = options.flavour === 'bmminer';
  const elapsed = () => Math.floor((now() - state.startedAtMs) / 1000) + 3600;
  const mhs5s = () => (state.hashing ? options.ths * 1e6 : 0);
  // The average since start stays up after a pause, as on real firmware.
  const mhsAv = options.ths * 1e6 * 0.98;

  const summary = () =>
    bm
      ? { Elapsed: elapsed(), 'GHS 5s': (mhs5s() / 1000).toFixed(2), 'GHS av': mhsAv / 1000, Accepted: 812 }
      : { Elapsed: elapsed(), 'MHS av': mhsAv, 'MHS 5s': mhs5s(), 'MHS 1m': mhs5s(), Accepted: 812 };
  const chip = () => (state.hashing ? 74 : 41);
  const version = bm
    ? {
        BMMiner: '1.0.0',
        API: '3.1',
        Miner: 'uart_trans.1.3',
        CompileTime: 'Fri Aug 26 2022',
        Type: 'Antminer S19 Pro',
      }
    : { CGMiner: '4.11.1', API: '3.7' };

  const server = await startCgminerServer({
    description: bm ? 'bmminer 1.0.0' : 'cgminer 4.11.1',
    ...(options.quirks ? { quirks: options.quirks } : {}),
    now,
    commands: {
      version: {
        joinable: true,
        handler: () => ok(22, bm ? 'BMMiner versions' : 'CGMiner versions', 'VERSION', version),
      },
      summary: { joinable: true, handler: () => ok(11, 'Summary', 'SUMMARY', summary()) },
      devs: {
        joinable: true,
        handler: () => ({
          status: 'S',
          code: 9,
          msg: '2 ASC(s)',
          rows: [0, 1].map((asc) => ({
            ASC: asc,
            Name: 'BTM',
            Status: 'Alive',
            Temperature: chip() - asc * 3,
          })),
        }),
      },
      stats: {
        joinable: true,
        handler: () => ({
          status: 'S',
          code: 70,
          msg: 'CGMiner stats',
          rows: bm
            ? [
                version,
                {
                  Elapsed: elapsed(),
                  'GHS 5s': (mhs5s() / 1000).toFixed(2),
                  temp_chip1: `${chip()}-50-69-70`,
                  temp_chip2: `${chip() + 2}-52-71-72`,
                  temp_pcb1: '45-40-41-44',
                  fan1: 5040,
                },
              ]
            : [{ STATS: 0, ID: 'BTM0', Elapsed: elapsed() }],
        }),
      },
      ...(options.pauseResume
        ? {
            pause: {
              privileged: true,
              handler: () => {
                state.hashing = false;
                return ok(0, 'Pause', 'PAUSE', { PAUSE: true });
              },
            },
            resume: {
              privileged: true,
              handler: () => {
                state.hashing = true;
                return ok(0, 'Resume', 'RESUME', { RESUME: true });
              },
            },
          }
        : {}),
    },
  });
  return Object.assign(server, { state });
}
