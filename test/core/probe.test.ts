import { describe, expect, it } from 'vitest';
import { followDevice } from '../../src/agent/apply.js';
import { decide } from '../../src/core/decide.js';
import { emptyMemory, type Memory } from '../../src/core/memory.js';
import type { Model, ProbeModel } from '../../src/core/model.js';
import { probeTick } from '../../src/core/probe.js';
import { siteSurplus } from '../../src/core/surplus.js';
import type { Snapshot } from '../../src/core/types.js';
import { HASHPRICE_2025, makeModel, makeSnapshot, NOON, nanoMiner, reading } from '../fakes/world.js';

const SECOND = 1000;
const PROBE: ProbeModel = { probeMs: 45 * SECOND, everyMs: 300 * SECOND, importToleranceW: 50, stepW: 100 };
/** A Nano-class miner (80/110/140 W) that pays only from surplus (no feed-in tariff), with a long minimum on time. */
const miner = nanoMiner({
  zoneId: undefined,
  guards: { ...nanoMiner().guards, minOnMs: 300 * SECOND, minDwellMs: 120 * SECOND },
});

function model(overrides: Partial<Model> = {}): Model {
  return makeModel({ miners: [miner], zones: [], probe: PROBE, ...overrides });
}

/** A zero-export site at `now`: grid import `gridW`, PV producing `pvW`, the miner drawing `minerW`. */
function site(now: number, gridW: number, minerW: number, extra: Record<string, number> = {}): Snapshot {
  const snap = makeSnapshot({ now, importPerKWh: 0.3, exportPerKWh: 0, hashprice: HASHPRICE_2025 });
  snap.scalars['grid.powerW'] = reading(gridW, now);
  snap.scalars['pv.powerW'] = reading(300 + minerW, now);
  for (const [key, value] of Object.entries(extra)) snap.scalars[key] = reading(value, now);
  snap.miners.nano = { reachable: true, running: minerW > 0, powerW: minerW, at: now };
  return snap;
}

/** The first tick: off, nothing exported, PV producing: the probe steps up to the lowest level. */
function started(): Memory {
  const out = decide(site(NOON, 0, 0), model(), emptyMemory());
  return out.memory;
}

describe('the hidden-surplus probe', () => {
  it('without it, a zero-export site offers no surplus and the miner stays off', () => {
    const d = decide(site(NOON, 0, 0), model({ probe: undefined }), emptyMemory()).decisions[0]!;
    expect(d.levelId).toBe('off');
  });

  it('steps one miner up one level when nothing is exported and PV is producing, and says so', () => {
    const out = decide(site(NOON, 0, 0), model(), emptyMemory());
    expect(out.decisions[0]).toMatchObject({ levelId: 'low', decidedBy: 'probe' });
    expect(out.decisions[0]!.reason).toBe(
      'probing for hidden surplus: stepping up to low, watching grid import for 45 s',
    );
    expect(out.memory.probe).toMatchObject({ phase: 'probing', minerId: 'nano', fromLevelId: 'off' });
  });

  it('does not probe while export is visible, without PV, or when the inverter reports its available PV', () => {
    const memory = emptyMemory();
    expect(probeTick(site(NOON, -200, 0), model(), memory).kind).toBe('none');
    const dark = site(NOON, 0, 0);
    dark.scalars['pv.powerW'] = reading(0, NOON);
    expect(probeTick(dark, model(), memory).kind).toBe('none');
    expect(probeTick(site(NOON, 0, 0, { 'pv.availableW': 900 }), model(), memory).kind).toBe('none');
    expect(
      probeTick(site(NOON, 0, 0, { 'battery.powerW': -800, 'battery.socPct': 30 }), model(), memory).kind,
    ).toBe('none');
    expect(probeTick(site(NOON, 0, 0), model(), memory).kind).toBe('offer');
  });

  it('backs off at once when import exceeds the tolerance, bypassing the minimum on time', () => {
    const at = NOON + 10 * SECOND;
    const out = decide(site(at, 80, 80), model(), started());
    expect(out.decisions[0]).toMatchObject({ levelId: 'off', decidedBy: 'probe' });
    expect(out.decisions[0]!.reason).toBe(
      'probing for hidden surplus: stepped up to low, import 80 W after 10 s — backing off to off (next probe in 10 min)',
    );
    expect(out.memory.probe).toEqual({ phase: 'idle', lastStartAt: NOON, failures: 1 });
  });

  it('each probe backed off in a row doubles the wait before the next, up to four times everyMinutes', () => {
    const idle = (failures: number): Memory => ({
      miners: {},
      probe: { phase: 'idle', lastStartAt: NOON, failures },
    });
    const at = (min: number) => site(NOON + min * 60 * SECOND, 0, 0);
    expect(probeTick(at(9), model(), idle(1)).kind).toBe('none');
    expect(probeTick(at(10), model(), idle(1)).kind).toBe('offer');
    expect(probeTick(at(19), model(), idle(2)).kind).toBe('none');
    expect(probeTick(at(20), model(), idle(5)).kind).toBe('offer');
  });

  it('holds the level while watching, import within the tolerance counted as covered', () => {
    const out = decide(site(NOON + 20 * SECOND, 30, 80), model(), started());
    expect(out.decisions[0]).toMatchObject({ levelId: 'low', decidedBy: 'probe' });
    expect(out.decisions[0]!.reason).toMatch(/import 30 W so far — watching 25 s more$/);
    expect(out.memory.probe).toMatchObject({ phase: 'probing', maxImportW: 30 });
  });

  it('keeps the level when import stays within the tolerance for probeSeconds, then waits everyMinutes', () => {
    const kept = decide(site(NOON + 45 * SECOND, 0, 80), model(), started());
    expect(kept.decisions[0]).toMatchObject({ levelId: 'low', decidedBy: 'probe' });
    expect(kept.decisions[0]!.reason).toBe(
      'probing for hidden surplus: stepped up to low, import 0 W for 45 s — keeping it',
    );
    const soon = decide(site(NOON + 200 * SECOND, 0, 80), model(), kept.memory);
    expect(soon.decisions[0]!.levelId).toBe('low');
    expect(soon.memory.probe).toEqual({ phase: 'idle', lastStartAt: NOON, failures: 0 });
    const later = decide(site(NOON + 300 * SECOND, 0, 80), model(), kept.memory);
    expect(later.decisions[0]).toMatchObject({ levelId: 'mid', decidedBy: 'probe' });
  });

  it('a manual override during the watch rules the miner, and ends the probe once the miner leaves the level', () => {
    const snap = site(NOON + 10 * SECOND, 80, 80);
    snap.overrides = { nano: { levelId: 'high', source: 'test' } };
    const out = decide(snap, model(), started());
    expect(out.decisions[0]).toMatchObject({ levelId: 'high', decidedBy: 'override' });
    const next = decide(site(NOON + 20 * SECOND, 0, 140), model(), out.memory);
    expect(next.memory.probe).toMatchObject({ phase: 'idle', lastStartAt: NOON });
  });

  it('a reading from before the step does not count toward the watch', () => {
    const stale = site(NOON + 50 * SECOND, 0, 80);
    stale.scalars['grid.powerW'] = reading(0, NOON);
    const out = decide(stale, model(), started());
    expect(out.memory.probe).toMatchObject({ phase: 'probing' });
  });

  it('a step the device did not take ends the probe (the agent keeps the memory of what it took)', () => {
    const memory = started();
    const moved: Memory = { ...memory, miners: { nano: { ...memory.miners.nano!, levelId: 'off' } } };
    const out = decide(site(NOON + 30 * SECOND, 0, 0), model(), moved);
    expect(out.memory.probe).toEqual({ phase: 'idle', lastStartAt: NOON, failures: 0 });
  });

  it("the agent's memory keeps the probe's state", () => {
    const memory = started();
    expect(followDevice(emptyMemory(), memory, []).probe).toEqual(memory.probe);
  });
});

describe('available PV (pv.availableW)', () => {
  it('counts what the inverter curtails as surplus beyond export', () => {
    const snap = site(NOON, -100, 0, { 'pv.availableW': 1500 });
    snap.scalars['pv.powerW'] = reading(1000, NOON);
    expect(siteSurplus(snap, model({ probe: undefined }), emptyMemory()).surplusW).toBe(600);
  });

  it('without a fresh pv.powerW the curtailed part is not counted, with a note', () => {
    const snap = site(NOON, -100, 0, { 'pv.availableW': 1500 });
    delete snap.scalars['pv.powerW'];
    const s = siteSurplus(snap, model({ probe: undefined }), emptyMemory());
    expect(s.surplusW).toBe(100);
    expect(s.abstention?.reason).toBe('no pv.powerW reading: curtailed PV not counted');
  });
});
