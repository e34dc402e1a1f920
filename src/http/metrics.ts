import type { Config } from '../../config/schema.js';
import { lazyRequire } from '../lazy-require.js';
import type { AgentView, TickRecord } from '../ports.js';

const promClient = lazyRequire<typeof import('prom-client')>('prom-client');

/** The registry and its metrics, made on the first scrape (prom-client is not loaded before). */
function createRegistry() {
  const { Counter, Gauge, Registry } = promClient();
  const registry = new Registry();
  const miner = (name: string, help: string) =>
    new Gauge({ name, help, labelNames: ['miner'], registers: [registry] });
  return {
    registry,
    powerW: miner('hashheat_miner_power_watts', 'measured power draw (W)'),
    hashrate: miner('hashheat_miner_hashrate_ths', 'hashrate (TH/s)'),
    netPerHour: miner('hashheat_miner_net_per_hour', 'net value per hour of the chosen level (currency/h)'),
    level: new Gauge({
      name: 'hashheat_miner_level',
      help: '1 for the level the miner runs at',
      labelNames: ['miner', 'level'],
      registers: [registry],
    }),
    commands: new Counter({
      name: 'hashheat_miner_commands_total',
      help: 'commands by what happened at the device (taken, sent, held-back, failed)',
      labelNames: ['miner', 'outcome'],
      registers: [registry],
    }),
    sourceAge: new Gauge({
      name: 'hashheat_source_age_seconds',
      help: 'seconds since the source last delivered',
      labelNames: ['source'],
      registers: [registry],
    }),
    sourceFailures: new Gauge({
      name: 'hashheat_source_failures',
      help: 'consecutive failures of the source',
      labelNames: ['source'],
      registers: [registry],
    }),
    tickSeconds: new Gauge({
      name: 'hashheat_tick_duration_seconds',
      help: 'how long the last tick took',
      registers: [registry],
    }),
  };
}

/**
 * The agent's Prometheus metrics: per miner power, hashrate, level, net per hour and commands by
 * outcome; per source the age of its last success and its failures; the tick's duration. Each tick
 * only counts commands; everything else is read from the agent when Prometheus scrapes, into a
 * registry of its own (never prom-client's global one) made on the first scrape.
 */
export function createMetrics(agent: AgentView<Config>) {
  /** Commands per `miner\u0000outcome` since start, and how many of them the registry has counted. */
  const counted = new Map<string, { miner: string; outcome: string; total: number; reported: number }>();
  let metrics: ReturnType<typeof createRegistry> | undefined;

  return {
    /** Counts the commands of one tick record. */
    record(record: TickRecord): void {
      for (const d of record.decisions) {
        const { status } = d.outcome;
        if (status !== 'taken' && status !== 'sent' && status !== 'held-back' && status !== 'failed')
          continue;
        const key = `${d.minerId}\u0000${status}`;
        const entry = counted.get(key) ?? { miner: d.minerId, outcome: status, total: 0, reported: 0 };
        entry.total += 1;
        counted.set(key, entry);
      }
    },
    /** The text exposition: the miners as the last tick left them, source ages as of `now`. */
    async text(now: number): Promise<string> {
      metrics ??= createRegistry();
      const m = metrics;
      const statuses = agent.statuses();
      for (const miner of agent.model.miners) {
        const status = statuses[miner.id];
        if (status?.powerW !== undefined) m.powerW.set({ miner: miner.id }, status.powerW);
        if (status?.ths !== undefined) m.hashrate.set({ miner: miner.id }, status.ths);
        const running = status?.reachable ? (status.running ? status.levelId : 'off') : undefined;
        for (const l of miner.levels) m.level.set({ miner: miner.id, level: l.id }, l.id === running ? 1 : 0);
      }
      const last = agent.lastRecord();
      for (const d of last?.decisions ?? []) {
        const row = d.ledger.find((r) => r.levelId === d.levelId);
        if (row) m.netPerHour.set({ miner: d.minerId }, row.netPerHour);
      }
      if (last?.durationMs !== undefined) m.tickSeconds.set(last.durationMs / 1000);
      for (const entry of counted.values()) {
        if (entry.total > entry.reported)
          m.commands.inc({ miner: entry.miner, outcome: entry.outcome }, entry.total - entry.reported);
        entry.reported = entry.total;
      }
      for (const h of agent.sources.healthAll()) {
        if (h.lastSuccessAt !== undefined) m.sourceAge.set({ source: h.id }, (now - h.lastSuccessAt) / 1000);
        m.sourceFailures.set({ source: h.id }, h.failures);
      }
      return m.registry.metrics();
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
