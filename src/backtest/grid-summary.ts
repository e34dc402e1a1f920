import type { GridEvent } from '../core/types.js';
import type { CapacityResult } from './capacity.js';
import type { Trace } from './simulate.js';
import type { BacktestWorld } from './world.js';

/** One strategy in one grid event's window. */
export interface EventShare {
  name: string;
  /** What the miners drew in the window (kWh). */
  minerKWh: number;
  /** Net cost in the window (electricity + heating − mining; a capacity charge not included). */
  netCost: number;
}

/** One grid event of the replay and what each strategy did in its window (issue 18). */
export interface EventSummary {
  id: string;
  title: string;
  start: number;
  end: number;
  /** The effect in words: "price 0.0000/kWh", "stop", "cap 600 W". */
  effect: string;
  strategies: EventShare[];
}

/** An event's effect as a short phrase. */
export function effectText(effect: GridEvent['effect']): string {
  switch (effect.kind) {
    case 'stop':
      return 'stop';
    case 'cap':
      return `cap ${effect.maxW} W`;
    case 'cap-level':
      return `cap at ${effect.levelId}`;
    case 'price':
      return `price ${effect.perKWh.toFixed(4)}/kWh`;
    case 'reward':
      return `reward ${effect.perKWh.toFixed(4)}/kWh`;
  }
}

/** The steps a capacity charge was added to the cost trace (a month's last step), with their charge. */
function chargeSteps(world: BacktestWorld, capacity: CapacityResult | undefined): Map<number, number> {
  const steps = new Map<number, number>();
  if (!capacity) return steps;
  const local = world.frames.local;
  for (let i = 0; i < local.length; i++) {
    const month = local[i]!.date.slice(0, 7);
    if (i + 1 === local.length || local[i + 1]!.date.slice(0, 7) !== month) {
      const charged = capacity.months.find((m) => m.month === month);
      if (charged) steps.set(i, charged.charge);
    }
  }
  return steps;
}

/**
 * Each event of the replay with each strategy's miner energy and net cost in its window: steps
 * weighted by how much of them the window covers, the capacity charges kept out.
 */
export function eventSummaries(
  world: BacktestWorld,
  runs: readonly { name: string; trace: Trace; capacity?: CapacityResult | undefined }[],
): EventSummary[] {
  const f = world.frames;
  const hours = f.stepMs / 3_600_000;
  const events = Object.values(f.events)
    .flat()
    .sort((a, b) => a.start - b.start);
  return events.map((event) => ({
    id: event.id,
    title: event.title,
    start: event.start,
    end: event.end,
    effect: effectText(event.effect),
    strategies: runs.map((run) => {
      const charges = chargeSteps(world, run.capacity);
      let minerKWh = 0;
      let netCost = 0;
      for (let i = 0; i < f.start.length; i++) {
        const from = Math.max(f.start[i]!, event.start);
        const to = Math.min(f.start[i]! + f.stepMs, event.end);
        if (to <= from) continue;
        const share = (to - from) / f.stepMs;
        const before = i > 0 ? run.trace.netCost[i - 1]! : 0;
        const cost = run.trace.netCost[i]! - before - (charges.get(i) ?? 0);
        minerKWh += (run.trace.minerW[i]! * hours * share) / 1000;
        netCost += cost * share;
      }
      return { name: run.name, minerKWh, netCost };
    }),
  }));
}
