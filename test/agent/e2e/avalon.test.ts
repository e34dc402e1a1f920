import { afterEach, describe, expect, it } from 'vitest';
import { type AvalonEmulator, startAvalonEmulator } from '../../emulators/avalon.js';
import { FakeClock } from '../../fakes/clock.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

describe('end to end: Avalon Nano 3S through the agent', () => {
  let emu: AvalonEmulator | undefined;
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await emu?.close();
  });

  it('cold room: work mode 2 (super) on the wire, read back; warm room: soft off, read back idle', async () => {
    const clock = new FakeClock();
    // Firmware with softon/softoff; running in eco (mode 0), on the agent's clock.
    emu = await startAvalonEmulator({ softOff: true, startMode: 0, now: () => clock.now() });
    e = await startE2eAgent({
      clock,
      miners: `  - { id: nano, type: avalon, zone: living, host: 127.0.0.1, port: ${emu.port}, model: nano3s, softSwitchLeadS: 0, timeoutMs: 2000, settleMs: 300 }`,
    });
    const ascset = () => emu!.requests.filter((r) => r.includes('"ascset"') && !r.includes('help'));

    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'super', command: true });
    expect(ascset()).toEqual(['{"command":"ascset","parameter":"0,workmode,set,2"}']);
    expect(emu.state.workmode).toBe(2);
    expect(await e.readBack('nano')).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'super',
      powerW: 140,
    });

    e.warmRoom();
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'off', command: true });
    const nowS = Math.floor(clock.now() / 1000);
    expect(ascset().at(-1)).toBe(`{"command":"ascset","parameter":"0,softoff,1:${nowS}"}`);
    expect(emu.state.work).toBe('In Idle');
    expect(await e.readBack('nano')).toMatchObject({ reachable: true, running: false, levelId: 'off' });
    expect(e.taken('nano')).toEqual(['super', 'off']);
  });
});
