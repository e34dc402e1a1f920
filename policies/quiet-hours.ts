import { z } from 'zod';
import type { MinerModel } from '../src/core/model.js';
import type { Constraint, Policy, PolicyResult } from '../src/core/policy.js';
import type { LocalTime } from '../src/core/types.js';
import { hhmmSchema, minutesOf } from './hhmm.js';
import type { PolicyPlugin } from './plugin.js';
import type { QuietWindow } from './rules.js';

const POLICY = 'quiet-hours';

/** The ISO weekday before `weekday` (Monday → Sunday). */
function dayBefore(weekday: number): number {
  return weekday === 1 ? 7 : weekday - 1;
}

/**
 * Whether local time is inside a window. Wall-clock minutes make it DST-safe: a window keeps its
 * local times on 23 h and 25 h days. A window that wraps past midnight belongs to the weekday it
 * starts on, so `weekdays: [5]` with 22:00–07:00 covers Friday night until Saturday 07:00.
 */
export function inQuietWindow(window: QuietWindow, local: LocalTime): boolean {
  const m = local.minuteOfDay;
  const { fromMin, toMin, weekdays } = window;
  const startsOn = (weekday: number) => weekdays === undefined || weekdays.includes(weekday);
  if (fromMin === toMin) return startsOn(local.weekday);
  if (fromMin < toMin) return m >= fromMin && m < toMin && startsOn(local.weekday);
  if (m >= fromMin) return startsOn(local.weekday);
  return m < toMin && startsOn(dayBefore(local.weekday));
}

/** The power cap of a window for a miner (W) and how people read it. */
function capOf(window: QuietWindow, miner: MinerModel): { capW: number; label: string } {
  let capW = window.maxPowerW ?? Number.POSITIVE_INFINITY;
  let label = `at most ${window.maxPowerW} W`;
  if (window.maxLevelId !== undefined) {
    const level = miner.levels.find((l) => l.id === window.maxLevelId);
    // An unknown level must not make a quiet window loud: treat it as off and say so.
    const levelW = level?.powerW ?? 0;
    if (levelW <= capW) {
      capW = levelW;
      if (!level) label = `off (level "${window.maxLevelId}" is unknown)`;
      else label = level.powerW <= 0 ? 'off' : `at most ${level.id} (${level.powerW} W)`;
    }
  }
  return { capW, label };
}

/** The strictest fan cap of the windows open now (%, and the window's label), or undefined. */
export function quietFanCap(
  windows: readonly QuietWindow[],
  local: LocalTime,
): { percent: number; label: string } | undefined {
  let cap: { percent: number; label: string } | undefined;
  for (const w of windows)
    if (w.fanCapPercent !== undefined && inQuietWindow(w, local) && (!cap || w.fanCapPercent < cap.percent))
      cap = { percent: w.fanCapPercent, label: w.label };
  return cap;
}

/**
 * Quiet hours: inside a local-time window a miner runs at most at a level or power (e.g. the
 * bedroom miner at most `low` from 22:00 to 07:00). The cap is a forbid constraint that acts at
 * once; a manual override may still exceed it (it is a comfort rule, not a safety one).
 */
export function quietHoursPolicy(windows: readonly QuietWindow[]): Policy {
  return {
    name: POLICY,
    evaluate({ snapshot, miner }): PolicyResult {
      let strictest: { capW: number; label: string; window: QuietWindow } | undefined;
      for (const window of windows) {
        if (!inQuietWindow(window, snapshot.local)) continue;
        const cap = capOf(window, miner);
        if (!strictest || cap.capW < strictest.capW) strictest = { ...cap, window };
      }
      if (!strictest) return {};
      const capW = strictest.capW;
      const levelIds = miner.levels.filter((l) => l.id !== 'off' && l.powerW > capW).map((l) => l.id);
      if (levelIds.length === 0) return {};
      const reason = `quiet hours ${strictest.window.label}: ${strictest.label}`;
      const constraint: Constraint = { policy: POLICY, kind: 'forbid', levelIds, reason, bypassGuards: true };
      return { constraints: [constraint] };
    },
  };
}

/** One quiet window as the config writes it. */
export const quietWindowSchema = z
  .object({
    from: hhmmSchema.describe('local start time, inclusive'),
    to: hhmmSchema.describe('local end time, exclusive; may wrap past midnight; equal to from = all day'),
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .optional()
      .describe('ISO weekdays (1 = Monday) the window starts on; every day when omitted'),
    maxLevel: z.string().optional().describe('highest level allowed in the window (`off` = stopped)'),
    maxPowerW: z.number().nonnegative().optional().describe('highest power allowed in the window (W)'),
    fanCapPercent: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe(
        'fans at most this fast in the window (%; bitaxe, braiins and luxos miners), back to automatic after',
      ),
  })
  .strict()
  .refine(
    (w) => w.maxLevel !== undefined || w.maxPowerW !== undefined || w.fanCapPercent !== undefined,
    'set maxLevel, maxPowerW or fanCapPercent',
  );

const schema = z
  .object({
    type: z.literal(POLICY),
    windows: z.array(quietWindowSchema).min(1).describe('local-time windows with a power or level cap'),
  })
  .strict();

/** One window of the config as the policy and the agent's fan caps read it. */
export function windowOf(w: z.infer<typeof quietWindowSchema>): QuietWindow {
  return {
    fromMin: minutesOf(w.from),
    toMin: minutesOf(w.to),
    label: `${w.from}–${w.to}`,
    ...(w.weekdays ? { weekdays: w.weekdays } : {}),
    ...(w.maxLevel !== undefined ? { maxLevelId: w.maxLevel } : {}),
    ...(w.maxPowerW !== undefined ? { maxPowerW: w.maxPowerW } : {}),
    ...(w.fanCapPercent !== undefined ? { fanCapPercent: w.fanCapPercent } : {}),
  };
}

/** `{ type: quiet-hours, windows: [...] }`; the shorthand `quietHours: [...]` means the same. */
export const quietHoursPlugin: PolicyPlugin<z.infer<typeof schema>> = {
  type: POLICY,
  schema,
  create: (config) => quietHoursPolicy(config.windows.map(windowOf)),
};
