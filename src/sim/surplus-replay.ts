import { decide } from '../core/decide.js';
import { emptyMemory, type Memory } from '../core/memory.js';
import type { Model } from '../core/model.js';
import type { Level, MinerStatus, PriceSlot, Reading, Snapshot } from '../core/types.js';
import { localTimeOf } from '../local-time.js';
import type { SiteMinute } from './solar-day.js';

/** What a replay measured over the day. */
export interface ReplayResult {
  strategy: string;
  /** Energy the miners used (kWh), of it imported from the grid (kWh). */
  minedKWh: number;
  importedKWh: number;
  /** Exported energy the miners could have absorbed but did not (kWh). */
  unusedSurplusKWh: number;
  starts: number;
  commands: number;
  /** Most commands to one miner within any 10 minutes. */
  maxCommandsPer10Min: number;
  /** Mining revenue − cost of the miners' power (import price for imported, export price for surplus). */
  netValue: number;
}

/** Prices and revenue of a replay. */
export interface ReplayPrices {
  importPerKWh: number;
  exportPerKWh: number;
  hashprice: number;
  poolFee: number;
}

const TICK_MS = 30_000;

function flat(at: number, perKWh: number): Reading<PriceSlot[]> {
  return { value: [{ start: at - 86_400_000, end: at + 86_400_000, perKWh }], at, source: 'replay' };
}

/** Accumulates the metrics of one replay, tick by tick. */
class Meter {
  readonly result: ReplayResult;
  private readonly commandTimes = new Map<string, number[]>();
  constructor(
    strategy: string,
    private readonly prices: ReplayPrices,
    private readonly capacityW: number,
  ) {
    this.result = {
      strategy,
      minedKWh: 0,
      importedKWh: 0,
      unusedSurplusKWh: 0,
      starts: 0,
      commands: 0,
      maxCommandsPer10Min: 0,
      netValue: 0,
    };
  }

  switched(minerId: string, at: number, from: Level, to: Level): void {
    if (from.id === to.id) return;
    this.result.commands += 1;
    if (from.id === 'off') this.result.starts += 1;
    const times = (this.commandTimes.get(minerId) ?? []).filter((t) => t > at - 600_000);
    times.push(at);
    this.commandTimes.set(minerId, times);
    this.result.maxCommandsPer10Min = Math.max(this.result.maxCommandsPer10Min, times.length);
  }

  interval(minute: SiteMinute, levels: Level[]): void {
    const hours = TICK_MS / 3_600_000;
    const minersW = levels.reduce((s, l) => s + l.powerW, 0);
    const gridW = minute.houseW - minute.pvW + minersW;
    const importW = Math.min(minersW, Math.max(0, gridW));
    const unusedW = Math.min(Math.max(0, -gridW), this.capacityW - minersW);
    const ths = levels.reduce((s, l) => s + l.ths, 0);
    const r = this.result;
    r.minedKWh += (minersW / 1000) * hours;
    r.importedKWh += (importW / 1000) * hours;
    r.unusedSurplusKWh += (unusedW / 1000) * hours;
    const revenue = ((ths * this.prices.hashprice) / 24) * (1 - this.prices.poolFee) * hours;
    const cost =
      ((importW * this.prices.importPerKWh + (minersW - importW) * this.prices.exportPerKWh) / 1000) * hours;
    r.netValue += revenue - cost;
  }
}

function minuteAt(day: SiteMinute[], at: number): SiteMinute {
  return day[Math.min(day.length - 1, Math.floor((at - day[0]!.at) / 60_000))]!;
}

/** Replays a day through hashheat's real `decide` every 30 s; the meter reads grid power each minute. */
export function replayHashheat(
  day: SiteMinute[],
  model: Model,
  prices: ReplayPrices,
  timeZone = 'Europe/Berlin',
): ReplayResult {
  const capacityW = model.miners.reduce(
    (s, m) => s + (m.continuous?.maxW ?? m.levels[m.levels.length - 1]!.powerW),
    0,
  );
  const meter = new Meter('hashheat', prices, capacityW);
  const current = new Map<string, Level>(model.miners.map((m) => [m.id, m.levels[0]!]));
  let memory: Memory = emptyMemory();
  let gridReading: Reading<number> | undefined;
  for (let at = day[0]!.at; at < day[0]!.at + day.length * 60_000; at += TICK_MS) {
    const minute = minuteAt(day, at);
    const drawW = [...current.values()].reduce((s, l) => s + l.powerW, 0);
    if ((at - day[0]!.at) % 60_000 === 0)
      gridReading = { value: minute.houseW - minute.pvW + drawW, at, source: 'meter' };
    const miners: Record<string, MinerStatus> = {};
    for (const [id, level] of current) {
      miners[id] = {
        reachable: true,
        running: level.id !== 'off',
        levelId: level.id,
        powerW: level.powerW,
        ths: level.ths,
        at,
      };
    }
    const snapshot: Snapshot = {
      now: at,
      local: localTimeOf(at, timeZone),
      scalars: { 'grid.powerW': gridReading!, hashprice: { value: prices.hashprice, at, source: 'replay' } },
      series: {
        'price.import': flat(at, prices.importPerKWh),
        'price.export': flat(at, prices.exportPerKWh),
      },
      miners,
      overrides: {},
      zoneTargetsC: {},
    };
    const result = decide(snapshot, model, memory);
    memory = result.memory;
    for (const d of result.decisions) {
      const row = d.ledger.find((r) => r.levelId === d.levelId)!;
      const next = { id: row.levelId, powerW: row.powerW, ths: row.ths };
      meter.switched(d.minerId, at, current.get(d.minerId)!, next);
      current.set(d.minerId, next);
    }
    meter.interval(minute, [...current.values()]);
  }
  return meter.result;
}

/** A plain on/off miner as evcc drives a switch socket: full power or off. */
export interface OnOffMiner {
  id: string;
  level: Level;
}

/**
 * evcc's surplus mode for on/off loads, with its default delays: start when the surplus covers the
 * load for 60 s, stop when the site imports (threshold 0 W) for 180 s; loads in priority order.
 */
export function replayEvccOnOff(day: SiteMinute[], loads: OnOffMiner[], prices: ReplayPrices): ReplayResult {
  const capacityW = loads.reduce((s, l) => s + l.level.powerW, 0);
  const meter = new Meter('evcc-style on/off', prices, capacityW);
  const on = new Map(loads.map((l) => [l.id, false]));
  const enableSince = new Map<string, number | undefined>();
  const disableSince = new Map<string, number | undefined>();
  let siteW = 0;
  for (let at = day[0]!.at; at < day[0]!.at + day.length * 60_000; at += TICK_MS) {
    const minute = minuteAt(day, at);
    const drawW = loads.reduce((s, l) => s + (on.get(l.id) ? l.level.powerW : 0), 0);
    if ((at - day[0]!.at) % 60_000 === 0) siteW = minute.houseW - minute.pvW + drawW;
    let projectedW = siteW;
    for (const load of loads) {
      const off = { id: 'off', powerW: 0, ths: 0 };
      if (on.get(load.id)) {
        const since = projectedW > 0 ? (disableSince.get(load.id) ?? at) : undefined;
        disableSince.set(load.id, since);
        if (since !== undefined && at - since >= 180_000) {
          on.set(load.id, false);
          disableSince.set(load.id, undefined);
          projectedW -= load.level.powerW;
          meter.switched(load.id, at, load.level, off);
        }
      } else {
        const since = -projectedW >= load.level.powerW ? (enableSince.get(load.id) ?? at) : undefined;
        enableSince.set(load.id, since);
        if (since !== undefined && at - since >= 60_000) {
          on.set(load.id, true);
          enableSince.set(load.id, undefined);
          projectedW += load.level.powerW;
          meter.switched(load.id, at, off, load.level);
        }
      }
    }
    meter.interval(
      minute,
      loads.map((l) => (on.get(l.id) ? l.level : { id: 'off', powerW: 0, ths: 0 })),
    );
  }
  return meter.result;
}
