import { describe, expect, it } from 'vitest';
import { evccWantsW } from '../../../../adapters/sources/loads/evcc-wants.js';
import { evccLoad } from '../../../../adapters/sources/loads/load-evcc.js';
import { mqttLoad } from '../../../../adapters/sources/loads/load-mqtt.js';
import type { SignalUpdate } from '../../../../src/ports.js';
import { testAdapterDeps } from '../../../fakes/adapter-deps.js';
import { roundTrip, sourceMqtt, waitFor } from '../../../fakes/mqtt-test-bus.js';

// Topic layout from evcc's source, evcc-io/evcc at b29b49e3056ead3c99ff1f4711b2bb17083114b0:
// server/mqtt.go publishes `<root>/loadpoints/<n>/<key>` and `<root>/site/<key>`, structs as sub-topics
// (lower-cased field names), booleans as true/false, floats with up to 3 decimals; keys from
// core/keys/loadpoint.go and core/keys/site.go; modes off/now/minpv/pv from api/chargemodestatus.go.
// The grid power moved from `site/gridPower` to `site/grid/power` in 9dcb1fa0 (#18063, 2025-01).

const mq = sourceMqtt();
let n = 0;

async function start(plugin: typeof evccLoad, fields: Record<string, unknown>) {
  const { deps } = testAdapterDeps({ id: `loads[${++n}]` });
  const config = plugin.schema.parse(fields);
  const source = plugin.create(config as never, { ...deps, mqtt: mq.bus });
  const updates: SignalUpdate[] = [];
  await source.start!((u) => updates.push(u));
  await roundTrip(mq.bus);
  const send = async (topic: string, payload: string, count = 1) => {
    const before = updates.length;
    await mq.publisher.publishAsync(topic, payload);
    await waitFor(() => updates.length >= before + count);
  };
  const last = (key: string) => updates.filter((u) => u.key === key).at(-1)?.reading.value;
  return { source, updates, send, last };
}

describe('evcc load', () => {
  it('a connected car in pv mode below its limit wants max current × phases × 230 V', async () => {
    const root = `evcc${++n}`;
    const s = await start(evccLoad, { type: 'evcc', id: 'car', priority: 1, topic: root, loadpoint: 1 });
    const lp = `${root}/loadpoints/1`;
    await s.send(`${lp}/connected`, 'true', 2);
    await s.send(`${lp}/mode`, 'pv', 2);
    await s.send(`${lp}/maxCurrent`, '16', 2);
    await s.send(`${lp}/phasesActive`, '1', 2);
    await s.send(`${lp}/vehicleSoc`, '55', 2);
    await s.send(`${lp}/limitSoc`, '80', 2);
    expect(s.last('load.car.wantsW')).toBe(16 * 230);
    await s.send(`${lp}/chargePower`, '1610.5', 2);
    expect(s.last('load.car.powerW')).toBe(1610.5);
    await s.send(`${lp}/mode`, 'now', 2);
    expect(s.last('load.car.wantsW')).toBe(0);
    await s.send(`${lp}/mode`, 'minpv', 2);
    await s.send(`${lp}/vehicleSoc`, '80', 2);
    expect(s.last('load.car.wantsW')).toBe(0);
    await s.send(`${lp}/vehicleSoc`, '79', 2);
    await s.send(`${lp}/connected`, 'false', 2);
    expect(s.last('load.car.wantsW')).toBe(0);
    await s.source.close!();
  });

  it('feeds grid and PV power from the current and the previous site layout', async () => {
    const root = `evcc${++n}`;
    const fields = { type: 'evcc', id: 'car', priority: 1, topic: root, siteSignals: true };
    const s = await start(evccLoad, fields);
    await s.send(`${root}/site/grid/power`, '-1234.5');
    expect(s.last('grid.powerW')).toBe(-1234.5);
    await s.send(`${root}/site/gridPower`, '-800');
    expect(s.last('grid.powerW')).toBe(-800);
    await s.send(`${root}/site/pvPower`, '4200');
    expect(s.last('pv.powerW')).toBe(4200);
    await s.source.close!();
  });

  it('modes and limits without a broker', () => {
    const car = { connected: true, mode: 'pv', maxCurrentA: 16, phasesActive: 3 };
    expect(evccWantsW(car)).toBe(11_040);
    expect(evccWantsW({ ...car, effectiveMaxCurrentA: 10 })).toBe(6_900);
    expect(evccWantsW({ ...car, mode: 'off' })).toBe(0);
    expect(evccWantsW({ ...car, mode: 'someday' })).toBe(0);
    expect(evccWantsW({ ...car, vehicleSocPct: 90, limitSocPct: 0 })).toBe(11_040);
  });
});

describe('mqtt load', () => {
  it('reads power as a JSON field and wants as W or ON/OFF', async () => {
    const base = `rod${++n}`;
    const s = await start(mqttLoad as typeof evccLoad, {
      type: 'mqtt',
      id: 'rod',
      priority: 200,
      powerTopic: `${base}/power`,
      powerField: 'ENERGY.Power',
      wantsTopic: `${base}/wants`,
      powerW: 3000,
    });
    await s.send(`${base}/power`, '{"ENERGY":{"Power":1500}}');
    expect(s.last('load.rod.powerW')).toBe(1500);
    await s.send(`${base}/wants`, 'ON');
    expect(s.last('load.rod.wantsW')).toBe(3000);
    await s.send(`${base}/wants`, 'OFF');
    expect(s.last('load.rod.wantsW')).toBe(0);
    await s.send(`${base}/wants`, '2000');
    expect(s.last('load.rod.wantsW')).toBe(2000);
    await s.source.close!();
  });
});
