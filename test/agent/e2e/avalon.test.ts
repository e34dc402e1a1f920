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

// Issue 12: the January-2025 Nano 3S firmware has no soft off (`ascset|0,help` lists no softoff;
// reference/miners.md §2.3). Without a companion plug nothing can stop it: the agent must not ask
// for `off` and retry for ever at full power; it steps the device down to its lowest work mode.
describe('end to end: an Avalon that cannot be switched off', () => {
  let emu: AvalonEmulator | undefined;
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await emu?.close();
  });

  it('in a room above its maximum ends at its lowest work mode, says why, and never sends softon', async () => {
    const clock = new FakeClock();
    emu = await startAvalonEmulator({ softOff: false, startMode: 2, now: () => clock.now() });
    e = await startE2eAgent({
      clock,
      miners: `  - { id: nano, type: avalon, zone: living, host: 127.0.0.1, port: ${emu.port}, model: nano3s, softSwitchLeadS: 0, timeoutMs: 2000, settleMs: 300 }`,
    });
    e.agent.store.update({
      key: 'zone.living.tempC',
      reading: { value: 23.5, at: clock.now(), source: 'test' },
    });
    const decision = await e.tickFor('nano');
    expect(decision).toMatchObject({ levelId: 'eco', outcome: { status: 'taken' } });
    expect(decision.reason).toMatch(
      /^cannot switch off: no soft off and no companion plug; running at eco instead/,
    );
    expect(decision.ledger.find((r) => r.levelId === 'off')).toMatchObject({ allowed: false });
    // The device itself: hashing in work mode 0 (eco), the lowest it has.
    expect(emu.state).toMatchObject({ workmode: 0, work: 'In Work' });
    for (let i = 0; i < 3; i++) await e.tickFor('nano');
    expect(emu.state.workmode).toBe(0);
    const sent = emu.requests.filter((r) => r.includes('"ascset"') && !r.includes('help'));
    expect(sent).toEqual(['{"command":"ascset","parameter":"0,workmode,set,0"}']);
    expect(e.count('miner did not take the command; retrying with backoff')).toBe(0);
  });

  it('idle without soft off: the work mode change goes out without a softon first', async () => {
    const clock = new FakeClock();
    emu = await startAvalonEmulator({ softOff: false, startMode: 0, now: () => clock.now() });
    emu.state.work = 'In Idle';
    e = await startE2eAgent({
      clock,
      miners: `  - { id: nano, type: avalon, zone: living, host: 127.0.0.1, port: ${emu.port}, model: nano3s, softSwitchLeadS: 0, timeoutMs: 2000, settleMs: 300 }`,
    });
    // Cold room: the top mode. The emulated device stays idle, so the read-back waits out its 300 ms.
    const ticking = e.agent.tick();
    let done = false;
    void ticking.finally(() => {
      done = true;
    });
    while (!done) {
      await clock.advance(100);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const sent = emu.requests.filter((r) => r.includes('"ascset"') && !r.includes('help'));
    expect(sent).toEqual(['{"command":"ascset","parameter":"0,workmode,set,2"}']);
    expect(emu.state.workmode).toBe(2);
  });
});
