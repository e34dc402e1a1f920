import { afterEach, describe, expect, it } from 'vitest';
import { startXmrigEmulator, type XmrigEmulator } from '../../emulators/xmrig.js';
import { FakeClock } from '../../fakes/clock.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

/** RandomX revenue (EUR per TH/s per day): 15.2 kH/s earn about 0.01 EUR/h, less than 100 W cost unheated. */
const XMR_HASHPRICE = 1.6e7;

describe('end to end: XMRig through the agent', () => {
  let emu: XmrigEmulator | undefined;
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await emu?.close();
  });

  it('cold room: JSON-RPC resume on the wire, read back; warm room: pause, read back', async () => {
    const clock = new FakeClock();
    emu = await startXmrigEmulator({ accessToken: 'tok-123', restricted: false, now: () => clock.now() });
    emu.state.paused = true;
    e = await startE2eAgent({
      clock,
      miners: `  - { id: den-pc, type: xmrig, zone: living, host: "127.0.0.1:${emu.port}", accessToken: tok-123, powerW: 100, hashrateHs: 15200, timeoutMs: 2000 }`,
    });
    // No revenue.monero source is configured: hashprice.xmr arrives like any reading.
    e.agent.store.update({
      key: 'hashprice.xmr',
      reading: { value: XMR_HASHPRICE, at: clock.now(), source: 'test' },
    });
    const rpc = () => emu!.requests.filter((r) => r.method === 'POST').map((r) => r.body);

    expect(await e.tickFor('den-pc')).toMatchObject({ levelId: 'on', command: true });
    expect(rpc()).toEqual(['{"method":"resume","id":1}']);
    expect(emu.requests.at(-1)!.headers.authorization).toBe('Bearer tok-123');
    await clock.advance(15_000); // the 10 s hashrate window fills
    expect(await e.readBack('den-pc')).toMatchObject({ reachable: true, running: true, levelId: 'on' });
    expect(e.agent.statuses()['den-pc']!.ths).toBeCloseTo(15_200e-12, 18);

    e.warmRoom();
    expect(await e.tickFor('den-pc')).toMatchObject({ levelId: 'off', command: true });
    expect(rpc()).toEqual(['{"method":"resume","id":1}', '{"method":"pause","id":1}']);
    expect(await e.readBack('den-pc')).toMatchObject({ reachable: true, running: false, levelId: 'off' });
    expect(e.taken('den-pc')).toEqual(['on', 'off']);
  });
});
