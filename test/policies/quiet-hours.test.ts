import { describe, expect, it } from 'vitest';
import { standardPolicies } from '../../policies/index.js';
import { inQuietWindow, quietHoursPolicy } from '../../policies/quiet-hours.js';
import type { QuietWindow } from '../../policies/rules.js';
import { localTimeOf } from '../../src/agent/local-time.js';
import { decide } from '../../src/core/decide.js';
import { policyContext } from '../fakes/policy-context.js';
import { HASHPRICE_2025, MINUTE, makeModel, makeSnapshot, nanoMiner } from '../fakes/world.js';

const ZONE = 'Europe/Berlin';
const night = (extra: Partial<QuietWindow> = {}): QuietWindow => ({
  fromMin: 22 * 60,
  toMin: 7 * 60,
  maxLevelId: 'low',
  label: '22:00–07:00',
  ...extra,
});

/** The constraint quiet hours puts on the Nano at a UTC instant. */
function forbiddenAt(at: number, windows: QuietWindow[]) {
  const ctx = policyContext({ snapshot: makeSnapshot({ now: at }) });
  return quietHoursPolicy(windows).evaluate(ctx).constraints?.[0];
}

describe('quiet hours: window edges in local time (winter, CET = UTC+1)', () => {
  // 2025-01-17 is a Friday.
  const cases = [
    { local: 'Fri 21:59', at: Date.UTC(2025, 0, 17, 20, 59), forbidden: undefined },
    { local: 'Fri 22:00', at: Date.UTC(2025, 0, 17, 21, 0), forbidden: ['mid', 'high'] },
    { local: 'Sat 03:00', at: Date.UTC(2025, 0, 18, 2, 0), forbidden: ['mid', 'high'] },
    { local: 'Sat 06:59', at: Date.UTC(2025, 0, 18, 5, 59), forbidden: ['mid', 'high'] },
    { local: 'Sat 07:00', at: Date.UTC(2025, 0, 18, 6, 0), forbidden: undefined },
  ];
  for (const c of cases) {
    it(`${c.local} → ${c.forbidden ? `forbids ${c.forbidden.join(', ')}` : 'no cap'}`, () => {
      const constraint = forbiddenAt(c.at, [night()]);
      if (!c.forbidden) return expect(constraint).toBeUndefined();
      expect(constraint).toEqual({
        policy: 'quiet-hours',
        kind: 'forbid',
        levelIds: c.forbidden,
        reason: 'quiet hours 22:00–07:00: at most low (80 W)',
        bypassGuards: true,
      });
    });
  }
});

describe('quiet hours: weekdays name the night a window starts on', () => {
  const weeknights = night({ weekdays: [1, 2, 3, 4, 5] }); // Mon–Fri nights
  const cases = [
    { local: 'Fri 23:00', at: Date.UTC(2025, 0, 17, 22, 0), active: true },
    { local: 'Sat 03:00 (Friday night)', at: Date.UTC(2025, 0, 18, 2, 0), active: true },
    { local: 'Sat 23:00', at: Date.UTC(2025, 0, 18, 22, 0), active: false },
    { local: 'Sun 23:00', at: Date.UTC(2025, 0, 19, 22, 0), active: false },
    { local: 'Mon 03:00 (Sunday night)', at: Date.UTC(2025, 0, 20, 2, 0), active: false },
    { local: 'Tue 03:00 (Monday night)', at: Date.UTC(2025, 0, 21, 2, 0), active: true },
  ];
  for (const c of cases) {
    it(`${c.local} → ${c.active ? 'quiet' : 'not quiet'}`, () => {
      expect(inQuietWindow(weeknights, localTimeOf(c.at, ZONE))).toBe(c.active);
    });
  }
});

describe('quiet hours: caps', () => {
  const at = Date.UTC(2025, 0, 17, 23, 0); // Saturday 00:00 local
  const cases: { name: string; windows: QuietWindow[]; forbidden: string[] | undefined; reason?: string }[] =
    [
      {
        name: 'a power cap',
        windows: [night({ maxLevelId: undefined, maxPowerW: 100 })],
        forbidden: ['mid', 'high'],
      },
      {
        name: 'a cap above the top level',
        windows: [night({ maxLevelId: undefined, maxPowerW: 500 })],
        forbidden: undefined,
      },
      {
        name: 'off',
        windows: [night({ maxLevelId: 'off' })],
        forbidden: ['low', 'mid', 'high'],
        reason: 'quiet hours 22:00–07:00: off',
      },
      {
        name: 'an unknown level counts as off',
        windows: [night({ maxLevelId: 'quiet' })],
        forbidden: ['low', 'mid', 'high'],
        reason: 'quiet hours 22:00–07:00: off (level "quiet" is unknown)',
      },
      {
        name: 'the strictest of overlapping windows',
        windows: [
          night({ maxLevelId: 'mid' }),
          night({ fromMin: 23 * 60, toMin: 60, maxLevelId: undefined, maxPowerW: 90, label: '23:00–01:00' }),
        ],
        forbidden: ['mid', 'high'],
        reason: 'quiet hours 23:00–01:00: at most 90 W',
      },
      {
        name: 'from = to is all day',
        windows: [night({ fromMin: 0, toMin: 0 })],
        forbidden: ['mid', 'high'],
      },
    ];
  for (const c of cases) {
    it(c.name, () => {
      const constraint = forbiddenAt(at, c.windows);
      expect(constraint?.kind === 'forbid' ? constraint.levelIds : undefined).toEqual(c.forbidden);
      if (c.reason) expect(constraint?.reason).toBe(c.reason);
    });
  }
});

describe('quiet hours: DST nights in Europe/Berlin', () => {
  /** Minutes in [fromUtc, toUtc) during which the window is active, sampled every 5 minutes. */
  function activeMinutes(window: QuietWindow, fromUtc: number, toUtc: number): number {
    let count = 0;
    for (let at = fromUtc; at < toUtc; at += 5 * MINUTE)
      if (inQuietWindow(window, localTimeOf(at, ZONE))) count += 5;
    return count;
  }
  const spring = { from: Date.UTC(2025, 2, 29, 12), to: Date.UTC(2025, 2, 30, 12) }; // clocks 02:00 → 03:00
  const autumn = { from: Date.UTC(2025, 9, 25, 12), to: Date.UTC(2025, 9, 26, 12) }; // clocks 03:00 → 02:00

  it('22:00–07:00 lasts 8 real hours on the spring-forward night and 10 on the fall-back night', () => {
    expect(activeMinutes(night(), spring.from, spring.to)).toBe(8 * 60);
    expect(activeMinutes(night(), autumn.from, autumn.to)).toBe(10 * 60);
  });

  it('a window inside the skipped hour never fires; inside the repeated hour it fires twice', () => {
    const skipped = night({ fromMin: 2 * 60, toMin: 2 * 60 + 30, label: '02:00–02:30' });
    expect(activeMinutes(skipped, spring.from, spring.to)).toBe(0);
    expect(activeMinutes(skipped, autumn.from, autumn.to)).toBe(60);
  });

  it('starts and ends at the local wall-clock times on both nights', () => {
    // Spring: 22:00 CET = 21:00Z, 07:00 CEST = 05:00Z. Autumn: 22:00 CEST = 20:00Z, 07:00 CET = 06:00Z.
    const edges = [
      [Date.UTC(2025, 2, 29, 20, 59), false],
      [Date.UTC(2025, 2, 29, 21, 0), true],
      [Date.UTC(2025, 2, 30, 4, 59), true],
      [Date.UTC(2025, 2, 30, 5, 0), false],
      [Date.UTC(2025, 9, 25, 19, 59), false],
      [Date.UTC(2025, 9, 25, 20, 0), true],
      [Date.UTC(2025, 9, 26, 5, 59), true],
      [Date.UTC(2025, 9, 26, 6, 0), false],
    ] as const;
    for (const [at, active] of edges)
      expect(inQuietWindow(night(), localTimeOf(at, ZONE)), new Date(at).toISOString()).toBe(active);
  });
});

describe('quiet hours in decide', () => {
  it('steps a running miner down at once, guards notwithstanding, and an override may still exceed it', () => {
    const miner = nanoMiner({
      guards: { ...nanoMiner().guards, minDwellMs: 3_600_000, hysteresisPerHour: 1 },
    });
    const model = makeModel({ miners: [miner] }, [...standardPolicies(), quietHoursPolicy([night()])]);
    const now = Date.UTC(2025, 0, 17, 22, 0); // 23:00 local, cold room: the ledger wants high
    const memory = {
      miners: {
        nano: { levelId: 'high', levelSince: now - 60_000, startsDate: '2025-01-17', startsToday: 1 },
      },
    };
    const snapshot = makeSnapshot({ now, importPerKWh: 0.3, hashprice: HASHPRICE_2025, roomC: 18 });
    const d = decide(snapshot, model, memory).decisions[0]!;
    expect(d).toMatchObject({ levelId: 'low', autoLevelId: 'low', changed: true });
    expect(d.ledger.find((r) => r.levelId === 'high')).toMatchObject({
      allowed: false,
      blockedBy: 'quiet-hours: quiet hours 22:00–07:00: at most low (80 W)',
    });
    snapshot.overrides = { nano: { levelId: 'high', source: 'test' } };
    expect(decide(snapshot, model, memory).decisions[0]).toMatchObject({
      levelId: 'high',
      decidedBy: 'override',
    });
  });

  it('does nothing for a miner without quiet hours', () => {
    expect(quietHoursPolicy([]).evaluate(policyContext())).toEqual({});
  });
});
