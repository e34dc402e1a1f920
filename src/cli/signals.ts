import type { AdapterDeps } from '../../adapters/deps.js';
import { createSimWorld } from '../../adapters/sim/world.js';
import { detailsOf } from '../../adapters/sources/source-details.js';
import { resolveLevels } from '../agent/build-model.js';
import { systemClock } from '../agent/clock.js';
import { SignalStore } from '../agent/signal-store.js';
import { SourceRunner } from '../agent/source-runner.js';
import { createMiners, createSources } from '../agent/wiring.js';
import { connectMqtt } from '../mqtt/connection.js';
import type { Clock } from '../ports.js';
import { loadConfigOrExit } from './load.js';
import { createLogger } from './logger.js';
import { renderSignalsReport } from './signals-render.js';
import { buildSignalsReport, type SignalsReport } from './signals-report.js';

/** Options of `hashheat signals`. */
export interface SignalsOptions {
  config: string;
  json?: boolean;
}

/** What the command talks to; tests pass a fake clock and capture the output. */
export interface SignalsIo {
  clock?: Clock;
  write?: (text: string) => void;
  /** How long push sources (MQTT, Home Assistant) get to deliver a first value (ms); default 2000. */
  pushWaitMs?: number;
}

/**
 * `hashheat signals`: fetch every configured source once and print the normalised readings (price
 * series with slot length, span, now, min/max and cheapest windows; hashprice with its inputs;
 * break-even price per miner level; every other signal with its age). Exit 1 if a source failed.
 */
export async function signalsCommand(options: SignalsOptions, io: SignalsIo = {}): Promise<number> {
  const config = loadConfigOrExit(options.config);
  const clock = io.clock ?? systemClock;
  const logger = createLogger('silent');
  const mqtt = config.mqtt ? connectMqtt(config.mqtt, { clock, logger }) : undefined;
  const deps: AdapterDeps = {
    clock,
    logger,
    sim: createSimWorld(),
    timeZone: config.site.timeZone,
    currency: config.site.currency,
    ...(mqtt ? { mqtt } : {}),
  };
  const report = await collect(config, deps, io.pushWaitMs ?? 2000);
  await mqtt?.close();
  const text = options.json
    ? JSON.stringify(report, null, 2)
    : renderSignalsReport(report, config.site.timeZone);
  (io.write ?? ((t) => process.stdout.write(t)))(`${text}\n`);
  return report.sources.every((s) => s.ok) ? 0 : 1;
}

async function collect(
  config: ReturnType<typeof loadConfigOrExit>,
  deps: AdapterDeps,
  pushWaitMs: number,
): Promise<SignalsReport> {
  const sources = createSources(config, deps);
  const store = new SignalStore();
  const runner = new SourceRunner(sources, (u) => store.update(u), deps);
  await runner.start();
  if (sources.some((s) => s.start)) await new Promise((r) => setTimeout(r, pushWaitMs));
  await runner.stop();
  const adapters = createMiners(config, deps);
  const miners = config.miners.map((m, i) => ({
    id: m.id,
    coin: m.coin,
    poolFee: m.poolFee ?? config.revenue.poolFee,
    levels: resolveLevels(m.levels, safeLevels(adapters[i]!)),
  }));
  await Promise.all(adapters.map((a) => a.close().catch(() => undefined)));
  const details: Record<string, Record<string, number | string>> = {};
  for (const source of sources) {
    const d = detailsOf(source);
    if (d) details[source.id] = d;
  }
  return buildSignalsReport({
    now: deps.clock.now(),
    currency: config.site.currency,
    sources: runner
      .healthAll()
      .map((h) => ({ id: h.id, ok: h.ok, ...(h.lastError ? { error: h.lastError } : {}) })),
    series: store.seriesRecord(),
    scalars: store.scalarsRecord(),
    details,
    miners,
  });
}

/** A miner's own levels; none when the adapter cannot tell without its device (config levels still apply). */
function safeLevels(adapter: {
  levels(): ReturnType<typeof resolveLevels>;
}): ReturnType<typeof resolveLevels> {
  try {
    return adapter.levels();
  } catch {
    return [];
  }
}
