import { afterEach, describe, expect, it } from 'vitest';
import { type CgminerForm, createCgminerClient } from '../../../adapters/protocols/cgminer-client.js';
import { parseCgminerJson } from '../../../adapters/protocols/cgminer-json.js';
import { parseTextReply } from '../../../adapters/protocols/cgminer-text.js';
import { DeviceError } from '../../../src/errors.js';
import {
  type CgminerQuirks,
  type CgminerServer,
  type CommandResult,
  startCgminerServer,
} from '../../emulators/cgminer-server.js';

const TIMEOUT_MS = 300;
const NOW_MS = Date.UTC(2025, 0, 15, 11, 0, 0);

const summaryRow = { Elapsed: 3600, 'MHS av': 13_500_000, 'MHS 5s': 13_612_345.5, Accepted: 42 };
const asc: Record<string, CommandResult> = {
  'workmode,set,1': { status: 'S', code: 119, msg: 'ASC 0 set OK' },
  'workmode,get': { status: 'I', code: 118, msg: 'ASC 0 set info: workmode 1' },
  'workmode,set,2': {
    status: 'E',
    code: 120,
    msg: "ASC 0 set failed: current mode 1 is caling Don't permit switch mode",
  },
  'workmode,set': { status: 'E', code: 120, msg: 'ASC 0 set failed: error:2 parameter error' },
  fan: { status: 'W', code: 117, msg: 'ASC 0 does not support ascset' },
  lcd: { status: 'F', code: 120, msg: 'ASC 0 set failed: lcd is off' },
};

let server: CgminerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(quirks: Partial<CgminerQuirks> = {}) {
  server = await startCgminerServer({
    now: () => NOW_MS,
    slowMs: 1500,
    quirks,
    commands: {
      summary: {
        joinable: true,
        handler: () => ({ status: 'S', code: 11, msg: 'Summary', rows: [summaryRow] }),
      },
      devs: {
        joinable: true,
        handler: () => ({
          status: 'S',
          code: 9,
          msg: '2 ASC(s)',
          rows: [
            { ASC: 0, Name: 'AVA10', Temperature: 71.5 },
            { ASC: 1, Name: 'AVA10', Temperature: Number.POSITIVE_INFINITY },
          ],
        }),
      },
      version: {
        joinable: true,
        handler: () => ({
          status: 'S',
          code: 22,
          msg: 'CGMiner versions',
          rows: [{ CGMiner: '4.11.1', PROD: 'A, B' }],
        }),
      },
      ascset: {
        privileged: true,
        handler: ({ param }) =>
          asc[(param ?? '').replace(/^0,/, '')] ?? { status: 'S', code: 119, msg: 'ASC 0 set OK' },
      },
      softon: { privileged: true, handler: () => ({ status: 'I', code: 118, msg: '', silent: true }) },
    },
  });
  return server;
}

function client(port: number, form: CgminerForm = 'json') {
  return createCgminerClient({ host: '127.0.0.1', port, timeoutMs: TIMEOUT_MS, form });
}

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeviceError);
  return error as DeviceError;
}

describe('cgminer client: framing', () => {
  it('sends one JSON request with the parameter as one comma-separated string', async () => {
    const emu = await start();
    const reply = await client(emu.port).command('ascset', '0,workmode,set,1');
    expect(emu.requests).toEqual(['{"command":"ascset","parameter":"0,workmode,set,1"}']);
    expect(reply.status).toMatchObject({ STATUS: 'S', Code: 119, Msg: 'ASC 0 set OK', When: NOW_MS / 1000 });
  });

  it('reads a NUL-terminated JSON reply into sections, keeping numbers and reading bare inf as unknown', async () => {
    const emu = await start();
    const c = client(emu.port);
    const summary = await c.command('summary');
    expect(summary.sections.SUMMARY).toEqual([summaryRow]);
    const devs = await c.command('devs');
    expect(devs.sections.DEVS?.map((d) => d.Temperature)).toEqual([71.5, null]);
    expect(c.lastWhenS()).toBe(NOW_MS / 1000);
  });

  it('speaks the text form: `cmd|param` without a newline, escaped values unescaped', async () => {
    const emu = await start();
    const c = client(emu.port, 'text');
    const version = await c.command('version');
    expect(emu.requests[0]).toBe('version');
    expect(version.sections.VERSION?.[0]).toEqual({ CGMiner: '4.11.1', PROD: 'A, B' });
    await c.command('ascset', '0,workmode,set,1');
    expect(emu.requests[1]).toBe('ascset|0,workmode,set,1');
    const summary = await c.command('summary');
    expect(summary.sections.SUMMARY?.[0]).toEqual(summaryRow);
  });

  it('gets Code 14 for a text command with a trailing newline, as cgminer does', async () => {
    const emu = await start();
    const error = await failure(client(emu.port, 'text').command('version\n'));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('Invalid command (code 14)');
  });

  it('tolerates a reply closed without its NUL terminator', async () => {
    const emu = await start({ nulTerminator: false });
    const reply = await client(emu.port).command('summary');
    expect(reply.sections.SUMMARY?.[0]?.Elapsed).toBe(3600);
  });

  it.each(['trailing-comma', 'missing-comma', 'raw-newline'] as const)(
    'repairs the "%s" malformed-JSON quirk',
    async (malformed) => {
      const emu = await start({ malformed });
      const devs = await client(emu.port).command('devs');
      expect(devs.sections.DEVS?.map((d) => d.ASC)).toEqual([0, 1]);
    },
  );

  it('closes a truncated reply after its last complete value and flags it', async () => {
    const emu = await start({ malformed: 'truncated' });
    const reply = await client(emu.port).command('devs');
    expect(reply.truncated).toBe(true);
    expect(reply.status.Code).toBe(9);
  });

  it('rejects the headless Avalon reply `,"id":1}` as BAD_RESPONSE', async () => {
    const emu = await start({ malformed: 'leading-comma' });
    const error = await failure(client(emu.port).command('summary'));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toContain('no STATUS');
  });

  it('resolves a connection closed without a reply only where that is a known quirk', async () => {
    const emu = await start();
    const c = client(emu.port);
    await expect(c.commandOrSilence('softon')).resolves.toBeUndefined();
    const error = await failure(c.command('softon'));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toContain('closed without a reply');
  });

  it('serialises concurrent calls: one connection at a time, answers in order', async () => {
    const emu = await start();
    const c = client(emu.port);
    const replies = await Promise.all([c.command('summary'), c.command('devs'), c.command('version')]);
    expect(replies.map((r) => r.status.Code)).toEqual([11, 9, 22]);
    expect(emu.peakConnections()).toBe(1);
  });
});

describe('cgminer client: multi-commands', () => {
  it.each(['json', 'text'] as const)('splits a joined %s reply into one reply per command', async (form) => {
    const emu = await start();
    const replies = await client(emu.port, form).multi(['summary', 'devs']);
    expect(emu.requests[0]).toBe(form === 'json' ? '{"command":"summary+devs"}' : 'summary+devs');
    const summary = replies.summary;
    const devs = replies.devs;
    expect(summary).not.toBeInstanceOf(DeviceError);
    expect(devs).not.toBeInstanceOf(DeviceError);
    if (summary instanceof DeviceError || devs instanceof DeviceError) return;
    expect(summary?.sections.SUMMARY?.[0]?.Elapsed).toBe(3600);
    expect(devs?.sections.DEVS).toHaveLength(2);
  });

  it('types each failing sub-command: a write command is denied, an unknown one unsupported', async () => {
    const emu = await start();
    const replies = await client(emu.port).multi(['summary', 'ascset', 'nosuch']);
    expect(replies.summary).not.toBeInstanceOf(DeviceError);
    expect(replies.ascset).toMatchObject({ code: 'AUTH' });
    expect(replies.nosuch).toMatchObject({ code: 'UNSUPPORTED' });
  });
});

describe('cgminer client: STATUS codes', () => {
  it.each([
    ['workmode,get', 'ok', 'I 118 info counts as success'],
    ['workmode,set', 'REFUSED:false', 'a parameter error is refused for good'],
    ['workmode,set,2', 'REFUSED:true', 'calibration is refused for now'],
    ['fan', 'UNSUPPORTED:false', 'W 117 does not support ascset'],
    ['lcd', 'REFUSED:true', 'F fatal'],
  ])('ascset|0,%s → %s (%s)', async (param, expected) => {
    const emu = await start();
    const promise = client(emu.port).command('ascset', `0,${param}`);
    if (expected === 'ok') {
      await expect(promise).resolves.toMatchObject({ status: { STATUS: 'I', Code: 118 } });
      return;
    }
    const error = await failure(promise);
    expect(`${error.code}:${error.retryable}`).toBe(expected);
  });

  it('maps Access denied (code 45) to AUTH with a hint, and request() returns it unchecked', async () => {
    const emu = await start({ writeAllowed: false });
    const c = client(emu.port);
    const error = await failure(c.command('ascset', '0,workmode,set,1'));
    expect(error.code).toBe('AUTH');
    expect(error.message).toContain('--api-allow');
    const raw = await c.request('ascset', '0,workmode,set,1');
    expect(raw.status).toMatchObject({ STATUS: 'E', Code: 45 });
  });
});

describe('cgminer client: faults', () => {
  it.each([
    ['no-answer', 'TIMEOUT'],
    ['slow', 'TIMEOUT'],
    ['garbage', 'BAD_RESPONSE'],
    ['reset', 'UNREACHABLE'],
    ['auth', 'AUTH'],
  ] as const)('"%s" → %s within the timeout, then recovers', async (fault, code) => {
    const emu = await start();
    const c = client(emu.port);
    emu.setFault(fault);
    const started = performance.now();
    expect((await failure(c.command('summary'))).code).toBe(code);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 200);
    emu.setFault('none');
    await expect(c.command('summary')).resolves.toMatchObject({ status: { Code: 11 } });
  });

  it('maps a refused connection to UNREACHABLE', async () => {
    const emu = await start();
    const port = emu.port;
    await emu.close();
    server = undefined;
    const error = await failure(client(port).command('summary'));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('cgminer wire parsing', () => {
  // A Nano 3S `estats` in the text form as the firmware writes it: the driver builds `MM ID0` with
  // `SYSTEMSTATU[Work: %s, Hash Board: %d]` (Canaan-Creative/Avalon_Nano3s driver-avalon.c) and adds it
  // with api_add_string, which print_data() writes raw; escape_string() runs only for API_ESCAPE values
  // (Msg, Description) (cg_miner/api/api.c, same as ckolivas/cgminer api.c). So the comma arrives unescaped.
  it('keeps a raw comma inside an Avalon MM ID0 value (text form)', () => {
    const mm =
      'Ver[Nano3s-25021401_56abae7] PFCnt[0] NETFAIL[0 0 0 0 0 0 0 0] SYSTEMSTATU[Work: In Work, Hash Board: 1] ' +
      'Elapsed[7200] ITemp[24] OTemp[38] TMax[84] TAvg[78] Fan1[2100] FanR[55%] PS[0 0 27458 4 0 3990 130] ' +
      'GHSspd[6012.34] SoftOFF[0] WORKMODE[2] WORKLEVEL[0] MPO[140] ADJ[1]';
    const text =
      'STATUS=S,When=1736938800,Code=70,Msg=CGMiner stats,Description=cgminer 4.11.1|' +
      `STATS=0,ID=AVALON0,Elapsed=7200,Calls=0,Wait=0.000000,MM ID0=${mm},MM Count=1,Nonce Mask=25|`;
    const parsed = parseTextReply(text, 'estats') as { STATS: Record<string, unknown>[] };
    expect(parsed.STATS[0]).toMatchObject({ ID: 'AVALON0', 'MM ID0': mm, 'MM Count': 1, 'Nonce Mask': 25 });
  });

  it('joins a raw comma in a plain value and splits at commas when brackets never close', () => {
    expect(parseTextReply('STATUS=S,Code=22|VERSION,PROD=A, B,API=3.7|', 'version')).toMatchObject({
      VERSION: [{ PROD: 'A, B', API: 3.7 }],
    });
    expect(parseTextReply('STATUS=S,Code=11|SUMMARY,X=[open,Y=2|', 'summary')).toMatchObject({
      SUMMARY: [{ X: '[open', Y: 2 }],
    });
  });

  it('repairs bare inf/nan to null and a leading comma array', () => {
    const parsed = parseCgminerJson('{"STATUS":[,{"STATUS":"S"}],"STATS":[{"GHS":inf,"T":-nan}],"id":1}\0');
    expect(parsed.value).toEqual({ STATUS: [{ STATUS: 'S' }], STATS: [{ GHS: null, T: null }], id: 1 });
    expect(parsed.fixes).toEqual(['leading-comma-array', 'bare-inf-nan']);
  });

  it('throws on garbage', () => {
    expect(() => parseCgminerJson('\x13\x37 <html>')).toThrow(/not JSON/);
  });

  it('parses a text multi-command reply with escaped separators', () => {
    const text =
      'CMD=summary|STATUS=S,When=5,Code=11,Msg=Summary,Description=cgminer 4.11.1|SUMMARY,Elapsed=5,MHS av=1.5|' +
      'CMD=version|STATUS=S,Code=22,Msg=CGMiner versions|VERSION,PROD=Avalon\\, Nano\\|3s,X=a\\=b|';
    expect(parseTextReply(text, 'summary+version')).toEqual({
      summary: [
        {
          STATUS: [{ STATUS: 'S', When: 5, Code: 11, Msg: 'Summary', Description: 'cgminer 4.11.1' }],
          SUMMARY: [{ Elapsed: 5, 'MHS av': 1.5 }],
        },
      ],
      version: [
        {
          STATUS: [{ STATUS: 'S', Code: 22, Msg: 'CGMiner versions' }],
          VERSION: [{ PROD: 'Avalon, Nano|3s', X: 'a=b' }],
        },
      ],
    });
  });
});
