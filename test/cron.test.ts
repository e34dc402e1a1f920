import { describe, expect, it } from 'vitest';
import { cronScheduler } from '../src/agent/scheduler.js';
import { cronProblem, nextCronMatch, parseCron } from '../src/cron.js';
import { FakeClock } from './fakes/clock.js';

const BERLIN = 'Europe/Berlin';
/** The next match after `fromIso`, as an ISO instant (UTC). */
function next(expression: string, fromIso: string, zone = BERLIN): string | undefined {
  const schedule = parseCron(expression);
  if (typeof schedule === 'string') throw new Error(schedule);
  const at = nextCronMatch(schedule, Date.parse(fromIso), zone);
  return at === undefined ? undefined : new Date(at).toISOString();
}

// The grammar and its meaning follow node-cron 4 (its README's "Cron Syntax", allowed values and
// names), which scheduled the tick before (issue 16), without its L, W and # extensions.
describe('agent.tick cron expressions', () => {
  it('steps, lists and ranges with seconds; five fields mean second 0', () => {
    expect(next('*/5 * * * * *', '2026-01-15T10:00:03.500Z')).toBe('2026-01-15T10:00:05.000Z');
    expect(next('*/5 * * * * *', '2026-01-15T10:00:05.000Z')).toBe('2026-01-15T10:00:10.000Z'); // strictly after
    expect(next('15,45 * * * * *', '2026-01-15T10:00:20Z')).toBe('2026-01-15T10:00:45.000Z');
    expect(next('0 10-20/5 * * * *', '2026-01-15T10:21:00Z')).toBe('2026-01-15T11:10:00.000Z');
    expect(next('30/10 * * * * *', '2026-01-15T10:00:55Z')).toBe('2026-01-15T10:01:30.000Z'); // a/n: from a on
    expect(next('*/15 * * * *', '2026-01-15T10:07:00Z')).toBe('2026-01-15T10:15:00.000Z');
  });

  it('hours, days, months and weekdays are the site’s local time, names in English, 0 and 7 are Sunday', () => {
    // 2026-01-15 is a Thursday; 06:30 in Berlin (UTC+1) is 05:30 UTC.
    expect(next('0 30 6 * * *', '2026-01-15T06:00:00Z')).toBe('2026-01-16T05:30:00.000Z');
    expect(next('0 30 6 * * *', '2026-01-15T06:00:00Z', 'UTC')).toBe('2026-01-15T06:30:00.000Z');
    expect(next('0 0 12 * * sat,SUN', '2026-01-15T00:00:00Z')).toBe('2026-01-17T11:00:00.000Z');
    expect(next('0 0 12 * * 7', '2026-01-15T00:00:00Z')).toBe('2026-01-18T11:00:00.000Z');
    expect(next('0 0 12 * * monday-friday', '2026-01-16T12:00:00Z')).toBe('2026-01-19T11:00:00.000Z');
    expect(next('0 0 0 1 Jul *', '2026-01-15T00:00:00Z')).toBe('2026-06-30T22:00:00.000Z'); // CEST
    expect(next('0 0 0 29 feb *', '2026-01-15T00:00:00Z')).toBe('2028-02-28T23:00:00.000Z');
    // Day of month AND day of week, as node-cron: the next Friday the 13th.
    expect(next('0 0 0 13 * fri', '2026-01-15T00:00:00Z')).toBe('2026-02-12T23:00:00.000Z');
  });

  it('across daylight saving time: the missing hour never comes, a repeated hour comes twice', () => {
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST. 25 October: 03:00 CEST falls back to 02:00 CET.
    expect(next('0 30 2 * * *', '2026-03-28T12:00:00Z')).toBe('2026-03-30T00:30:00.000Z');
    expect(next('0 */20 * * * *', '2026-03-29T00:50:00Z')).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
    expect(next('0 30 2 * * *', '2026-10-25T00:00:00Z')).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
    expect(next('0 30 2 * * *', '2026-10-25T00:30:00Z')).toBe('2026-10-25T01:30:00.000Z'); // 02:30 CET
  });

  it('says what is wrong with an expression, and one that never matches', () => {
    const now = Date.UTC(2026, 0, 15);
    expect(cronProblem('*/30 * * * * *', BERLIN, now)).toBeUndefined();
    expect(cronProblem('every now and then', BERLIN, now)).toBe('4 fields, expected 5 or 6');
    expect(cronProblem('0 0 25 * * *', BERLIN, now)).toBe('"25" in the hour field (0–23)');
    expect(cronProblem('*/0 * * * * *', BERLIN, now)).toBe('step "0" in the second field');
    expect(cronProblem('0 0 0 L * *', BERLIN, now)).toBe('"L" in the day field (1–31)');
    expect(cronProblem('0 0 0 1 foo *', BERLIN, now)).toBe('"foo" in the month field (1–12)');
    expect(cronProblem('0 0 0 5-1 * *', BERLIN, now)).toBe('"5-1" in the day field (1–31)');
    expect(cronProblem('0 0 0 31 2 *', BERLIN, now)).toBe('it never matches');
  });
});

describe('the cron scheduler', () => {
  it('runs the function at each match on the clock’s timers, and not after stop', async () => {
    const clock = new FakeClock(Date.parse('2026-01-15T10:00:03Z'));
    const ran: string[] = [];
    const task = cronScheduler(clock, BERLIN).schedule('*/5 * * * * *', () =>
      ran.push(new Date(clock.now()).toISOString()),
    );
    await clock.advance(12_000);
    expect(ran).toEqual(['2026-01-15T10:00:05.000Z', '2026-01-15T10:00:10.000Z', '2026-01-15T10:00:15.000Z']);
    task.stop();
    await clock.advance(60_000);
    expect(ran).toHaveLength(3);
    expect(clock.pendingTimers()).toBe(0);
  });

  /**
   * A clock whose timers fire only when told, at whatever time the test has set: real timers count
   * elapsed time, not wall time, so a machine that slept or a clock set back meets them late or early.
   */
  function handFiredClock(startIso: string) {
    let now = Date.parse(startIso);
    let pending: { fn: () => void; ms: number } | undefined;
    const clock = {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => (pending = { fn, ms }),
      clearTimeout: () => (pending = undefined),
    };
    return {
      clock,
      set: (iso: string) => (now = Date.parse(iso)),
      waitMs: () => pending?.ms,
      fire: () => {
        const timer = pending;
        pending = undefined;
        timer?.fn();
      },
    };
  }

  it('runs a late tick once and does not make up the missed ones', () => {
    const t = handFiredClock('2026-01-15T10:00:03Z');
    let runs = 0;
    cronScheduler(t.clock, BERLIN).schedule('*/5 * * * * *', () => (runs += 1));
    expect(t.waitMs()).toBe(2_000);
    t.set('2026-01-15T10:01:00.400Z'); // the machine slept through 11 ticks
    t.fire();
    expect(runs).toBe(1);
    expect(t.waitMs()).toBe(4_600); // the next one: 10:01:05
  });

  it('waits again when woken before the match (a clock set back): no early tick', () => {
    const t = handFiredClock('2026-01-15T10:00:03Z');
    let runs = 0;
    cronScheduler(t.clock, BERLIN).schedule('0 0 * * * *', () => (runs += 1)); // hourly, at 11:00 UTC next
    expect(t.waitMs()).toBe(3_597_000);
    t.set('2026-01-15T10:59:57Z'); // the clock was set back three seconds meanwhile
    t.fire();
    expect(runs).toBe(0);
    expect(t.waitMs()).toBe(3_000);
    t.set('2026-01-15T11:00:00Z');
    t.fire();
    expect(runs).toBe(1);
  });

  it('waits for a match beyond the longest timer in steps', () => {
    const t = handFiredClock('2026-01-15T10:00:00Z');
    let runs = 0;
    cronScheduler(t.clock, BERLIN).schedule('0 0 0 1 jul *', () => (runs += 1));
    expect(t.waitMs()).toBe(2 ** 31 - 1); // 24.8 days, then the rest
    t.set('2026-02-09T06:31:23.647Z');
    t.fire();
    expect(runs).toBe(0);
    expect(t.waitMs()).toBe(2 ** 31 - 1);
  });

  it('refuses an expression it cannot read', () => {
    expect(() => cronScheduler(new FakeClock(), BERLIN).schedule('soon', () => undefined)).toThrow(
      'agent.tick "soon": 1 fields, expected 5 or 6',
    );
  });
});
