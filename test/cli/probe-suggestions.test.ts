import { afterEach, describe, expect, it } from 'vitest';
import { minerPlugins } from '../../adapters/miners/registry.js';
import { parseConfig } from '../../config/loader.js';
import { probeCommand } from '../../src/cli/probe.js';
import type { EmulatorHandle } from '../contract/miner-contract.js';
import { startAvalonEmulator } from '../emulators/avalon.js';
import { startBitaxeEmulator } from '../emulators/bitaxe.js';
import { startBraiinsEmulator } from '../emulators/braiins.js';
import { startStockMiner } from '../emulators/cgminer-miner.js';
import { startShellyEmulator } from '../emulators/shelly.js';
import { startXmrigEmulator } from '../emulators/xmrig.js';
import { testAdapterDeps } from '../fakes/adapter-deps.js';

/** The secrets a suggestion may reference, as the user's environment would hold them. */
const ENV = { BRAIINS_PASSWORD: 'secret', XMRIG_ACCESS_TOKEN: 'tok-123', SHELLY_PASSWORD: 'hunter2' };

/** One family with a probe: its emulator and the probe targets a user would type (explicit and bare). */
interface Case {
  family: string;
  start(): Promise<{ handle: EmulatorHandle; explicit: string; bare: string }>;
  /** What the printed entry must say (host form, secrets as references, placeholders). */
  entry: (port: number) => string;
}

const portOf = (target: string) => Number(/:(\d+)$/.exec(target)?.[1]);

const cases: Case[] = [
  {
    family: 'avalon',
    async start() {
      const emu = await startAvalonEmulator();
      return { handle: emu, explicit: `avalon://127.0.0.1:${emu.port}`, bare: `127.0.0.1:${emu.port}` };
    },
    entry: (port) => `{ id: my-miner, type: avalon, host: 127.0.0.1, port: ${port}, model: nano3s }`,
  },
  {
    family: 'cgminer',
    async start() {
      const emu = await startStockMiner({ flavour: 'bmminer', ths: 110 });
      return { handle: emu, explicit: `cgminer://127.0.0.1:${emu.port}`, bare: `127.0.0.1:${emu.port}` };
    },
    entry: (port) =>
      `{ id: my-miner, type: cgminer, host: 127.0.0.1, port: ${port}, levels: [ { id: on, powerW: 0, ths: 110 } ] }`,
  },
  {
    family: 'braiins',
    async start() {
      const emu = await startBraiinsEmulator();
      const at = `root:secret@127.0.0.1:${emu.port}`;
      return { handle: emu, explicit: `braiins://${at}`, bare: at };
    },
    entry: (port) =>
      `{ id: my-miner, type: braiins, host: "127.0.0.1:${port}", password: "\${BRAIINS_PASSWORD}" }`,
  },
  {
    family: 'bitaxe',
    async start() {
      const emu = await startBitaxeEmulator();
      return { handle: emu, explicit: `bitaxe://127.0.0.1:${emu.port}`, bare: `127.0.0.1:${emu.port}` };
    },
    entry: (port) => `{ id: my-miner, type: bitaxe, host: "127.0.0.1:${port}" }`,
  },
  {
    family: 'xmrig',
    async start() {
      // XMRig reports a hashrate only once its 10 s window has filled: start the miner's clock a minute ago.
      let aheadMs = 0;
      const emu = await startXmrigEmulator({
        accessToken: 'tok-123',
        restricted: false,
        now: () => Date.now() + aheadMs,
      });
      aheadMs = 60_000;
      const at = `:tok-123@127.0.0.1:${emu.port}`;
      return { handle: emu, explicit: `xmrig://${at}`, bare: `http://${at}` };
    },
    entry: (port) =>
      `{ id: my-miner, type: xmrig, host: "127.0.0.1:${port}", accessToken: "\${XMRIG_ACCESS_TOKEN}", powerW: 100, hashrateHs: 15200 }`,
  },
  {
    family: 'shelly',
    async start() {
      const emu = await startShellyEmulator({ password: 'hunter2', initialOn: true, loadW: 1180 });
      const at = `admin:hunter2@${emu.host}`;
      return { handle: emu, explicit: `shelly://${at}`, bare: at };
    },
    entry: (port) =>
      `{ id: my-miner, type: shelly, host: "127.0.0.1:${port}", password: "\${SHELLY_PASSWORD}", levels: [ { id: on, powerW: 1180, ths: 0 } ] }`,
  },
];

async function probe(target: string, json = false) {
  let stdout = '';
  let stderr = '';
  const code = await probeCommand(
    target,
    { json, timeout: 300 },
    {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      deps: testAdapterDeps().deps,
    },
  );
  return { code, stdout, stderr };
}

/** The printed `miners:` entry placed in a minimal config, parsed as `hashheat run` would. */
function parseSuggested(stdout: string) {
  const entry = stdout.split('config (miners:)\n')[1] ?? '';
  const text = `
site: { timeZone: Europe/Berlin, currency: EUR }
prices: { import: { type: fixed, perKWh: 0.30 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners:
${entry}`;
  return parseConfig(text, ENV);
}

describe('hashheat probe: the config entry it suggests', () => {
  const open: EmulatorHandle[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((e) => e.close()));
  });

  it('covers every family in this table that has a probe', () => {
    const probing = new Set(minerPlugins.filter((p) => p.probe).map((p) => p.type));
    for (const c of cases) expect(probing, c.family).toContain(c.family);
  });

  for (const c of cases) {
    it(`${c.family}: found by scheme and as a bare host; the entry parses and reaches the device`, async () => {
      const { handle, explicit, bare } = await c.start();
      open.push(handle);
      const byScheme = await probe(explicit);
      expect(byScheme.stderr).toBe('');
      expect(byScheme.code).toBe(0);
      expect(byScheme.stdout).toContain(`config (miners:)\n  - ${c.entry(portOf(bare))}\n`);
      const config = parseSuggested(byScheme.stdout);
      const miner = config.miners[0]!;
      expect(miner).toMatchObject({ id: 'my-miner', type: c.family });

      // The entry is not only valid: an adapter made from it talks to the device it came from.
      const plugin = minerPlugins.find((p) => p.type === c.family)!;
      const adapter = plugin.create({ ...miner, timeoutMs: 300 }, testAdapterDeps().deps);
      try {
        expect(await adapter.status()).toMatchObject({ reachable: true });
      } finally {
        await adapter.close();
      }

      const byHost = await probe(bare, true);
      expect(byHost.code, byHost.stderr).toBe(0);
      const found = JSON.parse(byHost.stdout);
      expect(found.info.family).toBe(c.family);
      expect(found.config).toMatchObject({ id: 'my-miner', type: c.family });
    });
  }

  it('xmrig before its first hashrate sample: both values are placeholders, named as such', async () => {
    const emu = await startXmrigEmulator({ accessToken: 'tok-123', restricted: false });
    open.push(emu);
    const { code, stdout } = await probe(`xmrig://:tok-123@127.0.0.1:${emu.port}`);
    expect(code).toBe(0);
    expect(stdout).toContain(`powerW: 100, hashrateHs: 1000 }\n`);
    expect(stdout).toContain(
      '# hashrateHs 1000 is a placeholder: no hashrate sample yet; probe again in a minute',
    );
    expect(parseSuggested(stdout).miners[0]).toMatchObject({ type: 'xmrig', hashrateHs: 1000, powerW: 100 });
  });

  it('shelly: a password-protected plug probed without the password names the missing password', async () => {
    const emu = await startShellyEmulator({ password: 'hunter2' });
    open.push(emu);
    const { code, stderr } = await probe(`shelly://${emu.host}`);
    expect(code).toBe(1);
    expect(stderr).toMatch(/shelly: AUTH: .*password-protected; set its password/);
  });
});
