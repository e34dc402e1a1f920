import type { Config } from '../../config/schema.js';
import { priceNow, scalar } from '../core/signals.js';
import { siteSurplus } from '../core/surplus.js';
import type { Instant, PriceSlot } from '../core/types.js';
import type { AgentView, AppliedDecision, TickRecord } from '../ports.js';
import type { MoneyToday } from './money-today.js';

/** How far ahead the page shows prices (ms). */
const AHEAD_MS = 48 * 3_600_000;

/** What `GET /api/state` answers: everything the page shows, read from the agent at one moment. */
export function stateView(
  agent: AgentView<Config>,
  now: Instant,
  record: TickRecord | undefined,
  today: MoneyToday,
) {
  const statuses = agent.statuses();
  const state = agent.state();
  const snapshot = agent.lastSnapshot();
  const decisions = new Map<string, AppliedDecision>((record?.decisions ?? []).map((d) => [d.minerId, d]));
  const series = agent.store.seriesRecord();
  const ahead = (slots: readonly PriceSlot[] | undefined) =>
    (slots ?? []).filter((s) => s.end > now && s.start < now + AHEAD_MS);
  const miners = agent.model.miners.map((miner) => {
    const status = statuses[miner.id];
    const d = decisions.get(miner.id);
    const faulty = d?.abstentions.some((a) => a.policy === 'safety' && /faulty/.test(a.reason)) ?? false;
    return {
      id: miner.id,
      name: miner.name,
      levels: miner.levels.map((l) => ({ id: l.id, powerW: l.powerW, ths: l.ths })),
      levelId: status?.reachable ? (status.running ? (status.levelId ?? null) : 'off') : null,
      powerW: status?.powerW ?? null,
      ths: status?.ths ?? null,
      chipTempC: status?.chipTempC ?? null,
      health: !status ? 'unknown' : !status.reachable ? 'unreachable' : faulty ? 'faulty' : 'ok',
      error: status?.error ?? null,
      override: state.overrides[miner.id] ?? null,
      decision: d
        ? {
            levelId: d.levelId,
            autoLevelId: d.autoLevelId,
            decidedBy: d.decidedBy,
            reason: d.reason,
            command: d.outcome,
            // Quiet hours' fan cap (issue 19), on miners with one configured.
            ...(d.fan ? { fan: d.fan } : {}),
            netPerHour: d.ledger.find((r) => r.levelId === d.levelId)?.netPerHour ?? null,
            ledger: d.ledger,
          }
        : null,
      plan: record?.plans?.[miner.id] ?? null,
      totals: state.counters[miner.id] ?? null,
    };
  });
  const zones = agent.model.zones.map((zone) => {
    const temp = snapshot ? scalar({ ...snapshot, now }, agent.model, `zone.${zone.id}.tempC`) : undefined;
    return {
      id: zone.id,
      name: zone.name,
      tempC: temp?.ok ? temp.value : null,
      targetC: state.zoneTargetsC[zone.id] ?? zone.targetC,
      maxC: zone.maxC,
    };
  });
  const signals = Object.entries(agent.store.scalarsRecord()).map(([key, reading]) => ({
    key,
    value: reading.value,
    ageS: Math.round((now - reading.at) / 1000),
    source: reading.source,
  }));
  const importNow = snapshot ? priceNow({ ...snapshot, now }, agent.model, 'price.import') : undefined;
  const hashprice = snapshot ? scalar({ ...snapshot, now }, agent.model, 'hashprice') : undefined;
  return {
    at: now,
    currency: agent.model.currency,
    enabled: state.enabled,
    dryRun: agent.isDryRun(),
    problems: agent.problems(),
    lastTickAt: record?.at ?? null,
    miners,
    zones,
    signals,
    prices: {
      importNow: importNow?.ok ? importNow.value : null,
      import: ahead(series['price.import']?.value),
      export: ahead(series['price.export']?.value),
    },
    hashprice: hashprice?.ok ? hashprice.value : null,
    /** Surplus the site offers the miners now (W), as the core computes it; null without a fresh meter. */
    surplusW: snapshot
      ? (siteSurplus({ ...snapshot, now }, agent.model, state.memory).surplusW ?? null)
      : null,
    sources: agent.sources.healthAll(),
    today: today.current(now),
  };
}

/** The shape of `GET /api/state`. */
export type StateView = ReturnType<typeof stateView>;
