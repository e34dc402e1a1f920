import { describe, expect, it } from 'vitest';
import type { TickRecord } from '../../src/agent/agent.js';
import { Problems } from '../../src/agent/problems.js';
import { tickBoundary } from '../../src/agent/tick.js';
import { captureLogger } from '../fakes/logger.js';

const record = (at: number): TickRecord => ({ at, decisions: [], dryRun: false, enabled: true });

describe('the tick as a boundary (src/agent/tick.ts)', () => {
  it('a failing tick is one logged problem, the next one clears it, and the loop goes on', async () => {
    const { logger, messages } = captureLogger();
    const problems = new Problems(logger);
    let fail = true;
    const boundary = tickBoundary(async () => {
      if (fail) throw new Error('disk on fire');
      return record(1);
    }, problems);
    expect(await boundary.tick()).toBeUndefined();
    expect(await boundary.tick()).toBeUndefined();
    expect(problems.current()).toEqual({ tick: 'disk on fire' });
    fail = false;
    expect(await boundary.tick()).toEqual(record(1));
    expect(problems.current()).toEqual({});
    expect(messages()).toEqual(['tick failed; the miners keep their last state', 'ticks work again']);
  });

  it('never runs two ticks at once: requests during a tick coalesce into one tick right after', async () => {
    const problems = new Problems(captureLogger().logger);
    const releases: (() => void)[] = [];
    let runs = 0;
    const boundary = tickBoundary(
      () =>
        new Promise<TickRecord>((resolve) => {
          runs += 1;
          releases.push(() => resolve(record(runs)));
        }),
      problems,
    );
    const first = boundary.tick();
    expect(boundary.running()).toBe(true);
    expect(await boundary.tick()).toBeUndefined();
    expect(await boundary.tick()).toBeUndefined();
    expect(runs).toBe(1);
    releases[0]!();
    expect(await first).toEqual(record(1));
    // The coalesced tick started as the first one ended.
    expect(runs).toBe(2);
    releases[1]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(boundary.running()).toBe(false);
    expect(runs).toBe(2);
  });
});
