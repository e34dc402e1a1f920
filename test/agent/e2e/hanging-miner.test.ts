import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TickRecord } from '../../../src/ports.js';
import { type BitaxeEmulator, startBitaxeEmulator } from '../../emulators/bitaxe.js';
import { type E2eAgent, startE2eAgent, watchUnhandled } from './harness.js';

/** Both devices have answered the read this tick started (the hanging one only received it). */
async function readsArrived(devices: BitaxeEmulator[], before: number[]): Promise<void> {
  await vi.waitFor(() => {
    for (const [i, d] of devices.entries()) expect(d.requests.length).toBeGreaterThan(before[i]!);
  });
}

/**
 * A device that accepts the connection and never answers (an ESP32 whose HTTP task is stuck: the
 * emulator's `no-answer` fault) next to a healthy one. Issue 16: the healthy miner is commanded
 * within 100 ms of the tick, the tick takes at most the timeout, and the hung one is not read
 * again every tick.
 */
describe('end to end: one miner hangs', () => {
  const open: BitaxeEmulator[] = [];
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await Promise.all(open.splice(0).map((o) => o.close()));
  });

  it('does not hold up the healthy miner, backs off its reads, and picks it up again', async () => {
    const unhandled = watchUnhandled();
    const healthy = await startBitaxeEmulator();
    const hung = await startBitaxeEmulator();
    open.push(healthy, hung);
    // The hung device's timeout is short so that its stuck request (which the adapter's own HTTP
    // timeout ends, in real time) does not slow the test when the device answers again.
    e = await startE2eAgent({
      miners: `  - { id: healthy, type: bitaxe, zone: living, host: "127.0.0.1:${healthy.port}", timeoutMs: 2000 }
  - { id: hung, type: bitaxe, zone: living, host: "127.0.0.1:${hung.port}", timeoutMs: 500 }`,
    });
    await e.agent.tick();
    await e.agent.tick();
    expect(healthy.state.paused).toBe(false);
    expect(hung.state.paused).toBe(false);

    // The hung device stops answering; the room is warm, so both should stop.
    hung.setFault('no-answer');
    e.warmRoom();
    const before = [healthy.requests.length, hung.requests.length];
    const started = e.clock.now();
    let record: TickRecord | undefined;
    const tick = e.agent.tick().then((r) => {
      record = r;
    });
    await readsArrived([healthy, hung], before);
    // The healthy read is in; the hung one is not. 60 ms later (3× a typical read, at least 50 ms) the tick goes on.
    await e.clock.advance(60);
    await vi.waitFor(() => expect(record).toBeDefined());
    await tick;
    expect(e.clock.now() - started).toBeLessThanOrEqual(100);
    expect(record!.durationMs).toBeLessThanOrEqual(100);
    const outcome = (id: string) => record!.decisions.find((d) => d.minerId === id)?.outcome;
    expect(outcome('healthy')).toEqual({ status: 'taken' });
    expect(healthy.state.paused).toBe(true);
    expect(outcome('hung')).toMatchObject({
      status: 'held-back',
      detail: expect.stringMatching(/read still under way/),
    });

    // The hung read times out in the background: reported once, then reads back off (no request per tick).
    await e.clock.advance(500);
    const asked = hung.requests.length;
    for (let i = 0; i < 3; i++) {
      const r = await e.agent.tick();
      expect(r?.durationMs).toBe(0);
      expect(r?.decisions.find((d) => d.minerId === 'hung')?.outcome).toMatchObject({
        status: 'held-back',
        detail: expect.stringMatching(/status reads back off/),
      });
      await e.clock.advance(5000);
    }
    expect(hung.requests.length).toBe(asked);
    expect(e.agent.statuses().hung).toMatchObject({
      reachable: false,
      error: expect.stringMatching(/^TIMEOUT: .*next read in \d+ s$/),
    });
    expect(e.log.entries.filter((l) => l.msg === 'miner unreachable' && l.miner === 'hung')).toHaveLength(1);

    // It comes back: after the 30 s backoff it is read again and stopped like the other.
    hung.setFault('none');
    await e.clock.advance(30_000);
    const back = await e.agent.tick();
    expect(back?.decisions.find((d) => d.minerId === 'hung')?.outcome).toEqual({ status: 'taken' });
    expect(hung.state.paused).toBe(true);
    expect(e.agent.statuses().hung).toMatchObject({ reachable: true, running: false });
    expect(unhandled.stop()).toEqual([]);
  });
});
