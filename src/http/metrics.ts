import { Counter, Gauge, Registry } from 'prom-client';
import type { Config } from '../../config/schema.js';
import type { AgentView, TickRecord } from '../ports.js';

/**
 * The agent's Prometheus metrics: per miner power, hashrate, level, net per hour and commands by
 * outcome; per source the age of its last success and its failures; the tick's duration. A registry
 * of its own (never prom-client's global one), filled from each tick record.
 */
export function createMetrics(agent: AgentView<Config>) {
  const registry = new Registry();
  const miner = (name: string, help: string) =>
    new Gauge({ name, help, labelNames: ['miner'], registers: [registry] });
  const powerW = miner('hashheat_miner_power_watts', 'measured power draw (W)');
  const hashrate = miner('hashheat_miner_hashrate_ths', 'hashrate (TH/s)');
  const netPerHour = miner(
    'hashheat_miner_net_per_hour',
    'net value per hour of the chosen level (currency/h)',
  );
  const level = new Gauge({
    name: 'hashheat_miner_level',
    help: '1 for the level the miner runs at',
    labelNames: ['miner', 'level'],
    registers: [registry],
  });
  const commands = new Counter({
    name: 'hashheat_miner_commands_total',
    help: 'commands by what happened at the device (taken, sent, held-back, failed)',
    labelNames: ['miner', 'outcome'],
    registers: [registry],
  });
  const sourceAge = new Gauge({
    name: 'hashheat_source_age_seconds',
    help: 'seconds since the source last delivered',
    labelNames: ['source'],
    registers: [registry],
  });
  const sourceFailures = new Gauge({
    name: 'hashheat_source_failures',
    help: 'consecutive failures of the source',
    labelNames: ['source'],
    registers: [registry],
  });
  const tickSeconds = new Gauge({
    name: 'hashheat_tick_duration_seconds',
    help: 'how long the last tick took',
    registers: [registry],
  });

  return {
    registry,
    /** Folds one tick record (and the statuses it left) into the metrics. */
    record(record: TickRecord): void {
      const statuses = agent.statuses();
      for (const m of agent.model.miners) {
        const status = statuses[m.id];
        if (status?.powerW !== undefined) powerW.set({ miner: m.id }, status.powerW);
        if (status?.ths !== undefined) hashrate.set({ miner: m.id }, status.ths);
        const running = status?.reachable ? (status.running ? status.levelId : 'off') : undefined;
        for (const l of m.levels) level.set({ miner: m.id, level: l.id }, l.id === running ? 1 : 0);
      }
      for (const d of record.decisions) {
        const row = d.ledger.find((r) => r.levelId === d.levelId);
        if (row) netPerHour.set({ miner: d.minerId }, row.netPerHour);
        const { status } = d.outcome;
        if (status === 'taken' || status === 'sent' || status === 'held-back' || status === 'failed')
          commands.inc({ miner: d.minerId, outcome: status });
      }
      if (record.durationMs !== undefined) tickSeconds.set(record.durationMs / 1000);
    },
    /** The text exposition, with source ages as of `now`. */
    async text(now: number): Promise<string> {
      for (const h of agent.sources.healthAll()) {
        if (h.lastSuccessAt !== undefined) sourceAge.set({ source: h.id }, (now - h.lastSuccessAt) / 1000);
        sourceFailures.set({ source: h.id }, h.failures);
      }
      return registry.metrics();
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
