import { describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agent/agent.js';
import { createPlannerLoop } from '../../src/agent/planner-loop.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { recordLine } from '../../src/cli/run.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

const PLANNER = `  - { type: static, signal: outdoor.tempC, value: 5 }
planner:
  horizonHours: 6
  slotMinutes: 15
  zones:
    - { zone: living, heatLossWPerK: 30, capacityKWhPerK: 0.8, minC: 20 }
`;

async function start(yaml: string) {
  const clock = new FakeClock();
  const log = captureLogger();
  const config = simulatedConfig({ dataDir: tempDataDir(), yaml });
  const agent = await createAgent(config, { clock, logger: log.logger, scheduler: manualScheduler });
  await agent.start();
  return { agent, clock, log };
}

describe('planner loop in the agent', () => {
  it('follows the plan and reports its summary in the record', async () => {
    const { agent } = await start(PLANNER);
    const record = await agent.tick();
    const decision = record?.decisions[0];
    // Resistive heat is worth the import price, so mining while the room is below 20 °C is pure gain.
    expect(decision).toMatchObject({ minerId: 'nano', levelId: 'high', decidedBy: 'planner' });
    expect(decision?.reason).toMatch(/^high: planned high for \d+ (min|h)/);
    const summary = record?.plans?.nano;
    expect(summary?.runs[0]?.levelId).toBe('high');
    expect(summary?.plannedAt).toBe(record?.at);
    expect(agent.lastSnapshot()?.plans?.nano?.slots.length).toBe(24);
    expect(JSON.parse(recordLine(record!)).plans.nano.runs[0].levelId).toBe('high');
    await agent.stop({ applyOnExit: false });
  });

  it('re-plans every 15 minutes, not on every tick', async () => {
    const { agent, clock } = await start(PLANNER);
    const first = (await agent.tick())?.plans?.nano?.plannedAt;
    await clock.advance(5 * 60_000);
    expect((await agent.tick())?.plans?.nano?.plannedAt).toBe(first);
    await clock.advance(10 * 60_000);
    expect((await agent.tick())?.plans?.nano?.plannedAt).toBe(clock.now());
    await agent.stop({ applyOnExit: false });
  });

  it('re-plans when a new forecast arrives', async () => {
    const { agent, log } = await start(PLANNER);
    await agent.tick();
    let version = 0;
    const loop = createPlannerLoop(agent.config, agent.model, {
      logger: log.logger,
      forecastVersion: () => version,
    })!;
    const snapshot = agent.lastSnapshot()!;
    loop.plansFor(snapshot, agent.state().memory);
    loop.plansFor(snapshot, agent.state().memory);
    expect(loop.replans()).toEqual({ 'first plan': 1 });
    version = 1;
    loop.plansFor(snapshot, agent.state().memory);
    expect(loop.replans()).toEqual({ 'first plan': 1, 'new forecast': 1 });
    await agent.stop({ applyOnExit: false });
  });

  it('warns once when a miner cannot be planned, and the ledger decides meanwhile', async () => {
    const noOutdoor = PLANNER.split('\n').slice(1).join('\n');
    const { agent, log, clock } = await start(noOutdoor);
    const record = await agent.tick();
    expect(record?.decisions[0]?.decidedBy).not.toBe('planner');
    expect(record?.plans).toEqual({});
    await clock.advance(20 * 60_000);
    await agent.tick();
    expect(log.messages().filter((m) => m.startsWith('no plan for nano'))).toHaveLength(1);
    await agent.stop({ applyOnExit: false });
  });

  it('rejects a planner zone that does not exist', () => {
    const bad = PLANNER.replace('zone: living,', 'zone: attic,');
    expect(() => simulatedConfig({ dataDir: tempDataDir(), yaml: bad })).toThrow(
      /planner\.zones\[0\]\.zone: no zone "attic"/,
    );
  });
});
