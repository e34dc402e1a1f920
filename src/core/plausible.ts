import type { GridEvent } from './grid-events.js';
import type { MinerStatus, PriceSlot } from './types.js';

/** A closed physical range; values outside it are measurement or transport errors, never state. */
export interface Range {
  min: number;
  max: number;
}

/** Largest power a site's meter, PV or battery can show (W): 1 MW, far above any home or heat-reuse site. */
const SITE_W = 1_000_000;

/**
 * The physical range of each signal kind. Temperatures: rooms −40…80 °C (a garage, a sauna),
 * outdoors −90…60 °C (the records); SoC 0…100 %; prices per kWh within ±10,000 and hashprice
 * far above today's in any currency in use.
 */
export function signalRange(key: string): Range | undefined {
  if (key === 'grid.powerW' || key === 'battery.powerW' || key === 'grid.windowAvgW')
    return { min: -SITE_W, max: SITE_W };
  if (key === 'grid.monthPeakW') return { min: 0, max: SITE_W };
  if (key === 'pv.powerW') return { min: -1_000, max: SITE_W };
  if (key === 'pv.availableW') return { min: 0, max: SITE_W };
  if (key === 'battery.socPct') return { min: 0, max: 100 };
  if (key === 'outdoor.tempC') return { min: -90, max: 60 };
  // Per TH/s per day: BTC about 0.04 EUR in 2025, RandomX about 1.6e7 EUR (a TH/s of RandomX is huge).
  if (key === 'hashprice') return { min: 0, max: 1_000_000 };
  if (key === 'hashprice.xmr') return { min: 0, max: 1e12 };
  if (key.startsWith('zone.') && key.endsWith('.tempC')) return { min: -40, max: 80 };
  if (key.startsWith('zone.') && key.endsWith('.heatDemandW')) return { min: 0, max: SITE_W };
  if (key.startsWith('load.') && (key.endsWith('.powerW') || key.endsWith('.wantsW')))
    return { min: 0, max: SITE_W };
  if (key === 'price.import' || key === 'price.export') return { min: -10_000, max: 10_000 };
  return undefined;
}

/** Why a scalar reading is not plausible, or undefined when it is. */
export function implausibleScalar(key: string, value: number): string | undefined {
  if (!Number.isFinite(value)) return `${value} is not a finite number`;
  const range = signalRange(key);
  if (range && (value < range.min || value > range.max))
    return `${value} is outside the physical range ${range.min}…${range.max}`;
  return undefined;
}

/** Why a price series is not plausible (any slot out of range or not finite), or undefined. */
export function implausibleSeries(key: string, slots: readonly PriceSlot[]): string | undefined {
  for (const slot of slots) {
    const why = implausibleScalar(key, slot.perKWh);
    if (why) return `slot at ${new Date(slot.start).toISOString()}: ${why}`;
  }
  return undefined;
}

/** Why a list of grid events is not plausible (a window that ends before it starts, an effect out of range), or undefined. */
export function implausibleEvents(events: readonly GridEvent[]): string | undefined {
  for (const event of events) {
    const at = `event "${event.title}"`;
    if (!Number.isFinite(event.start) || !Number.isFinite(event.end) || event.end <= event.start)
      return `${at}: its window does not end after it starts`;
    const effect = event.effect;
    if (effect.kind === 'cap' && !(effect.maxW >= 0 && effect.maxW <= SITE_W))
      return `${at}: a cap of ${effect.maxW} W is outside 0…${SITE_W}`;
    if (effect.kind === 'price' || effect.kind === 'reward') {
      const why = implausibleScalar('price.import', effect.perKWh);
      if (why) return `${at}: ${why}`;
    }
  }
  return undefined;
}

/** Chip temperatures a running or idle miner can report (°C). */
const CHIP_C: Range = { min: -40, max: 150 };

/**
 * Power a miner can draw at most (W): three times its top level (a level's figure may be a
 * conservative guess) plus 100 W, or 20 kW when its levels are unknown.
 */
export function maxPlausibleMinerW(topLevelW: number | undefined): number {
  return topLevelW && topLevelW > 0 ? 3 * topLevelW + 100 : 20_000;
}

/**
 * A device reading with every implausible measurement removed (power above what the miner can
 * draw, negative hashrate, chip temperatures beyond silicon), and what was removed.
 */
export function plausibleStatus(
  status: MinerStatus,
  maxW: number,
): { status: MinerStatus; rejected: string[] } {
  const rejected: string[] = [];
  const next: MinerStatus = { ...status };
  const out = (value: number | undefined, range: Range) =>
    value !== undefined && (!Number.isFinite(value) || value < range.min || value > range.max);
  if (out(next.powerW, { min: 0, max: maxW })) {
    rejected.push(`power ${next.powerW} W (0…${maxW} W)`);
    delete next.powerW;
  }
  // 10 PH/s: no single device comes near.
  if (out(next.ths, { min: 0, max: 10_000 })) {
    rejected.push(`hashrate ${next.ths} TH/s`);
    delete next.ths;
  }
  if (out(next.chipTempC, CHIP_C)) {
    rejected.push(`chip temperature ${next.chipTempC} °C`);
    delete next.chipTempC;
  }
  return { status: next, rejected };
}
