import {
  BINARY_SENSOR_CLASSES,
  DEVICE_CLASS_STATE_CLASSES,
  DEVICE_CLASS_UNITS,
  SENSOR_DEVICE_CLASSES,
  STATE_CLASSES,
} from './ha-rules.js';

type Obj = Record<string, unknown>;
/** Records a finding: rule id, level (E error, W warning, P project policy) and message. */
export type Report = (rule: string, level: 'E' | 'W' | 'P', message: string) => void;

/** A select's or enum sensor's options: a non-empty list of unique, non-empty strings. */
export function checkOptions(options: unknown, rule: string, r: Report): void {
  if (!Array.isArray(options) || options.length === 0) {
    r(rule, 'E', 'options must be a non-empty list');
    return;
  }
  if (options.some((o) => typeof o !== 'string' || !o)) r(rule, 'E', 'options must be non-empty strings');
  if (new Set(options).size !== options.length) r(rule, 'P', 'options are not unique');
}

/** Sensor rules: device class, state class, unit table, enum options. */
function checkSensor(cfg: Obj, r: Report): void {
  const dc = cfg.device_class as string | undefined;
  const sc = cfg.state_class as string | undefined;
  const unit = cfg.unit_of_measurement as string | undefined;
  if (dc !== undefined && dc !== null && !SENSOR_DEVICE_CLASSES.has(dc))
    r('sensor.device-class', 'E', `unknown device_class ${dc}`);
  if (sc !== undefined && !STATE_CLASSES.has(sc)) r('sensor.state-class', 'E', `unknown state_class ${sc}`);
  if (unit !== undefined && (typeof unit !== 'string' || !unit.trim()))
    r('sensor.unit-empty', 'E', 'empty unit_of_measurement');
  if (dc && DEVICE_CLASS_UNITS[dc] && !DEVICE_CLASS_UNITS[dc]!.includes(unit ?? ''))
    r('sensor.unit', 'E', `unit ${JSON.stringify(unit)} is not valid with device class ${dc}`);
  if ('options' in cfg) {
    checkOptions(cfg.options, 'sensor.options', r);
    if (dc !== 'enum') r('sensor.options', 'E', 'options need device_class enum');
    if (sc !== undefined || unit !== undefined)
      r('sensor.options', 'E', 'options exclude state_class and unit');
  }
  if ('last_reset_value_template' in cfg && sc !== 'total')
    r('sensor.last-reset', 'E', 'last_reset needs state_class total');
  if (sc === 'measurement_angle' && unit !== '°')
    r('sensor.measurement-angle', 'E', 'measurement_angle needs unit °');
  const fits = dc ? DEVICE_CLASS_STATE_CLASSES[dc] : undefined;
  if (fits && sc !== undefined && !fits.includes(sc))
    r('sensor.state-class-fit', 'P', `state_class ${sc} does not fit ${dc}`);
  if (dc === 'monetary' && !/^[A-Z]{3}$/.test(unit ?? ''))
    r('sensor.monetary', 'P', 'monetary needs an ISO 4217 unit');
  if (unit && /µ/.test(unit)) r('sensor.micro', 'E', 'use μ (U+03BC), not µ (U+00B5)');
}

/** Number rules: range, step, mode, unit. */
function checkNumber(cfg: Obj, r: Report): void {
  const min = (cfg.min as number) ?? 0;
  const max = (cfg.max as number) ?? 100;
  if (!(min < max)) r('number.range', 'E', `min ${min} must be below max ${max}`);
  if ('step' in cfg && !((cfg.step as number) >= 0.001)) r('number.step', 'E', 'step must be ≥ 0.001');
  if ('mode' in cfg && !['auto', 'box', 'slider'].includes(cfg.mode as string))
    r('number.mode', 'E', 'bad mode');
  const dc = cfg.device_class as string | undefined;
  if (
    dc &&
    DEVICE_CLASS_UNITS[dc] &&
    !DEVICE_CLASS_UNITS[dc]!.includes((cfg.unit_of_measurement as string) ?? '')
  )
    r('number.unit', 'E', `unit not valid with device class ${dc}`);
}

/** Per-platform rules of one entity config (sensor, number, select, binary_sensor, switch, button). */
export function checkPlatform(platform: string, cfg: Obj, r: Report): void {
  const dc = cfg.device_class;
  if (platform === 'sensor') checkSensor(cfg, r);
  if (platform === 'number') checkNumber(cfg, r);
  if (platform === 'select') checkOptions(cfg.options, 'select.options', r);
  if (platform === 'binary_sensor' && 'device_class' in cfg && !BINARY_SENSOR_CLASSES.has(dc as string))
    r('binary-sensor.device-class', 'E', `unknown device_class ${String(dc)}`);
  if (platform === 'switch' && 'device_class' in cfg && !['outlet', 'switch', null].includes(dc as string))
    r('switch.device-class', 'E', 'device_class must be outlet or switch');
  if (
    platform === 'button' &&
    'device_class' in cfg &&
    !['identify', 'restart', 'update'].includes(dc as string)
  )
    r('button.device-class', 'E', 'device_class must be identify, restart or update');
}
