import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { configProblems } from '../fakes/config-issues.js';

const BASE = `
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
`;

function problems(text: string): string[] {
  return configProblems(BASE + text, {});
}

describe('duplicate ids (issue 11: two levels with one id passed check, then decisions mixed them up)', () => {
  it('rejects two levels of one miner with the same id, naming the key path of both', () => {
    const text = `
miners:
  - id: nano
    type: simulated
    levels: [{ id: high, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }]
`;
    expect(problems(text)).toEqual([
      'miners[0].levels[1].id: duplicate level id "high" (also miners[0].levels[0].id)',
    ]);
  });

  it('checks a family’s own level list too (LuxOS profiles)', () => {
    const text = `
miners:
  - id: s19
    type: luxos
    host: 10.0.0.51
    levels: [{ id: eco, profile: "415MHz", powerW: 2000, ths: 60 }, { id: eco, profile: "500MHz", powerW: 2600, ths: 80 }]
`;
    expect(problems(text)).toEqual([
      'miners[0].levels[1].id: duplicate level id "eco" (also miners[0].levels[0].id)',
    ]);
  });

  it('rejects a running level named off: off is the implicit stopped level', () => {
    const text = `
miners: [{ id: nano, type: simulated, levels: [{ id: off, powerW: 80, ths: 4 }] }]
`;
    expect(problems(text)).toEqual([
      'miners[0].levels[0].id: "off" is the implicit stopped level; give running levels other ids',
    ]);
  });

  it('rejects duplicate miners, zones, planner zone models and two sources for one signal', () => {
    const text = `
zones:
  - { id: living, heater: { type: resistive } }
  - { id: living, heater: { type: resistive } }
planner:
  zones:
    - { zone: living, capacityKWhPerK: 1, heatLossWPerK: 20 }
    - { zone: living, capacityKWhPerK: 2, heatLossWPerK: 20 }
signals:
  - { type: static, signal: grid.powerW, value: 0 }
  - { type: static, signal: zone.living.tempC, value: 20 }
  - { type: static, signal: grid.powerW, value: 500 }
miners:
  - { id: nano, type: simulated, zone: living, levels: [{ id: high, powerW: 140, ths: 6 }] }
  - { id: nano, type: simulated, levels: [{ id: high, powerW: 140, ths: 6 }] }
`;
    expect(problems(text)).toEqual([
      'miners[1].id: duplicate miner id "nano" (also miners[0].id)',
      'zones[1].id: duplicate zone id "living" (also zones[0].id)',
      'planner.zones[1].zone: duplicate thermal model for zone "living" (also planner.zones[0].zone)',
      'signals[2].signal: duplicate source for signal "grid.powerW" (also signals[0].signal)',
    ]);
  });

  it('rejects two forecasts of one kind: the store keeps the newest per kind, two PV planes are not summed', () => {
    const text = `
forecasts:
  - { type: open-meteo, latitude: 52.5, longitude: 13.4, pv: { peakPowerW: 3000, azimuthDeg: -90, tiltDeg: 30 } }
  - { type: open-meteo, latitude: 52.5, longitude: 13.4, pv: { peakPowerW: 3000, azimuthDeg: 90, tiltDeg: 30 } }
miners: [{ id: nano, type: simulated, levels: [{ id: high, powerW: 140, ths: 6 }] }]
`;
    expect(problems(text)).toEqual([
      'forecasts[1].temperature: duplicate forecast of outdoor.tempC (also forecasts[0]): one forecast per kind, the newest would replace the other',
      'forecasts[1].pv: duplicate forecast of pv.powerW (also forecasts[0]): one forecast per kind, the newest would replace the other',
    ]);
    // Temperature from one, PV from the other is fine.
    const split = text
      .replace('azimuthDeg: 90, tiltDeg: 30 } }', 'azimuthDeg: 90, tiltDeg: 30 }, temperature: false }')
      .replace(/pv: \{ peakPowerW: 3000, azimuthDeg: -90, tiltDeg: 30 \} /, '');
    expect(parseConfig(BASE + split, {}).forecasts).toHaveLength(2);
  });

  it('accepts the same level id on two different miners', () => {
    const text = `
miners:
  - { id: a, type: simulated, levels: [{ id: high, powerW: 140, ths: 6 }] }
  - { id: b, type: simulated, levels: [{ id: high, powerW: 140, ths: 6 }] }
`;
    expect(parseConfig(BASE + text, {}).miners).toHaveLength(2);
  });
});
