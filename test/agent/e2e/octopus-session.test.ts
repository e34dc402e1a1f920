import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/loader.js';
import { type Agent, createAgent } from '../../../src/agent/agent.js';
import { manualScheduler } from '../../../src/agent/scheduler.js';
import { type OctopusServer, startOctopusServer } from '../../emulators/octopus-server.js';
import { tempDataDir } from '../../fakes/agent-config.js';
import { FakeClock } from '../../fakes/clock.js';
import { captureLogger } from '../../fakes/logger.js';

/**
 * Issue 18, done-when 2: a free electricity session read from a local Octopus-format server (reply
 * shapes from the Octopus Home Assistant integration, see test/emulators/octopus-server.ts) turns the
 * miner to its top level for exactly the session's window — with real anti-flap guards (a start waits
 * a minute, a stop three) that the session's edges lift. At 0.30 GBP/kWh the S9 loses money; free,
 * it mines at a profit.
 */
const T0 = Date.UTC(2026, 11, 6, 12, 0);
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const START = T0 + 10 * MIN;
const END = T0 + 70 * MIN;

describe('end to end: an Octopus free electricity session', () => {
  let server: OctopusServer | undefined;
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.stop({ applyOnExit: false });
    await server?.close();
  });

  it('runs the miner flat out from the session first second to its last, and off around it', async () => {
    server = await startOctopusServer();
    server.setSessions({ free: [{ code: 'FREE-1', start: iso(START), end: iso(END) }] });
    const fields = Object.entries(server.sourceFields())
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(', ');
    const config = parseConfig(
      `
site: { timeZone: Europe/London, currency: GBP }
agent: { dataDir: ${JSON.stringify(tempDataDir())} }
guards: { minOnSeconds: 300, minOffSeconds: 300, minDwellSeconds: 120, enableDelaySeconds: 60, disableDelaySeconds: 180 }
prices:
  import: { type: fixed, perKWh: 0.30 }
revenue:
  hashprice: { type: static, perThsDay: 0.03 }
events:
  - { type: octopus, ${fields}, savingSessions: off }
miners:
  - id: s9
    type: simulated
    levels: [{ id: eco, powerW: 900, ths: 9 }, { id: full, powerW: 1400, ths: 13.5 }]
`,
      {},
    );
    const clock = new FakeClock(T0);
    const log = captureLogger();
    agent = await createAgent(config, { clock, logger: log.logger, scheduler: manualScheduler });
    await agent.start();
    const device = async () => {
      const s = await agent!.miners.get('s9')!.status();
      return s.running ? s.levelId : 'off';
    };
    /** Lets `ms` pass in 50 ms steps, with real I/O between them (the agent wakes itself at the edges). */
    const run = async (ms: number) => {
      for (let t = 0; t < ms; t += 50) {
        await clock.advance(50);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };

    await agent.tick();
    expect(await device()).toBe('off');
    await clock.advance(START - T0 - 1000);
    await run(900);
    expect(await device()).toBe('off');
    // No cron tick in this test: the session's start wakes the agent, and the guards let it start at once.
    await run(1000);
    expect(await device()).toBe('full');
    expect(agent.lastRecord()?.decisions[0]).toMatchObject({ levelId: 'full', changed: true });
    await clock.advance(END - START - 2000);
    await run(900);
    expect(await device()).toBe('full');
    await run(1000);
    expect(await device()).toBe('off');
    const taken = log.entries.filter((e) => e.msg === 'command taken').map((e) => String(e.levelId));
    expect(taken).toEqual(['full', 'off']);
  });
});
