import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check.js';
import { type AvalonEmulator, startAvalonEmulator } from '../emulators/avalon.js';

// Issue 12: `hashheat check` warns about a miner nothing can switch off (Jan-2025 Nano 3S firmware:
// `ascset|0,help` lists no softoff, reference/miners.md §2.3) so the user adds a plug before relying on it.
describe('hashheat check: a miner that cannot be switched off', () => {
  let emu: AvalonEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
  });

  async function check(softOff: boolean): Promise<{ code: number; out: string }> {
    emu = await startAvalonEmulator({ softOff, startMode: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'hashheat-check-'));
    const path = join(dir, 'hashheat.yaml');
    writeFileSync(
      path,
      `prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
agent: { dataDir: ${JSON.stringify(join(dir, 'data'))} }
zones: [{ id: living, heater: { type: resistive } }]
miners:
  - { id: nano, type: avalon, zone: living, host: 127.0.0.1, port: ${emu.port}, model: nano3s, timeoutMs: 2000 }
`,
    );
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      out += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      return { code: await checkCommand({ config: path }), out };
    } finally {
      process.stdout.write = write;
    }
  }

  it('warns, naming the fix, and still passes (a warning is not a failure)', async () => {
    const { code, out } = await check(false);
    expect(out).toMatch(/nano\s+WARN\s+cannot switch off: no soft off and no companion plug/);
    expect(code).toBe(0);
  });

  it('says nothing when the firmware has soft off', async () => {
    const { out } = await check(true);
    expect(out).not.toContain('cannot switch off');
  });
});
