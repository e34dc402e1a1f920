import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../contract/miner-contract.js';
import { startBitaxeEmulator } from '../../emulators/bitaxe.js';
import { startBraiinsEmulator } from '../../emulators/braiins.js';
import { startShellyEmulator } from '../../emulators/shelly.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

// Issue 12: the agent, not the core, against emulators; every assertion is on the DEVICE's state.
// Miners here heat no zone, so only the surplus (grid meter, export earns nothing) makes them pay:
// hashprice 0.034/TH/day against 0.30/kWh import, everything from the grid loses money.
describe('end to end: miners follow the solar surplus at the device', () => {
  const open: EmulatorHandle[] = [];
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    e = undefined;
    await Promise.all(open.splice(0).map((o) => o.close()));
  });

  it('a Braiins power-target miner (continuous) at grid −720 W is at a 700 W target within 2 s', async () => {
    const emu = await startBraiinsEmulator({ range: { minW: 300, maxW: 1400, defaultW: 1200 }, jPerTh: 25 });
    open.push(emu);
    emu.state.paused = true;
    e = await startE2eAgent({
      miners: `  - { id: s9, type: braiins, host: "127.0.0.1:${emu.port}", password: secret, timeoutMs: 2000, continuous: { stepW: 50 } }`,
    });
    e.grid(50); // the house imports a little: nothing pays
    await e.agent.tick();
    expect(emu.state.paused).toBe(true);
    e.grid(-720); // the sun comes out: the jump re-evaluates at once, no waiting for the tick
    await e.runFor(2000);
    expect(emu.state).toEqual({ paused: false, targetW: 700 });
    const status = e.agent.statuses().s9!;
    expect(status).toMatchObject({ running: true, levelId: 'w700', powerW: 700 });
    // The meter now shows the miner's draw; the next tick sees the device at its level: no command again.
    e.grid(-720 + 700);
    const again = await e.tickFor('s9');
    expect(again).toMatchObject({ levelId: 'w700', command: false, outcome: { status: 'none' } });
  });

  it('a stepped miner (Braiins with fixed targets), a plug-switched miner and a Bitaxe follow a surplus ramp', async () => {
    const s9 = await startBraiinsEmulator({ range: { minW: 300, maxW: 1400, defaultW: 1200 }, jPerTh: 25 });
    const plug = await startShellyEmulator({ loadW: 120 });
    const bitaxe = await startBitaxeEmulator();
    open.push(s9, plug, bitaxe);
    s9.state.paused = true;
    bitaxe.state.paused = true;
    e = await startE2eAgent({
      miners: `  - id: s9
    type: braiins
    host: "127.0.0.1:${s9.port}"
    password: secret
    timeoutMs: 2000
    priority: 1
    levels: [{ id: eco, powerW: 500, ths: 20 }, { id: full, powerW: 1000, ths: 40 }]
  - { id: gamma, type: bitaxe, host: "127.0.0.1:${bitaxe.port}", timeoutMs: 2000, priority: 2 }
  - { id: plugged, type: shelly, host: "${plug.host}", timeoutMs: 2000, priority: 3, powerW: 120, ths: 1.0 }`,
    });
    const devices = () => ({
      s9: s9.state.paused ? 0 : s9.state.targetW,
      gamma: !bitaxe.state.paused,
      plugged: plug.output(),
    });
    const steps: [number, ReturnType<typeof devices>][] = [];
    for (const gridW of [100, -600, -1200, -1800, -400, 300]) {
      // The meter sees the house plus whatever the miners draw now: four readings 15 s apart (past the
      // agent's 10 s command rate limit), each followed by a tick, let the site settle as a real one does.
      for (let k = 0; k < 4; k++) {
        e.grid(gridW + minersW(devices()));
        await e.clock.advance(15_000);
        await e.agent.tick();
      }
      steps.push([gridW, devices()]);
    }
    expect(steps).toEqual([
      [100, { s9: 0, gamma: false, plugged: false }],
      [-600, { s9: 500, gamma: true, plugged: false }], // the Bitaxe's 20 W fit beside eco
      [-1200, { s9: 1000, gamma: true, plugged: true }], // 1000 + 20 + 120 W fit in 1200 W
      [-1800, { s9: 1000, gamma: true, plugged: true }],
      [-400, { s9: 0, gamma: true, plugged: true }],
      [300, { s9: 0, gamma: false, plugged: false }],
    ]);
  });
});

/** Power the devices draw now (W), to keep the simulated meter honest. */
function minersW(d: { s9: number; gamma: boolean; plugged: boolean }): number {
  return d.s9 + (d.gamma ? 15 : 0) + (d.plugged ? 120 : 0);
}
