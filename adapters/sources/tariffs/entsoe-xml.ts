import type { XMLParser } from 'fast-xml-parser';
import { DeviceError } from '../../../src/errors.js';
import { lazyRequire } from '../../../src/lazy-require.js';
import { badShape, parseInstant, parseNumber } from '../request-text.js';
import type { RawPrice } from './price-series.js';

const WHAT = 'ENTSO-E';
const RESOLUTION_MS: Record<string, number> = { PT60M: 3_600_000, PT30M: 1_800_000, PT15M: 900_000 };

const fastXml = lazyRequire<typeof import('fast-xml-parser')>('fast-xml-parser');

/** A new XML parser (the package is loaded on the first ENTSO-E reply, not at start). */
function xmlParser(): XMLParser {
  return new (fastXml().XMLParser)({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    isArray: (name) => name === 'TimeSeries' || name === 'Period' || name === 'Point',
  });
}

type Node = Record<string, unknown>;

/** Rows of one Period; with curve type A03 a missing position repeats the previous price (energy.md §5.4). */
function periodRows(period: Node, curveType: string): RawPrice[] {
  const interval = period.timeInterval as Node | undefined;
  const start = parseInstant(interval?.start, WHAT);
  const end = parseInstant(interval?.end, WHAT);
  const stepMs = RESOLUTION_MS[String(period.resolution)];
  if (!stepMs) throw badShape(WHAT, `resolution ${String(period.resolution)}`);
  const byPosition = new Map<number, number>();
  for (const point of (period.Point as Node[] | undefined) ?? []) {
    byPosition.set(
      parseNumber(point.position, WHAT, 'position'),
      parseNumber(point['price.amount'], WHAT, 'price.amount'),
    );
  }
  const rows: RawPrice[] = [];
  let previous: number | null = null;
  for (let position = 1; start + (position - 1) * stepMs < end; position++) {
    const at = start + (position - 1) * stepMs;
    const own = byPosition.get(position);
    const value = own ?? (curveType === 'A03' ? previous : null);
    rows.push({ start: at, end: at + stepMs, value });
    if (own !== undefined) previous = own;
  }
  return rows;
}

/** contract_MarketAgreement.type of an intraday auction (IDA), never a day-ahead price. */
const INTRADAY = 'A07';

interface Series {
  sequence: number;
  contract: string;
  periods: Node[];
  curveType: string;
}

/**
 * The series that carries the day-ahead price: intraday series (contract type A07) are dropped,
 * then the lowest classificationSequence wins (1 = the coupled SDAC auction; 2 = EXAA in DE-LU),
 * document-wide. So a day only the EXAA auction has published yet has no price at all, instead of
 * EXAA prices standing in for SDAC (evcc `tariff/entsoe/api.go` keeps the lowest sequence too;
 * entsoe-py filters A44 series by contract type). Resolution is whatever that series has.
 */
function dayAhead(series: readonly Series[]): Series[] {
  const candidates = series.filter((s) => s.contract !== INTRADAY);
  const lowest = Math.min(...candidates.map((s) => s.sequence));
  return candidates.filter((s) => s.sequence === lowest);
}

/**
 * Parses an A44 Publication_MarketDocument into rows in EUR/MWh, from the day-ahead series only
 * (`dayAhead`); where that series has two periods for the same interval the first is kept. An
 * Acknowledgement_MarketDocument (no data, bad request) becomes a DeviceError carrying its reason text.
 */
export function parseEntsoe(xml: string): RawPrice[] {
  if (!xml.trim()) throw badShape(WHAT, 'empty body');
  if (fastXml().XMLValidator.validate(xml) !== true)
    throw badShape(WHAT, `not XML: ${xml.slice(0, 60).replace(/\s+/g, ' ')}`);
  const doc = xmlParser().parse(xml) as Node;
  const ack = doc.Acknowledgement_MarketDocument as Node | undefined;
  if (ack) {
    const reason = (ack.Reason as Node | undefined)?.text ?? 'no reason given';
    throw new DeviceError('BAD_RESPONSE', `${WHAT}: ${String(reason)}`, true);
  }
  const publication = doc.Publication_MarketDocument as Node | undefined;
  if (!publication) throw badShape(WHAT, 'no Publication_MarketDocument');
  const series = ((publication.TimeSeries as Node[] | undefined) ?? []).map((ts): Series => {
    const unit = String(ts['price_Measure_Unit.name'] ?? 'MWH');
    if (unit !== 'MWH') throw badShape(WHAT, `price unit ${unit}`);
    return {
      sequence: Number(ts['classificationSequence_AttributeInstanceComponent.position'] ?? 1),
      contract: String(ts['contract_MarketAgreement.type'] ?? 'A01'),
      curveType: String(ts.curveType ?? 'A01'),
      periods: (ts.Period as Node[] | undefined) ?? [],
    };
  });
  const seen = new Set<string>();
  const rows: RawPrice[] = [];
  for (const s of dayAhead(series)) {
    for (const period of s.periods) {
      const interval = period.timeInterval as Node | undefined;
      const key = `${String(interval?.start)}/${String(interval?.end)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(...periodRows(period, s.curveType));
    }
  }
  return rows.sort((a, b) => a.start - b.start);
}
