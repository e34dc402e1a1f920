/**
 * One hanging miner among healthy ones (issue 16: "a dead miner costs one timeout at most"): four
 * Bitaxe emulators that answer and one that accepts connections and never replies (the emulator's
 * `no-answer` fault, as a stuck ESP32 HTTP task does), all with timeout T = 1,000 ms, on the real
 * clock. The room turns warm as the device hangs, so every miner should be paused at once. Measures
 * the tick's wall time and when each healthy device received its command, from the tick's start.
 */
import pino from 'pino';
import { createAgent } from '../src/agent/agent.js';
import { systemClock } from '../src/agent/clock.js';
import { manualScheduler } from '../src/agent/scheduler.js';
import { interpretOnly } from '../src/heap-flags.js';
import { installTzifZones } from '../src/time-zones.js';
import { type BitaxeEmulator, startBitaxeEmulator } from '../test/emulators/bitaxe.js';
import { simulatedConfig, tempDataDir } from '../test/fakes/agent-config.js';
import { reportRow } from './target.js';

// Five miners: `hashheat run` runs them in the interpreter only (src/heap-flags.ts), with luxon's zones
// from the tz database (src/time-zones.ts), and so does this.
interpretOnly();
installTzifZones();

const TIMEOUT_MS = 1000;
const NO_GUARDS =
  '{ minOnSeconds: 0, minOffSeconds: 0, minDwellSeconds: 0, hysteresisPerHour: 0, enableDelaySeconds: 0, disableDelaySeconds: 0 }';

const healthy: BitaxeEmulator[] = await Promise.all([1, 2, 3, 4].map(() => startBitaxeEmulator()));
const hung = await startBitaxeEmulator();
const all = [...healthy, hung];
const miners = all
  .map(
    (e, i) =>
      `  - { id: b${i}, type: bitaxe, zone: living, host: "127.0.0.1:${e.port}", timeoutMs: ${TIMEOUT_MS} }`,
  )
  .join('\n');
const agent = await createAgent(simulatedConfig({ dataDir: tempDataDir(), miners, guards: NO_GUARDS }), {
  clock: systemClock,
  logger: pino({ level: 'silent' }),
  scheduler: manualScheduler,
});
await agent.start();
for (let i = 0; i < 5; i++) await agent.tick(); // every device answers: the agent learns their read times

hung.setFault('no-answer');
agent.store.update({ key: 'zone.living.tempC', reading: { value: 22.5, at: Date.now(), source: 'bench' } });
const counts = healthy.map((e) => e.requests.length);
const started = performance.now();
const record = await agent.tick();
const tickMs = performance.now() - started;
const commandMs = healthy.map((e, i) => {
  const pause = e.requests
    .slice(counts[i])
    .find((r) => r.method === 'POST' && r.path === '/api/system/pause');
  return pause ? pause.receivedAt - started : Number.POSITIVE_INFINITY;
});
const next = performance.now();
await agent.tick();
const nextMs = performance.now() - next;
const hungOutcome = record?.decisions.find((d) => d.minerId === 'b4')?.outcome;
await agent.stop({ applyOnExit: false });
await Promise.all(all.map((e) => e.close()));

process.stdout.write(
  `hanging miner: 4 healthy Bitaxe emulators + 1 that never replies, T = ${TIMEOUT_MS} ms, real clock ` +
    `(the hung one: ${hungOutcome?.status}, ${hungOutcome?.detail ?? ''}):\n`,
);
reportRow({ what: 'the tick in which it hangs', measured: tickMs, target: TIMEOUT_MS, unit: 'ms' });
reportRow({
  what: 'healthy miners commanded, slowest, from the tick start',
  measured: Math.max(...commandMs),
  target: 100,
  unit: 'ms',
});
reportRow({
  what: 'the next tick, right after (its read still under way)',
  measured: nextMs,
  target: TIMEOUT_MS,
  unit: 'ms',
});
