import { afterEach, describe, expect, it } from 'vitest';
import { type Agent, createAgent } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { startAntminerEmulator } from '../emulators/antminer.js';
import { startLuxosEmulator } from '../emulators/luxos.js';
import { startVnishEmulator } from '../emulators/vnish.js';
import { startWhatsminerEmulator } from '../emulators/whatsminer.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

// End to end through the agent (issue 8): a decision in, the family's wire command out, the new state
// read back on the next tick. The room is cold (19 °C, target 21 °C), so auto wants heat from the miner.

/** Runs `promise` to its end while moving the fake clock (real socket I/O happens in between). */
async function driven<T>(clock: FakeClock, promise: Promise<T>, stepMs = 20): Promise<T> {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  while (!done) {
    await clock.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return watched;
}

describe('the agent drives the new families end to end', () => {
  const open: { close(): Promise<void> }[] = [];
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.stop({ applyOnExit: false });
    agent = undefined;
    for (const thing of open.splice(0)) await thing.close();
  });

  async function run(miners: string, clock = new FakeClock()) {
    const log = captureLogger();
    const config = simulatedConfig({ dataDir: tempDataDir(), miners });
    agent = await createAgent(config, { clock, logger: log.logger, scheduler: manualScheduler });
    await agent.start();
    return { agent, clock, log };
  }
  const tick = async (a: Agent, clock: FakeClock) => (await driven(clock, a.tick()))!;

  it('whatsminer (API v3): starts at the chosen power limit through the restart, confirmed on a later tick', async () => {
    const clock = new FakeClock();
    const emu = await startWhatsminerEmulator({ rebootMs: 90_000, now: () => clock.now() });
    open.push(emu);
    emu.state.mining = false;
    const { agent: a, log } = await run(
      `  - id: m50
    type: whatsminer
    zone: living
    host: 127.0.0.1
    api: v3
    v3Port: ${emu.v3Port}
    v2Port: ${emu.v2Port}
    password: miner-secret
    timeoutMs: 400
    levels:
      - { id: eco, powerW: 2400, ths: 80, powerLimitW: 2500 }
      - { id: full, powerW: 3300, ths: 110, powerLimitW: 3400 }`,
      clock,
    );
    const first = await tick(a, clock);
    expect(first.decisions[0]).toMatchObject({ minerId: 'm50', levelId: 'full', command: true });
    expect(emu.requests.filter((r) => r.startsWith('v3 set.'))).toEqual(['v3 set.miner.power_limit 3400']);
    // The restart is a command under way, not a failure: no backoff warning.
    const underWay = log.entries.find((e) => e.msg === 'command under way');
    expect(underWay?.detail).toMatch(/^rebooting to apply the 3400 W power limit/);
    expect(log.messages()).not.toContain('miner did not take the command; retrying with backoff');
    // While the miner restarts it is unreachable; once back, the agent reads it at the new limit.
    await clock.advance(100_000);
    await tick(a, clock);
    expect(a.statuses().m50).toMatchObject({ reachable: true, running: true, levelId: 'full', powerW: 3298 });
    expect(emu.requests.filter((r) => r.startsWith('v3 set.'))).toHaveLength(1);
    // A user override to off goes out as a service stop and reads back as off.
    a.setOverride('m50', { levelId: 'off', source: 'test' });
    await tick(a, clock);
    await tick(a, clock);
    expect(emu.requests.filter((r) => r.startsWith('v3 set.')).at(-1)).toBe('v3 set.miner.service stop');
    expect(a.statuses().m50).toMatchObject({ running: false, levelId: 'off' });
  });

  it('luxos: wakes a curtailed miner at the chosen profile in one session, then curtails on override', async () => {
    const emu = await startLuxosEmulator();
    open.push(emu);
    emu.state.curtailed = true;
    emu.state.profile = '190MHz';
    const { agent: a, clock } = await run(`  - id: lux
    type: luxos
    zone: living
    host: 127.0.0.1
    port: ${emu.port}
    timeoutMs: 400
    levels:
      - { id: low, powerW: 1850, ths: 72, profile: 190MHz }
      - { id: full, powerW: 3050, ths: 104, profile: 290MHz }`);
    const first = await tick(a, clock);
    expect(first.decisions[0]).toMatchObject({ levelId: 'full', command: true });
    expect(emu.writes()).toEqual(['curtail <sid>,wakeup', 'profileset <sid>,290MHz', 'logoff <sid>']);
    await tick(a, clock);
    expect(a.statuses().lux).toMatchObject({ running: true, levelId: 'full', powerW: 3050 });
    a.setOverride('lux', { levelId: 'off', source: 'test' });
    await tick(a, clock);
    await tick(a, clock);
    expect(emu.writes().slice(-2)).toEqual(['curtail <sid>,sleep', 'logoff <sid>']);
    expect(a.statuses().lux).toMatchObject({ running: false, levelId: 'off' });
  });

  it('vnish: resumes at the chosen preset (read back), then pauses on override', async () => {
    const emu = await startVnishEmulator({ preset: '1100' });
    open.push(emu);
    emu.state.minerState = 'stopped';
    const { agent: a, clock } = await run(`  - id: vn
    type: vnish
    zone: living
    host: 127.0.0.1:${emu.port}
    password: admin-pass
    timeoutMs: 400
    levels:
      - { id: eco, powerW: 1100, ths: 48, preset: '1100' }
      - { id: full, powerW: 3250, ths: 104, preset: '3250' }`);
    const first = await tick(a, clock);
    expect(first.decisions[0]).toMatchObject({ levelId: 'full', command: true });
    const posts = () =>
      emu.requests.filter((r) => r.method === 'POST').map((r) => `${r.path} ${r.body}`.trim());
    expect(posts()).toEqual([
      '/api/v1/unlock {"pw":"admin-pass"}',
      '/api/v1/mining/resume',
      '/api/v1/settings {"miner":{"overclock":{"preset":"3250"}}}',
    ]);
    await tick(a, clock);
    expect(a.statuses().vn).toMatchObject({ running: true, levelId: 'full', powerW: 3250 });
    a.setOverride('vn', { levelId: 'off', source: 'test' });
    await tick(a, clock);
    await tick(a, clock);
    expect(posts().at(-1)).toBe('/api/v1/mining/pause');
    expect(a.statuses().vn).toMatchObject({ running: false, levelId: 'off' });
  });

  it('antminer (stock): wakes from sleep to normal by a config write, then sleeps on override', async () => {
    const emu = await startAntminerEmulator();
    open.push(emu);
    emu.state.mode = 1;
    const { agent: a, clock } = await run(`  - id: s19
    type: antminer
    zone: living
    host: 127.0.0.1
    port: ${emu.apiPort}
    webPort: ${emu.webPort}
    timeoutMs: 400
    levels:
      - { id: low, powerW: 2300, ths: 77, mode: low }
      - { id: normal, powerW: 3250, ths: 110, mode: normal }`);
    const first = await tick(a, clock);
    expect(first.decisions[0]).toMatchObject({ levelId: 'normal', command: true });
    expect(emu.state.writes.map((w) => w['miner-mode'])).toEqual([0]);
    await tick(a, clock);
    expect(a.statuses().s19).toMatchObject({ running: true, levelId: 'normal', ths: 110 });
    a.setOverride('s19', { levelId: 'off', source: 'test' });
    await tick(a, clock);
    await tick(a, clock);
    expect(emu.state.writes.map((w) => w['miner-mode'])).toEqual([0, 1]);
    expect(a.statuses().s19).toMatchObject({ running: false, levelId: 'off' });
  });
});
