import type { LoadModel, Model } from './model.js';
import type { Abstention } from './policy.js';
import { scalar } from './signals.js';
import type { Snapshot } from './types.js';

/** One external load's unmet want this tick: what it would still take from the surplus (W, ≥ 0). */
export interface LoadShare {
  load: LoadModel;
  unmetW: number;
}

/** Every load's share, in priority order, and a note for each load whose signals are missing or stale. */
export interface LoadShares {
  shares: LoadShare[];
  abstentions: Abstention[];
}

const NONE: LoadShares = Object.freeze({ shares: [], abstentions: [] }) as LoadShares;

/**
 * What each load still wants from the surplus: `wantsW − powerW` (its current draw is already in the
 * grid reading). A load whose power or want is missing or stale counts as wanting nothing, with a note.
 * Why that side is the safer one: the grid meter stays the truth. If a silent load does charge, its draw
 * shows up as import and the miners step down within their disable delay, as before issue 19; counting
 * a silent load's last (or its largest) want instead would lock the miners out of the surplus for as long
 * as its controller is down, with nothing ever correcting it.
 */
export function loadShares(snapshot: Snapshot, model: Model): LoadShares {
  const loads = model.loads;
  if (!loads || loads.length === 0) return NONE;
  const shares: LoadShare[] = [];
  const abstentions: Abstention[] = [];
  for (const load of [...loads].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id))) {
    const wants = scalar(snapshot, model, `load.${load.id}.wantsW`);
    const power = scalar(snapshot, model, `load.${load.id}.powerW`);
    if (!wants.ok || !power.ok) {
      const why = wants.ok ? (power.ok ? '' : power.why) : wants.why;
      abstentions.push({
        policy: 'loads',
        reason: `${why}: ${load.name} counted as wanting nothing`,
        essential: false,
      });
      shares.push({ load, unmetW: 0 });
      continue;
    }
    shares.push({ load, unmetW: Math.max(0, wants.value - power.value) });
  }
  return { shares, abstentions };
}

/** Surplus kept for loads ahead of a miner, per load: how much each took out of what was left (W). */
export interface Yielded {
  load: LoadModel;
  yieldedW: number;
}

/** "1.4 kW of surplus to car (priority 1), 0.3 kW to pool pump (priority 5)". */
export function describeYield(yielded: readonly Yielded[]): string {
  return yielded
    .filter((y) => y.yieldedW > 0)
    .map(
      (y, i) =>
        `${(y.yieldedW / 1000).toFixed(1)} kW${i === 0 ? ' of surplus' : ''} to ${y.load.name} (priority ${y.load.priority})`,
    )
    .join(', ');
}
