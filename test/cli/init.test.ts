import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { envReference } from '../../adapters/probe-url.js';
import { loadConfig } from '../../config/loader.js';
import { type InitOptions, initCommand } from '../../src/cli/init.js';
import type { EmulatorHandle } from '../contract/miner-contract.js';
import { startAvalonEmulator } from '../emulators/avalon.js';
import { startBitaxeEmulator } from '../emulators/bitaxe.js';
import { testAdapterDeps } from '../fakes/adapter-deps.js';

// `hashheat init` (issue 11 item 4). The miners it probes are the protocol emulators of test/emulators
// (Avalon: cgminer API on TCP, Bitaxe: AxeOS HTTP API), through the real `hashheat probe` code.
const running: EmulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function init(options: InitOptions, answers?: string) {
  const stdin = new PassThrough();
  if (answers !== undefined) stdin.end(answers);
  let stdout = '';
  let stderr = '';
  const code = await initCommand(
    { timeout: '500', ...options },
    {
      stdin,
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: {},
      deps: testAdapterDeps().deps,
      now: () => new Date('2026-01-15T10:00:00Z'),
    },
  );
  return { code, stdout, stderr };
}

const tmp = () => join(mkdtempSync(join(tmpdir(), 'hashheat-init-')), 'config', 'hashheat.yaml');

describe('hashheat init', () => {
  it('from flags: writes a config for a heated room with the probed Avalon that the config loader accepts', async () => {
    const emu = await startAvalonEmulator({ startMode: 1 });
    running.push(emu);
    const out = tmp();
    const flags = { out, yes: true, case: 'heater', tz: 'Europe/Vienna', currency: 'eur', tariff: '0.27' };
    const { code, stdout, stderr } = await init({ ...flags, miner: [`avalon://127.0.0.1:${emu.port}`] });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${out}: a valid config with 1 miner.`);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('# avalon (Avalon Nano3s) at avalon://127.0.0.1:');
    expect(text).toMatch(/timeZone: Europe\/Vienna # IANA zone/); // commented for the user
    const config = loadConfig(out, {});
    expect(config.site).toMatchObject({ timeZone: 'Europe/Vienna', currency: 'EUR' });
    expect(config.agent.dryRun).toBe(true);
    expect(config.prices.import).toMatchObject({ type: 'fixed', perKWh: 0.27 });
    expect(config.prices.export).toBeUndefined();
    expect(config.zones.map((z) => z.id)).toEqual(['living']);
    expect(config.miners).toHaveLength(1);
    expect(config.miners[0]).toMatchObject({
      id: 'avalon',
      type: 'avalon',
      zone: 'living',
      host: '127.0.0.1',
      port: emu.port,
    });
  });

  it('from the prompts: asks, re-asks a bad answer, probes the Bitaxe typed in, writes a solar + heating config', async () => {
    const emu = await startBitaxeEmulator();
    running.push(emu);
    const out = tmp();
    // case, time zone, currency, tariff (a bad one, then a good one), feed-in, one miner, then done.
    const answers = [
      '3',
      'Europe/Berlin',
      'chf',
      'cheap please',
      'energy-charts:AT',
      '0.05',
      `bitaxe://127.0.0.1:${emu.port}`,
      '',
    ];
    const { code, stdout, stderr } = await init({ out }, `${answers.join('\n')}\n`);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(
      'What will the miners do? 1) heat a room  2) soak up solar surplus  3) both [1]: ',
    );
    expect(stdout).toContain('Currency [EUR]: ');
    expect(stderr).toContain('"cheap please" is not a tariff');
    expect(stdout.match(/Electricity tariff/g)).toHaveLength(2);
    expect(stdout).toContain('edit prices.import.charges and tax');
    const config = loadConfig(out, {});
    expect(config.site).toMatchObject({ timeZone: 'Europe/Berlin', currency: 'CHF', reserveW: 0 });
    expect(config.prices.import).toMatchObject({ type: 'energy-charts', zone: 'AT' });
    expect(config.prices.export).toMatchObject({ type: 'fixed', perKWh: 0.05 });
    expect(config.zones.map((z) => z.id)).toEqual(['living']);
    expect(config.miners[0]).toMatchObject({ id: 'bitaxe', type: 'bitaxe', zone: 'living' });
  });

  it('refuses to overwrite an existing file without --force, and overwrites it with --force', async () => {
    const out = tmp();
    await init({ out, yes: true, tz: 'UTC' });
    writeFileSync(out, '# mine\n');
    const refused = await init({ out, yes: true, tz: 'UTC' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('exists; keeping it. Pass --force');
    expect(readFileSync(out, 'utf8')).toBe('# mine\n');
    const forced = await init({ out, yes: true, tz: 'UTC', case: 'solar', force: true });
    expect(forced.code).toBe(0);
    const config = loadConfig(out, {});
    expect(config.zones).toEqual([]);
    expect(config.miners[0]).toMatchObject({ id: 'example', type: 'simulated' });
    expect(config.miners[0]!.zone).toBeUndefined();
  });

  it('a bad flag is an error and writes nothing; a miner that does not answer is left out', async () => {
    const out = tmp();
    const bad = await init({ out, yes: true, tz: 'Mars/Olympus' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--tz: "Mars/Olympus" is not an IANA time zone');
    expect(existsSync(out)).toBe(false);
    const dead = await init({ out, yes: true, tz: 'UTC', miner: ['avalon://127.0.0.1:1'] });
    expect(dead.code).toBe(0);
    expect(dead.stderr).toContain('left out (add it later: hashheat probe avalon://127.0.0.1:1)');
    expect(loadConfig(out, {}).miners[0]!.id).toBe('example');
  });

  it('a token tariff validates with the secret still to set, and says so', async () => {
    const out = tmp();
    const { code, stdout } = await init({ out, yes: true, tz: 'UTC', tariff: 'entsoe:FR' });
    expect(code).toBe(0);
    expect(stdout).toContain('before running, set in the environment: ENTSOE_TOKEN');
    expect(readFileSync(out, 'utf8')).toContain(`token: ${envReference('ENTSOE_TOKEN')}`);
    expect(loadConfig(out, { ENTSOE_TOKEN: 't' }).prices.import).toMatchObject({
      type: 'entsoe',
      zone: 'FR',
    });
  });
});
