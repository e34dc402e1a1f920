import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/loader.js';
import { createMiners } from '../../../src/agent/wiring.js';
import { type ShellyEmulator, startShellyEmulator } from '../../emulators/shelly.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';

const config = (host: string) => `
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners:
  - id: plain
    type: simulated
    levels: [{ id: low, powerW: 80, ths: 4 }]
  - id: plugged
    type: simulated
    levels: [{ id: low, powerW: 80, ths: 4 }]
    companion: { type: shelly, host: "${host}", password: pw, timeoutMs: 300 }
`;

describe('createMiners with a companion plug', () => {
  let device: ShellyEmulator | undefined;
  afterEach(async () => {
    await device?.close();
  });

  it('wraps only the miners that have one, and their status carries the plug power', async () => {
    device = await startShellyEmulator({ password: 'pw', initialOn: true, loadW: 77.5 });
    const { deps } = testAdapterDeps();
    const [plain, plugged] = createMiners(parseConfig(config(device.host)), deps);
    await plugged!.apply(plugged!.levels()[1]!);
    expect(await plugged!.status()).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'low',
      powerW: 77.5,
    });
    expect(device.requests.some((r) => r.rpcMethod === 'Switch.GetStatus' && r.authorized)).toBe(true);
    await plain!.apply(plain!.levels()[1]!);
    expect((await plain!.status()).powerW).toBe(80);
    device.setOutput(false);
    expect(await plugged!.status()).toMatchObject({ reachable: false, running: false, levelId: 'off' });
    expect((await plain!.status()).reachable).toBe(true);
  });
});
