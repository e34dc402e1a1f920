import { afterEach, describe, expect, it } from 'vitest';
import { minerPlugins } from '../../adapters/miners/registry.js';
import { parseConfig } from '../../config/loader.js';
import { probeCommand } from '../../src/cli/probe.js';
import type { EmulatorHandle } from '../contract/miner-contract.js';
import { startAntminerEmulator } from '../emulators/antminer.js';
import { startLuxosEmulator } from '../emulators/luxos.js';
import { startVnishEmulator } from '../emulators/vnish.js';
import { startWhatsminerEmulator } from '../emulators/whatsminer.js';
import { testAdapterDeps } from '../fakes/adapter-deps.js';

/** The secrets the suggested entries reference, as the user's environment would hold them. */
const ENV = {
  WHATSMINER_PASSWORD: 'miner-secret',
  VNISH_PASSWORD: 'admin-pass',
  ANTMINER_PASSWORD: 'secret',
};

const running: EmulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function probe(target: string, json = false) {
  let stdout = '';
  let stderr = '';
  const code = await probeCommand(
    target,
    { json, timeout: 300 },
    {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      plugins: minerPlugins,
      deps: testAdapterDeps().deps,
    },
  );
  return { code, stdout, stderr };
}

/** The printed `miners:` entry in a minimal config, parsed as `hashheat run` would. */
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

interface Case {
  name: string;
  family: string;
  start(): Promise<{ handle: EmulatorHandle; explicit: string; bare: string; entry: string }>;
}

const cases: Case[] = [
  {
    name: 'whatsminer (API v3)',
    family: 'whatsminer',
    async start() {
      const emu = await startWhatsminerEmulator();
      const at = `127.0.0.1:${emu.v2Port}?v3Port=${emu.v3Port}`;
      const entry = `{ id: my-miner, type: whatsminer, host: 127.0.0.1, v2Port: ${emu.v2Port}, v3Port: ${emu.v3Port}, password: "\${WHATSMINER_PASSWORD}", levels: [ { id: w3300, powerW: 3300, ths: 110, powerLimitW: 3300 } ] }`;
      return { handle: emu, explicit: `whatsminer://${at}`, bare: at, entry };
    },
  },
  {
    name: 'whatsminer (API v2)',
    family: 'whatsminer',
    async start() {
      const emu = await startWhatsminerEmulator({ firmware: 'v2', powerLimitW: 3000 });
      const at = `127.0.0.1:${emu.v2Port}`;
      const entry = `{ id: my-miner, type: whatsminer, host: 127.0.0.1, v2Port: ${emu.v2Port}, password: "\${WHATSMINER_PASSWORD}", levels: [ { id: w3000, powerW: 3000, ths: 100, powerLimitW: 3000 } ] }`;
      return { handle: emu, explicit: `whatsminer://${at}`, bare: at, entry };
    },
  },
  {
    name: 'luxos',
    family: 'luxos',
    async start() {
      const emu = await startLuxosEmulator();
      const at = `127.0.0.1:${emu.port}`;
      const entry = `{ id: my-miner, type: luxos, host: 127.0.0.1, port: ${emu.port}, levels: [ { id: p190mhz, powerW: 1850, ths: 72, profile: 190MHz }, { id: p240mhz, powerW: 2450, ths: 88, profile: 240MHz }, { id: p290mhz, powerW: 3050, ths: 104, profile: 290MHz } ] }`;
      return { handle: emu, explicit: `luxos://${at}`, bare: at, entry };
    },
  },
  {
    name: 'vnish',
    family: 'vnish',
    async start() {
      const emu = await startVnishEmulator();
      const at = `:admin-pass@127.0.0.1:${emu.port}`;
      const entry = `{ id: my-miner, type: vnish, host: "127.0.0.1:${emu.port}", password: "\${VNISH_PASSWORD}", levels: [ { id: p1100, powerW: 1100, ths: 48, preset: "1100" }, { id: p2200, powerW: 2200, ths: 78, preset: "2200" }, { id: p3250, powerW: 3250, ths: 104, preset: "3250" } ] }`;
      return { handle: emu, explicit: `vnish://${at}`, bare: at, entry };
    },
  },
  {
    name: 'antminer (stock)',
    family: 'antminer',
    async start() {
      const emu = await startAntminerEmulator({ password: 'secret' });
      const at = `root:secret@127.0.0.1:${emu.apiPort}?webPort=${emu.webPort}`;
      const entry = `{ id: my-miner, type: antminer, host: 127.0.0.1, port: ${emu.apiPort}, webPort: ${emu.webPort}, password: "\${ANTMINER_PASSWORD}", levels: [ { id: low, powerW: 0, ths: 0, mode: low }, { id: normal, powerW: 0, ths: 110, mode: normal } ] }`;
      return { handle: emu, explicit: `antminer://${at}`, bare: at, entry };
    },
  },
];

describe('hashheat probe: more miner families', () => {
  for (const c of cases) {
    it(`${c.name}: found by scheme and as a bare host; the entry it prints parses and reaches the device`, async () => {
      const { handle, explicit, bare, entry } = await c.start();
      running.push(handle);
      const byScheme = await probe(explicit);
      expect(byScheme.stderr).toBe('');
      expect(byScheme.code).toBe(0);
      expect(byScheme.stdout).toContain(`config (miners:)\n  - ${entry}\n`);
      const miner = parseSuggested(byScheme.stdout).miners[0]!;
      expect(miner).toMatchObject({ id: 'my-miner', type: c.family });
      const plugin = minerPlugins.find((p) => p.type === c.family)!;
      const adapter = plugin.create({ ...miner, timeoutMs: 300 }, testAdapterDeps().deps);
      try {
        expect(await adapter.status()).toMatchObject({ reachable: true });
      } finally {
        await adapter.close();
      }
      const byHost = await probe(bare, true);
      expect(byHost.code, byHost.stderr).toBe(0);
      expect(JSON.parse(byHost.stdout).info.family).toBe(c.family);
    });
  }

  it('whatsminer:// prints the model, API version, status and the current limit as a level', async () => {
    const emu = await startWhatsminerEmulator();
    running.push(emu);
    const { code, stdout } = await probe(`whatsminer://127.0.0.1:${emu.v2Port}?v3Port=${emu.v3Port}`);
    expect(code).toBe(0);
    expect(stdout).toContain('family    whatsminer');
    expect(stdout).toContain('model     Whatsminer M50S_VH20');
    expect(stdout).toContain('firmware  20250321.22.REL (API v3)');
    expect(stdout).toMatch(/status\s+running at w3300, 3201 W, 110\.00 TH\/s, chip 73 °C/);
    expect(stdout).toMatch(/w3300\s+3300 W\s+110 TH\/s/);
    expect(stdout).toContain('# set WHATSMINER_PASSWORD to the admin (API v2) or super (API v3) password');
  });

  it('antminer:// says power is unknown and to measure it; vnish:// shows the firmware', async () => {
    const stock = await startAntminerEmulator();
    running.push(stock);
    const a = await probe(`antminer://127.0.0.1:${stock.apiPort}?webPort=${stock.webPort}`);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('can       soft stop yes, throttle yes, reports power no');
    expect(a.stdout).toMatch(/normal\s+\? W\s+110 TH\/s/);
    expect(a.stdout).toContain('# powerW 0 is a placeholder: stock firmware does not report power');
    const vnish = await startVnishEmulator({ version: '1.2.6' });
    running.push(vnish);
    const v = await probe(`vnish://:admin-pass@127.0.0.1:${vnish.port}`);
    expect(v.stdout).toContain('firmware  Vnish 1.2.6');
  });

  it('a stock Antminer whose web UI is out of reach falls back to the generic cgminer family', async () => {
    const stock = await startAntminerEmulator();
    const api = stock.apiPort;
    await stock.web.close();
    running.push(stock.api);
    const { code, stdout } = await probe(`127.0.0.1:${api}?webPort=${stock.webPort}`, true);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).info.family).toBe('cgminer');
  });
});
