import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../config/loader.js';
import type { Config } from '../../config/schema.js';

/** A fresh temporary data directory. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'hashheat-test-'));
}

/** A small valid config around simulated miners; `extra` YAML is appended (e.g. more miners or signals). */
export function simulatedConfig(options: {
  dataDir: string;
  yaml?: string;
  miners?: string;
  guards?: string;
  /** The living room's static temperature (°C), default 19 (cold). One source per signal. */
  roomC?: number;
}): Config {
  const text = `
site: { timeZone: Europe/Berlin, currency: EUR }
agent: { dataDir: ${JSON.stringify(options.dataDir)}, onExit: off }
guards: ${options.guards ?? '{ minOnSeconds: 600, minOffSeconds: 600, minDwellSeconds: 0, hysteresisPerHour: 0, enableDelaySeconds: 0, disableDelaySeconds: 0 }'}
prices:
  import: { type: fixed, perKWh: 0.30 }
revenue:
  hashprice: { type: static, perThsDay: 0.034 }
zones:
  - { id: living, targetC: 21, maxC: 23, heater: { type: resistive } }
signals:
  - { type: static, signal: zone.living.tempC, value: ${options.roomC ?? 19} }
${options.yaml ?? ''}
miners:
${
  options.miners ??
  `  - id: nano
    type: simulated
    zone: living
    levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }]`
}
`;
  return parseConfig(text, {});
}
