import { afterEach, describe, expect, it } from 'vitest';
import { avalonMiner } from '../../adapters/miners/avalon/avalon.js';
import { cgminerMiner } from '../../adapters/miners/cgminer/cgminer.js';
import { minerPlugins } from '../../adapters/miners/registry.js';
import { probeCommand } from '../../src/cli/probe.js';
import type { EmulatorHandle } from '../contract/miner-contract.js';
import { startAvalonEmulator } from '../emulators/avalon.js';
import { startStockMiner } from '../emulators/cgminer-miner.js';
import { testAdapterDeps } from '../fakes/adapter-deps.js';

const running: EmulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function probe(
  target: string,
  options: { json?: boolean } = {},
  plugins = [avalonMiner, cgminerMiner],
) {
  let stdout = '';
  let stderr = '';
  const code = await probeCommand(
    target,
    { ...options, timeout: 300 },
    {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      plugins,
      deps: testAdapterDeps().deps,
    },
  );
  return { code, stdout, stderr };
}

async function avalon(options: Parameters<typeof startAvalonEmulator>[0] = {}) {
  const emu = await startAvalonEmulator(options);
  running.push(emu);
  return emu;
}

describe('hashheat probe', () => {
  it('prints an Avalon as a readable block: identity, status, capabilities, levels, a config line', async () => {
    const emu = await avalon({ startMode: 2 });
    const { code, stdout, stderr } = await probe(`avalon://127.0.0.1:${emu.port}`);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('family    avalon');
    expect(stdout).toContain('model     Avalon Nano3s');
    expect(stdout).toContain('firmware  25021401_56abae7 (cgminer 4.11.1)');
    expect(stdout).toMatch(/status {4}running at super, 140 W, 6\.01 TH\/s, chip 84 °C, up 2h 0m/);
    expect(stdout).toContain('can       soft stop no, throttle yes, reports power yes');
    expect(stdout).toMatch(/standard\s+110 W\s+5 TH\/s/);
    expect(stdout).toContain(
      `- { id: my-miner, type: avalon, host: 127.0.0.1, port: ${emu.port}, model: nano3s }\n` +
        '    # this firmware has no soft off: add a companion plug to switch the miner off',
    );
  });

  it('prints JSON for scripts, with soft stop detected from ascset help', async () => {
    const emu = await avalon({ softOff: true });
    const { code, stdout } = await probe(`avalon://127.0.0.1:${emu.port}`, { json: true });
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      url: `avalon://127.0.0.1:${emu.port}`,
      info: { family: 'avalon', model: 'Avalon Nano3s', serial: 'e0e1a9000b3c' },
      status: { reachable: true, running: true, levelId: 'super', powerW: 140 },
      capabilities: { softStop: true, throttle: true, reportsPower: true },
    });
    expect(result.levels.map((l: { id: string }) => l.id)).toEqual(['off', 'eco', 'standard', 'super']);
  });

  it('finds the family of a bare host:port by trying every plugin in registry order', async () => {
    const emu = await avalon();
    const bare = await probe(`127.0.0.1:${emu.port}`, { json: true }, minerPlugins);
    expect(bare.code).toBe(0);
    // The generic cgminer probe leaves an Avalon to the avalon family, whatever the order.
    expect(JSON.parse(bare.stdout).info.family).toBe('avalon');
    const reversed = await probe(`127.0.0.1:${emu.port}`, { json: true }, [cgminerMiner, avalonMiner]);
    expect(JSON.parse(reversed.stdout).info.family).toBe('avalon');
  });

  it('identifies a stock bmminer as a generic cgminer with its measured hashrate as the one level', async () => {
    const emu = await startStockMiner({ flavour: 'bmminer', ths: 110 });
    running.push(emu);
    const { code, stdout } = await probe(`127.0.0.1:${emu.port}`, { json: true });
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.info).toEqual({
      family: 'cgminer',
      model: 'Antminer S19 Pro',
      firmware: 'Fri Aug 26 2022 (bmminer 1.0.0)',
    });
    expect(result.levels).toEqual([
      { id: 'off', powerW: 0, ths: 0 },
      { id: 'on', powerW: 0, ths: 110 },
    ]);
    expect(result.capabilities.softStop).toBe(false);
  });

  it('reads an Avalon through cgminer:// when asked explicitly', async () => {
    const emu = await avalon();
    const { code, stdout } = await probe(`cgminer://127.0.0.1:${emu.port}`);
    expect(code).toBe(0);
    expect(stdout).toContain('family    cgminer');
    expect(stdout).toContain('model     Avalon Nano3s');
    expect(stdout).toMatch(/on\s+\? W\s+6\.012 TH\/s/);
    expect(stdout).toContain(
      `- { id: my-miner, type: cgminer, host: 127.0.0.1, port: ${emu.port}, levels: [ { id: on, powerW: 0, ths: 6.012 } ] }\n` +
        '    # powerW 0 is a placeholder: the device does not report power; measure it at the wall (W)',
    );
  });

  it('exits 1 with what each family said when nothing answers', async () => {
    const emu = await avalon();
    const port = emu.port;
    await emu.close();
    running.splice(0);
    const { code, stdout, stderr } = await probe(`127.0.0.1:${port}`);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`no miner answered at 127.0.0.1:${port}`);
    expect(stderr).toMatch(/avalon: UNREACHABLE: .*ECONNREFUSED/);
    expect(stderr).toMatch(/cgminer: UNREACHABLE: .*ECONNREFUSED/);
  });

  it('exits 1 within the timeout when the device accepts but never answers', async () => {
    const emu = await avalon();
    emu.setFault('no-answer');
    const started = performance.now();
    const { code, stderr } = await probe(`avalon://127.0.0.1:${emu.port}`);
    expect(code).toBe(1);
    expect(stderr).toMatch(/avalon: TIMEOUT/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('names the known families for an unknown scheme', async () => {
    const { code, stderr } = await probe('foo://10.0.0.5');
    expect(code).toBe(1);
    expect(stderr).toContain('unknown miner family "foo" (known: avalon://, cgminer://)');
  });
});
