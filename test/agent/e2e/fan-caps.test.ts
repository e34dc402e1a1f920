import { afterEach, describe, expect, it } from 'vitest';
import { MoneyToday } from '../../../src/http/money-today.js';
import { stateView } from '../../../src/http/state-view.js';
import { type BitaxeEmulator, startBitaxeEmulator } from '../../emulators/bitaxe.js';
import { type BraiinsEmulator, startBraiinsEmulator } from '../../emulators/braiins.js';
import { tempDataDir } from '../../fakes/agent-config.js';
import { FakeClock } from '../../fakes/clock.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

// The fake clock starts at 2025-01-15 11:00 UTC = 12:00 in Europe/Berlin (the harness's time zone).
const QUIET = 'quietHours: [{ from: "12:00", to: "13:00", fanCapPercent: 40 }]';
const HOUR_MS = 3_600_000;

describe('end to end: fan caps in quiet hours (issue 19)', () => {
  let bitaxe: BitaxeEmulator | undefined;
  let braiins: BraiinsEmulator | undefined;
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    e = undefined;
    await bitaxe?.close();
    await braiins?.close();
    [bitaxe, braiins] = [undefined, undefined];
  });

  it('Bitaxe: manual fan at the cap while the window is open (PATCH autofanspeed 0, manualFanSpeed 40), automatic after', async () => {
    bitaxe = await startBitaxeEmulator();
    e = await startE2eAgent({
      miners: `  - { id: gamma, type: bitaxe, zone: living, host: "127.0.0.1:${bitaxe.port}", timeoutMs: 2000, ${QUIET} }`,
    });
    const decision = await e.tickFor('gamma');
    expect(decision).toMatchObject({
      fan: { capPercent: 40, status: 'taken', detail: 'fans at most 40 % (quiet hours 12:00–13:00)' },
    });
    expect(bitaxe.state).toMatchObject({ autofanspeed: 0, fanspeed: 40 });
    expect(await e.tickFor('gamma')).toMatchObject({ fan: { capPercent: 40, status: 'none' } });
    // The web page's state (GET /api/state) carries it with the decision.
    const view = stateView(e.agent, e.clock.now(), e.agent.lastRecord(), new MoneyToday('Europe/Berlin'));
    expect(view.miners[0]?.decision).toMatchObject({ fan: { capPercent: 40, status: 'none' } });

    await e.clock.advance(HOUR_MS);
    expect(await e.tickFor('gamma')).toMatchObject({ fan: { status: 'taken', detail: 'fans on automatic' } });
    expect(bitaxe.state.autofanspeed).toBe(1);
    const fanWrites = bitaxe.requests.filter((r) => r.method === 'PATCH' && /fan/.test(String(r.body)));
    expect(fanWrites.map((r) => r.body)).toEqual([
      '{"autofanspeed":0,"manualFanSpeed":40}',
      '{"autofanspeed":1}',
    ]);
  });

  it('Braiins OS: max_fan_speed 40 in automatic cooling, the previous maximum back after; dry run sends nothing', async () => {
    braiins = await startBraiinsEmulator();
    braiins.fans.cooling = { auto: { max_fan_speed: 80, min_fan_speed: 20 } };
    e = await startE2eAgent({
      miners: `  - { id: s19, type: braiins, zone: living, host: "127.0.0.1:${braiins.port}", password: secret, timeoutMs: 2000, ${QUIET} }`,
    });
    e.agent.setDryRun(true);
    expect(await e.tickFor('s19')).toMatchObject({ fan: { capPercent: 40, status: 'dry-run' } });
    expect(braiins.fans.cooling).toEqual({ auto: { max_fan_speed: 80, min_fan_speed: 20 } });
    e.agent.setDryRun(false);
    expect(await e.tickFor('s19')).toMatchObject({ fan: { capPercent: 40, status: 'taken' } });
    expect(braiins.fans.cooling).toEqual({ auto: { max_fan_speed: 40, min_fan_speed: 20 } });
    await e.clock.advance(HOUR_MS);
    expect(await e.tickFor('s19')).toMatchObject({ fan: { status: 'taken', detail: 'fans on automatic' } });
    expect(braiins.fans.cooling).toEqual({ auto: { max_fan_speed: 80, min_fan_speed: 20 } });
  });

  it('a device that does not take the cap: failed with the reason, logged once, retried each tick until it does', async () => {
    bitaxe = await startBitaxeEmulator();
    bitaxe.ignorePatch = true;
    e = await startE2eAgent({
      miners: `  - { id: gamma, type: bitaxe, zone: living, host: "127.0.0.1:${bitaxe.port}", timeoutMs: 2000, ${QUIET} }`,
    });
    expect(await e.tickFor('gamma')).toMatchObject({
      fan: {
        capPercent: 40,
        status: 'failed',
        detail: expect.stringMatching(/AxeOS fan still at autofanspeed 1/),
      },
    });
    expect(await e.tickFor('gamma')).toMatchObject({ fan: { status: 'failed' } });
    expect(e.count('fan cap failed; retrying each tick')).toBe(1);
    bitaxe.ignorePatch = false;
    expect(await e.tickFor('gamma')).toMatchObject({ fan: { status: 'taken' } });
    expect(bitaxe.state).toMatchObject({ autofanspeed: 0, fanspeed: 40 });
  });

  it('a miner that does not answer is not asked (held back), and released once it answers after the window', async () => {
    bitaxe = await startBitaxeEmulator();
    e = await startE2eAgent({
      miners: `  - { id: gamma, type: bitaxe, zone: living, host: "127.0.0.1:${bitaxe.port}", timeoutMs: 2000, ${QUIET} }`,
    });
    expect(await e.tickFor('gamma')).toMatchObject({ fan: { status: 'taken' } });
    await e.clock.advance(HOUR_MS);
    bitaxe.setFault('reset');
    expect(await e.tickFor('gamma')).toMatchObject({
      fan: { status: 'held-back', detail: 'fans on automatic: the miner does not answer' },
    });
    expect(bitaxe.state.autofanspeed).toBe(0);
    bitaxe.setFault('none');
    await e.clock.advance(60_000); // past the read backoff after the failed read
    expect(await e.tickFor('gamma')).toMatchObject({ fan: { status: 'taken', detail: 'fans on automatic' } });
    expect(bitaxe.state.autofanspeed).toBe(1);
  });

  it('a cap left by a restart is released on the first tick after the window (the state file keeps it)', async () => {
    bitaxe = await startBitaxeEmulator();
    const clock = new FakeClock();
    const dataDir = tempDataDir();
    const miners = `  - { id: gamma, type: bitaxe, zone: living, host: "127.0.0.1:${bitaxe.port}", timeoutMs: 2000, ${QUIET} }`;
    const first = await startE2eAgent({ clock, dataDir, miners });
    await first.tickFor('gamma');
    expect(bitaxe.state.autofanspeed).toBe(0);
    await first.stop();
    await clock.advance(HOUR_MS);
    e = await startE2eAgent({ clock, dataDir, miners });
    expect(await e.tickFor('gamma')).toMatchObject({ fan: { status: 'taken', detail: 'fans on automatic' } });
    expect(bitaxe.state.autofanspeed).toBe(1);
  });
});
