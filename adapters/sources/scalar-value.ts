import { z } from 'zod';

/** Payloads larger than this (bytes) are rejected unparsed: no sensor value needs more. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/** Units a scalar input may arrive in; the agent works in W, °C and %. */
export const unitSchema = z
  .enum(['W', 'kW', 'MW', '°C', 'C', '°F', 'F', '%'])
  .describe('unit of the incoming value; converted to W, °C or % for the signal');

/** A unit as configured or as Home Assistant reports it (`unit_of_measurement`). */
export type InputUnit = z.infer<typeof unitSchema>;

/** Fields shared by every scalar input: unit conversion, scale and sign. */
export const scalarTransformShape = {
  unit: unitSchema.optional(),
  scale: z.number().default(1).describe('multiplier applied after unit conversion'),
  invert: z
    .boolean()
    .default(false)
    .describe('flip the sign, e.g. a meter that reports export as positive (grid.powerW is + import)'),
};

/** Parsed transform fields. */
export interface ScalarTransform {
  unit?: InputUnit | undefined;
  scale: number;
  invert: boolean;
}

/** What a signal key measures, which decides the units it accepts. */
export function quantityOf(key: string): 'power' | 'temperature' | 'percent' {
  if (key.endsWith('tempC')) return 'temperature';
  if (key.endsWith('Pct')) return 'percent';
  return 'power';
}

const UNIT_QUANTITY: Record<InputUnit, 'power' | 'temperature' | 'percent'> = {
  W: 'power',
  kW: 'power',
  MW: 'power',
  '°C': 'temperature',
  C: 'temperature',
  '°F': 'temperature',
  F: 'temperature',
  '%': 'percent',
};

/** Whether a configured unit fits the signal (kW for a temperature is a config error). */
export function unitFits(unit: InputUnit, key: string): boolean {
  return UNIT_QUANTITY[unit] === quantityOf(key);
}

/** Reads a unit string from a device or Home Assistant; undefined when unknown (e.g. `Wh`). */
export function parseUnit(text: unknown): InputUnit | undefined {
  const parsed = unitSchema.safeParse(typeof text === 'string' ? text.trim() : text);
  return parsed.success ? parsed.data : undefined;
}

/** Converts to the signal's unit (W, °C, %), then scales and inverts. */
export function applyTransform(value: number, transform: ScalarTransform, sourceUnit?: InputUnit): number {
  const unit = transform.unit ?? sourceUnit;
  let converted = value;
  if (unit === 'kW') converted = value * 1000;
  else if (unit === 'MW') converted = value * 1_000_000;
  else if (unit === '°F' || unit === 'F') converted = ((value - 32) * 5) / 9;
  const scaled = converted * transform.scale;
  return transform.invert ? -scaled : scaled;
}

/** Follows a path like `ENERGY.Power`, `data.0.value` or `data[0].value` into parsed JSON. */
export function readPath(root: unknown, path: string): unknown {
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '');
  let node = root;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** A plain decimal number as sensors send it: `42`, `-0.5`, `1.2e3`; not `0x20`, `0b1`, `Infinity`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number from a JSON value or text: `42`, `"42.5"`, ` 42 `; undefined for anything else (hex included). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** The outcome of reading one payload: a number, or why not. */
export type ParsedScalar = { ok: true; value: number } | { ok: false; reason: string };

/** Reads a number from a raw payload (`field` = JSON path, else the whole payload is the number). */
export function parseScalarPayload(payload: Buffer | string, field?: string): ParsedScalar {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (size > MAX_PAYLOAD_BYTES) return { ok: false, reason: `payload too large (${size} bytes)` };
  const text = payload.toString();
  const head = JSON.stringify(text.slice(0, 40));
  if (!field) {
    const direct = toNumber(text) ?? toNumber(tryJson(text));
    return direct === undefined
      ? { ok: false, reason: `not a number: ${head}` }
      : { ok: true, value: direct };
  }
  const json = tryJson(text);
  if (json === undefined) return { ok: false, reason: `not JSON: ${head}` };
  const value = toNumber(readPath(json, field));
  return value === undefined
    ? { ok: false, reason: `no number at "${field}" in ${head}` }
    : { ok: true, value };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
