/** The agent's resident memory after one simulated hour of 30-s ticks (FakeClock), planner on. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../config/loader.js';
import { createAgent } from '../src/agent/agent.js';
import { manualScheduler } from '../src/agent/scheduler.js';
import { FakeClock } from '../test/fakes/clock.js';

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const file = 'config/example-planner.yaml';
const loaded = loadConfig(file, {});
const config = {
  ...loaded,
  agent: { ...loaded.agent, dataDir: mkdtempSync(join(tmpdir(), 'hashheat-bench-')) },
};
const clock = new FakeClock(Date.UTC(2025, 0, 15, 6));
const agent = await createAgent(config, {
  clock,
  logger: pino({ level: 'silent' }),
  scheduler: manualScheduler,
});
await agent.start();
await agent.tick();
const before = process.memoryUsage();
const started = performance.now();
const ticks = 120;
for (let i = 0; i < ticks; i++) {
  await clock.advance(30_000);
  await agent.tick();
}
const wallMs = performance.now() - started;
(globalThis as { gc?: () => void }).gc?.();
const after = process.memoryUsage();
await agent.stop({ applyOnExit: false });
process.stdout.write(
  `agent (${file}, simulated miner, planner on, 15-min re-plans): after ${ticks} ticks = 1 simulated hour\n` +
    `  resident ${mib(after.rss)} MiB (heap used ${mib(after.heapUsed)} MiB; +${mib(after.rss - before.rss)} MiB RSS over the hour), ` +
    `${(wallMs / ticks).toFixed(2)} ms per tick\n`,
);
