import { type HaState, isNoData } from '../../homeassistant/entity-state.js';
import {
  applyTransform,
  type ParsedScalar,
  parseUnit,
  type ScalarTransform,
  toNumber,
  unitFits,
} from '../scalar-value.js';

/** Which part of an entity to read and how to convert it. */
export interface HaScalarOptions extends ScalarTransform {
  signal: string;
  attribute?: string | undefined;
}

/**
 * The signal value of an HA state: the state (or an attribute) as a number, in the signal's unit.
 * HA's `unit_of_measurement` is used unless `unit` is configured; a unit that does not fit the
 * signal (e.g. kWh for a power) is refused rather than guessed.
 */
export function haScalar(state: HaState, options: HaScalarOptions): ParsedScalar {
  const raw = options.attribute === undefined ? state.state : state.attributes[options.attribute];
  if (options.attribute === undefined && isNoData(state.state))
    return { ok: false, reason: `state is "${state.state || 'empty'}"` };
  if (raw === undefined || raw === null) return { ok: false, reason: `no attribute "${options.attribute}"` };
  const value = toNumber(raw);
  if (value === undefined) return { ok: false, reason: `not a number: ${JSON.stringify(raw).slice(0, 40)}` };
  if (options.unit !== undefined || options.attribute !== undefined)
    return { ok: true, value: applyTransform(value, options) };
  const haUnit = state.attributes.unit_of_measurement;
  if (haUnit === undefined || haUnit === null || haUnit === '')
    return { ok: true, value: applyTransform(value, options) };
  const unit = parseUnit(haUnit);
  if (!unit || !unitFits(unit, options.signal))
    return {
      ok: false,
      reason: `Home Assistant unit "${String(haUnit)}" does not fit ${options.signal}; set unit to override`,
    };
  return { ok: true, value: applyTransform(value, options, unit) };
}
