import { afterEach, describe, expect, it } from 'vitest';
import { minerPlugins } from '../../adapters/miners/registry.js';
import { probeCommand } from '../../src/cli/probe.js';
import type { EmulatorHandle } from '../contract/miner-contract.js';
import { startAntminerEmulator } from '../emulators/antminer.js';
import { startLuxosEmulator } from '../emulators/luxos.js';
import { startVnishEmulator } from '../emulators/vnish.js';
import { startWhatsminerEmulator } from '../emulators/whatsminer.js';
import { testAdapterDeps } from '../fakes/adapter-deps.js';

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

describe('hashheat probe: more miner families', () => {
  it('whatsminer:// prints the model, API version, status and the current limit as a level', async () => {
    const emu = await startWhatsminerEmulator();
    running.push(emu);
    const { code, stdout, stderr } = await probe(`whatsminer://127.0.0.1:${emu.v2Port}?v3Port=${emu.v3Port}`);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('family    whatsminer');
    expect(stdout).toContain('model     Whatsminer M50S_VH20');
    expect(stdout).toContain('firmware  20250321.22.REL (API v3)');
    expect(stdout).toMatch(/status\s+running at w3300, 3201 W, 110\.00 TH\/s, chip 73 °C/);
    expect(stdout).toMatch(/w3300\s+3300 W\s+110 TH\/s/);
  });

  it('luxos:// lists the profiles as levels', async () => {
    const emu = await startLuxosEmulator();
    running.push(emu);
    const { code, stdout } = await probe(`luxos://127.0.0.1:${emu.port}`, true);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.info.family).toBe('luxos');
    expect(result.levels.map((l: { id: string }) => l.id)).toEqual(['off', 'p190mhz', 'p240mhz', 'p290mhz']);
  });

  it('vnish:// with the password in the URL lists the tuned presets', async () => {
    const emu = await startVnishEmulator();
    running.push(emu);
    const { code, stdout } = await probe(`vnish://:admin-pass@127.0.0.1:${emu.port}`);
    expect(code).toBe(0);
    expect(stdout).toContain('model     Antminer S19j Pro');
    expect(stdout).toContain('firmware  Vnish 1.2.6');
    expect(stdout).toMatch(/p1100\s+1100 W\s+48 TH\/s/);
  });

  it('antminer:// reads the cgminer API and the web UI; power is unknown, so it says to measure', async () => {
    const emu = await startAntminerEmulator();
    running.push(emu);
    const { code, stdout } = await probe(`antminer://127.0.0.1:${emu.apiPort}?webPort=${emu.webPort}`);
    expect(code).toBe(0);
    expect(stdout).toContain('family    antminer');
    expect(stdout).toContain('can       soft stop yes, throttle yes, reports power no');
    expect(stdout).toMatch(/normal\s+\? W\s+110 TH\/s/);
    expect(stdout).toContain('the device does not report power: measure it');
  });

  it('a bare host:port finds LuxOS by trying every family in registry order', async () => {
    const emu = await startLuxosEmulator();
    running.push(emu);
    const { code, stdout } = await probe(`127.0.0.1:${emu.port}`, true);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).info.family).toBe('luxos');
  });

  it('a bare host:port of a Whatsminer (v2 port) is found as a whatsminer, not a generic cgminer', async () => {
    const emu = await startWhatsminerEmulator({ firmware: 'v2' });
    running.push(emu);
    const { code, stdout } = await probe(`127.0.0.1:${emu.v2Port}`, true);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).info).toMatchObject({
      family: 'whatsminer',
      firmware: '20230911.12.REL (API v2)',
    });
  });
});
