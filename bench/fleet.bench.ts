/**
 * Many simulated miners in one agent (issue 16: "10,000 miners a tick, linear"): the time to start
 * the agent and the median tick, on the real clock, at 1,000 and 10,000 miners (100 and 1,000 with
 * `--quick`). Linear means the cost per miner at the larger fleet is within 1.5× the smaller one's.
 */
import pino from 'pino';
import { createAgent } from '../src/agent/agent.js';
import { systemClock } from '../src/agent/clock.js';
import { manualScheduler } from '../src/agent/scheduler.js';
import {
  compilersFor,
  interpretOnly,
  keepYoungGenerationSmall,
  youngGenerationFor,
} from '../src/heap-flags.js';
import { installTzifZones } from '../src/time-zones.js';
import { simulatedConfig, tempDataDir } from '../test/fakes/agent-config.js';
import { median } from './stats.js';
import { quick, reportRow } from './target.js';

async function fleet(count: number): Promise<{ startMs: number; firstTickMs: number; tickMs: number }> {
  const miners = Array.from(
    { length: count },
    (_, i) =>
      `  - { id: m${i}, type: simulated, zone: living, levels: [{ id: low, powerW: ${80 + (i % 7)}, ths: 4 }, { id: high, powerW: 140, ths: 6 }] }`,
  ).join('\n');
  const config = simulatedConfig({ dataDir: tempDataDir(), miners });
  // The young generation and the compilers as `hashheat run` sets them for this many miners (src/cli/run.ts).
  youngGenerationFor(count);
  compilersFor(count);
  const started = performance.now();
  const agent = await createAgent(config, {
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    scheduler: manualScheduler,
  });
  await agent.start();
  const startMs = performance.now() - started;
  // The first tick builds what lasts a model's lifetime (each miner's policies), so it is its own row.
  const first = performance.now();
  await agent.tick();
  const firstTickMs = performance.now() - first;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await agent.tick();
    times.push(performance.now() - t);
  }
  await agent.stop({ applyOnExit: false });
  return { startMs, firstTickMs, tickMs: median(times) };
}

// As `hashheat run` does before it loads anything (src/cli/main.ts): heap, compilers, zones.
keepYoungGenerationSmall();
interpretOnly();
installTzifZones();
const [small, large] = quick ? [100, 1000] : [1000, 10_000];
process.stdout.write(
  `fleet: simulated miners in one agent, real clock (the first tick, then the median of the next 5):\n`,
);
const a = await fleet(small);
const b = await fleet(large);
reportRow({ what: `${small.toLocaleString('en')} miners, start`, measured: a.startMs, unit: 'ms' });
reportRow({ what: `${small.toLocaleString('en')} miners, first tick`, measured: a.firstTickMs, unit: 'ms' });
reportRow({ what: `${small.toLocaleString('en')} miners, a tick`, measured: a.tickMs, unit: 'ms' });
reportRow({ what: `${large.toLocaleString('en')} miners, start`, measured: b.startMs, unit: 'ms' });
reportRow({ what: `${large.toLocaleString('en')} miners, first tick`, measured: b.firstTickMs, unit: 'ms' });
reportRow({
  what: `${large.toLocaleString('en')} miners, a tick`,
  measured: b.tickMs,
  target: quick ? undefined : 500,
  unit: 'ms',
});
reportRow({
  what: `cost per miner and tick, ${large.toLocaleString('en')} vs ${small.toLocaleString('en')} miners (1 = linear)`,
  measured: b.tickMs / large / (a.tickMs / small),
  target: 1.5,
  unit: '×',
});
