/**
 * `decide` for 1, 10 and 100 miners: median time per tick with the standard policies. With
 * `--as-small-agent`, 1 and 10 miners in V8's interpreter only, as `hashheat run` runs a fleet of up
 * to `SMALL_FLEET_MINERS` (src/heap-flags.ts).
 */
import { standardPolicies } from '../policies/index.js';
import { localTimeOf } from '../src/agent/local-time.js';
import { decide } from '../src/core/decide.js';
import { emptyMemory, type Memory } from '../src/core/memory.js';
import { OFF } from '../src/core/model.js';
import type { Snapshot } from '../src/core/types.js';
import { interpretOnly, SMALL_FLEET_MINERS } from '../src/heap-flags.js';
import { makeModel, nanoMiner, reading } from '../test/fakes/world.js';
import { median, percentile, timeRuns } from './stats.js';
import { quick, reportRow } from './target.js';

const NOW = Date.UTC(2025, 0, 15, 11);
const HOUR = 3_600_000;

function setup(count: number) {
  const miners = Array.from({ length: count }, (_, i) =>
    nanoMiner({
      id: `m${i}`,
      priority: i % 3,
      levels: [
        OFF,
        { id: 'low', powerW: 80 + i, ths: 4 },
        { id: 'mid', powerW: 110 + i, ths: 5.2 },
        { id: 'high', powerW: 140 + i, ths: 6 },
      ],
    }),
  );
  const model = makeModel({ miners }, standardPolicies());
  const slots = Array.from({ length: 48 }, (_, i) => ({
    start: NOW - 24 * HOUR + i * HOUR,
    end: NOW - 23 * HOUR + i * HOUR,
    perKWh: 0.2 + 0.1 * Math.sin(i),
  }));
  const snapshot = (t: number, grid: number): Snapshot => ({
    now: t,
    local: localTimeOf(t, 'Europe/Berlin'),
    scalars: {
      hashprice: reading(0.034, t),
      'zone.living.tempC': reading(20.5, t),
      'outdoor.tempC': reading(4, t),
      'grid.powerW': reading(grid, t),
    },
    series: {
      'price.import': { value: slots, at: t, source: 'bench' },
      'price.export': { value: slots.map((s) => ({ ...s, perKWh: 0.08 })), at: t, source: 'bench' },
    },
    miners: {},
    overrides: {},
    zoneTargetsC: {},
  });
  return { model, snapshot };
}

const asSmallAgent = process.argv.includes('--as-small-agent');
if (asSmallAgent) interpretOnly();
process.stdout.write(
  asSmallAgent
    ? `decide in the interpreter only, as \`hashheat run\` runs up to ${SMALL_FLEET_MINERS} miners, per tick:\n`
    : 'decide (standard policies, surplus allocation, guards), per tick:\n',
);
for (const count of asSmallAgent ? [1, SMALL_FLEET_MINERS] : [1, 10, 100]) {
  const { model, snapshot } = setup(count);
  let memory: Memory = emptyMemory();
  let tick = 0;
  const runs = quick ? 100 : count === 100 ? 2000 : 5000;
  // Snapshots built beforehand (time zone work is the shell's, not decide's): 30-s ticks with a grid
  // reading that swings between import and export, so decisions and memory keep changing.
  const snapshots = Array.from({ length: runs + 21 }, (_, k) =>
    snapshot(NOW + k * 30_000, 2000 * Math.sin(k / 7)),
  );
  const step = () => {
    const result = decide(snapshots[tick]!, model, memory);
    memory = result.memory;
    tick += 1;
  };
  const first = performance.now();
  step();
  const firstMs = performance.now() - first;
  const times = timeRuns(step, runs);
  const big = count === 100;
  reportRow({
    what: `${count} miners, median`,
    measured: median(times),
    target: big ? 0.5 : undefined,
    unit: 'ms',
  });
  reportRow({
    what: `${count} miners, p90`,
    measured: percentile(times, 0.9),
    target: big ? 1 : undefined,
    unit: 'ms',
  });
  if (big) reportRow({ what: `${count} miners, first call (cold)`, measured: firstMs, unit: 'ms' });
}
