import { syntheticLevelId, syntheticPowerW } from './continuous.js';
import type { Memory, MinerMemory, ProbeMemory } from './memory-types.js';
import type { MinerModel, Model, ProbeModel } from './model.js';
import { scalar } from './signals.js';
import type { Instant, Snapshot } from './types.js';

/**
 * What the hidden-surplus probe (issue 19) asks of this tick:
 * - `none`: nothing (no probe configured, not eligible, or too soon after the last one);
 * - `offer`: try a step up: the first eligible miner in allocation order is offered one level more;
 * - `hold`: a step is being watched: keep the miner at `levelId`;
 * - `keep`: the watch is over and import stayed within the tolerance: the ledger decides as usual;
 * - `back-off`: import exceeded the tolerance: the miner goes back to `levelId` at once.
 */
export type ProbeTick =
  | { kind: 'none'; memory: ProbeMemory | undefined }
  | { kind: 'offer'; memory: ProbeMemory }
  | {
      kind: 'hold' | 'keep' | 'back-off';
      minerId: string;
      levelId: string;
      note: string;
      memory: ProbeMemory;
    };

/** Import now (W): grid import plus battery discharge (a full battery may cover a step that PV does not). */
function importNowW(snapshot: Snapshot, model: Model): { importW: number; at: Instant } | undefined {
  const grid = scalar(snapshot, model, 'grid.powerW');
  if (!grid.ok) return undefined;
  const battery = scalar(snapshot, model, 'battery.powerW');
  const dischargeW = battery.ok ? Math.max(0, battery.value) : 0;
  return { importW: grid.value + dischargeW, at: grid.at };
}

/**
 * Why a probe may not start now, or undefined when it may: the inverter reports its available PV (no
 * guessing needed), no fresh grid reading, export visible (the ordinary surplus sees it), PV not
 * producing, or a battery charging below its priority SoC (that PV is the battery's).
 */
function ineligible(snapshot: Snapshot, model: Model, probe: ProbeModel): string | undefined {
  if (scalar(snapshot, model, 'pv.availableW').ok) return 'available PV is reported';
  const now = importNowW(snapshot, model);
  if (!now) return 'no grid reading';
  if (now.importW < -probe.importToleranceW) return 'export is visible';
  const pv = scalar(snapshot, model, 'pv.powerW');
  if (!pv.ok || pv.value <= 0) return 'PV is not producing';
  const battery = scalar(snapshot, model, 'battery.powerW');
  const soc = scalar(snapshot, model, 'battery.socPct');
  const belowPriority = !soc.ok || soc.value < (model.battery?.prioritySoc ?? 100);
  if (battery.ok && battery.value < -probe.importToleranceW && belowPriority)
    return 'the battery is charging';
  return undefined;
}

const seconds = (ms: number) => Math.round(ms / 1000);

/**
 * The wait before the next probe (ms): `everyMs`, doubled for each probe backed off in a row, at most 4×
 * (a shaded morning does not start a plug-switched miner every few minutes for nothing).
 */
function waitMs(probe: ProbeModel, failures = 0): number {
  return probe.everyMs * 2 ** Math.min(2, failures);
}

/** The probe's state machine for one tick (pure): see `ProbeTick`. */
export function probeTick(snapshot: Snapshot, model: Model, memory: Memory): ProbeTick {
  const probe = model.probe;
  const state = memory.probe;
  if (!probe) return { kind: 'none', memory: undefined };
  if (state?.phase !== 'probing') {
    const idle: ProbeMemory = state ?? { phase: 'idle' };
    const due =
      idle.lastStartAt === undefined || snapshot.now - idle.lastStartAt >= waitMs(probe, idle.failures);
    if (!due || ineligible(snapshot, model, probe)) return { kind: 'none', memory: idle };
    return { kind: 'offer', memory: idle };
  }
  const failures = state.failures ?? 0;
  const idle: ProbeMemory = { phase: 'idle', lastStartAt: state.startedAt, failures };
  const failed: ProbeMemory = { phase: 'idle', lastStartAt: state.startedAt, failures: failures + 1 };
  const next = `next probe in ${Math.round(waitMs(probe, failures + 1) / 60_000)} min`;
  const { minerId, fromLevelId, toLevelId, startedAt } = state;
  // Something else moved the miner (safety, an override, a refused command): the probe is over.
  if (memory.miners[minerId]?.levelId !== toLevelId) return { kind: 'none', memory: idle };
  const head = `probing for hidden surplus: stepped up to ${toLevelId}`;
  const now = importNowW(snapshot, model);
  if (!now) {
    const note = `${head}, grid reading lost — backing off to ${fromLevelId}`;
    return { kind: 'back-off', minerId, levelId: fromLevelId, note, memory: failed };
  }
  const counts = now.at > startedAt;
  const maxImportW = counts ? Math.max(state.maxImportW, now.importW) : state.maxImportW;
  const watchedS = seconds(Math.max(0, now.at - startedAt));
  const importText = `import ${Math.round(Math.max(0, maxImportW))} W`;
  if (maxImportW > probe.importToleranceW) {
    const note = `${head}, ${importText} after ${watchedS} s — backing off to ${fromLevelId} (${next})`;
    return { kind: 'back-off', minerId, levelId: fromLevelId, note, memory: failed };
  }
  if (counts && now.at >= startedAt + probe.probeMs) {
    const note = `${head}, ${importText} for ${watchedS} s — keeping it`;
    return { kind: 'keep', minerId, levelId: toLevelId, note, memory: { ...idle, failures: 0 } };
  }
  const leftS = seconds(startedAt + probe.probeMs - snapshot.now);
  const note = `${head}, ${importText} so far — watching ${Math.max(1, leftS)} s more`;
  return { kind: 'hold', minerId, levelId: toLevelId, note, memory: { ...state, maxImportW } };
}

/** Power of a level id of this miner (W): a configured level, or a synthesised power target. */
function powerOf(miner: MinerModel, levelId: string): number {
  return miner.levels.find((l) => l.id === levelId)?.powerW ?? syntheticPowerW(levelId) ?? 0;
}

/**
 * The level one step above where the miner is, or undefined at its top: the next configured level,
 * or for a power-target miner its current power plus the probe's step (its minimum from off).
 */
export function stepUp(
  miner: MinerModel,
  memory: MinerMemory,
  probe: ProbeModel,
): { levelId: string; extraW: number } | undefined {
  const currentW = powerOf(miner, memory.levelId);
  const range = miner.continuous;
  if (range) {
    const targetW = memory.levelId === 'off' ? range.minW : Math.min(range.maxW, currentW + probe.stepW);
    if (targetW <= currentW) return undefined;
    return { levelId: syntheticLevelId(targetW), extraW: targetW - currentW };
  }
  const next = miner.levels.find((l) => l.powerW > currentW);
  return next ? { levelId: next.id, extraW: next.powerW - currentW } : undefined;
}

/** The probe's memory once a step up has been taken (`toLevelId`) from `fromLevelId`. */
export function probing(
  step: { minerId: string; fromLevelId: string; toLevelId: string },
  now: Instant,
  idle: ProbeMemory,
): ProbeMemory {
  const failures = idle.failures ?? 0;
  return { phase: 'probing', ...step, startedAt: now, maxImportW: 0, ...(failures ? { failures } : {}) };
}
