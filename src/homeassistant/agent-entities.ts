import type { Config } from '../../config/schema.js';
import type { AgentControls, AgentView } from '../ports.js';
import { commandText, parseNumber, parseSwitch } from './commands.js';
import type { CommandOutcome, DeviceSpec, EntitySpec } from './entity.js';
import { num, onOff, UNKNOWN } from './format.js';
import type { HaIds } from './ids.js';
import { slug } from './ids.js';
import { breakEvenOf, effectText, type HaView, nextEventOf, priceOf, scalarOf, surplusOf } from './view.js';

/** Lowest target temperature Home Assistant may set (°C); the highest is the zone's maxC. */
export const MIN_TARGET_C = 5;

function price(
  key: string,
  name: string,
  unit: string,
  value: EntitySpec['state'],
  topic: string,
): EntitySpec {
  return {
    key,
    platform: 'sensor',
    availability: 'agent',
    // A price is not `monetary` (HA allows that only for totals): no device class, state_class measurement.
    options: { name, unit_of_measurement: unit, state_class: 'measurement', suggested_display_precision: 4 },
    stateTopic: topic,
    state: value,
  };
}

function switchEntity(
  key: string,
  name: string,
  topic: string,
  state: EntitySpec['state'],
  set: (on: boolean) => void,
): EntitySpec {
  return {
    key,
    platform: 'switch',
    availability: 'agent',
    options: { name, icon: key === 'dry_run' ? 'mdi:test-tube' : 'mdi:robot' },
    stateTopic: topic,
    state,
    command: {
      topic: `${topic}/set`,
      apply(payload): CommandOutcome {
        const text = commandText(payload);
        const on = text.ok ? parseSwitch(text.value) : text;
        if (!on.ok) return on;
        set(on.value);
        return { ok: true };
      },
    },
  };
}

function zoneEntities(agent: AgentView<Config> & AgentControls, ids: HaIds): EntitySpec[] {
  return agent.config.zones.flatMap((zone): EntitySpec[] => {
    const name = zone.name ?? zone.id;
    const topic = `${ids.baseTopic}/zone/${zone.id}`;
    const range = { min: MIN_TARGET_C, max: zone.maxC };
    return [
      {
        key: `zone_${slug(zone.id)}_target`,
        platform: 'number',
        availability: 'agent',
        options: {
          name: `${name} target`,
          device_class: 'temperature',
          unit_of_measurement: '°C',
          min: range.min,
          max: range.max,
          step: 0.5,
          mode: 'box',
        },
        stateTopic: `${topic}/target`,
        state: (view) => num(view.state.zoneTargetsC[zone.id] ?? zone.targetC, 1),
        command: {
          topic: `${topic}/target/set`,
          apply(payload): CommandOutcome {
            const text = commandText(payload);
            const value = text.ok ? parseNumber(text.value, range) : text;
            if (!value.ok) return value;
            agent.setZoneTarget(zone.id, value.value);
            return value.note ? { ok: true, note: value.note } : { ok: true };
          },
        },
      },
      {
        key: `zone_${slug(zone.id)}_temperature`,
        platform: 'sensor',
        availability: 'agent',
        options: {
          name: `${name} temperature`,
          device_class: 'temperature',
          unit_of_measurement: '°C',
          state_class: 'measurement',
          suggested_display_precision: 1,
        },
        stateTopic: `${topic}/temperature`,
        state: (view) => num(scalarOf(view, `zone.${zone.id}.tempC`), 2),
      },
    ];
  });
}

function feedsSurplus(agent: AgentView<Config> & AgentControls): boolean {
  return agent.sources
    .healthAll()
    .some((h) => agent.sources.keysOf(h.id).some((k) => k === 'grid.powerW' || k === 'pv.powerW'));
}

/**
 * Issue 18: the next grid event (a timestamp sensor: its start, or its end while it runs, with title,
 * window and effect as attributes) when `events:` has sources; the month's peak and the current
 * window's average import with a capacity tariff.
 */
function gridEntities(agent: AgentView<Config> & AgentControls, base: string): EntitySpec[] {
  const entities: EntitySpec[] = [];
  const iso = (t: number) => new Date(t).toISOString();
  if (agent.config.events.length > 0)
    entities.push({
      key: 'next_grid_event',
      platform: 'sensor',
      availability: 'agent',
      options: { name: 'Next grid event', device_class: 'timestamp', icon: 'mdi:transmission-tower' },
      stateTopic: `${base}/next_grid_event`,
      state: (v) => {
        const event = nextEventOf(v);
        if (!event) return UNKNOWN;
        return iso(event.start <= v.now ? event.end : event.start);
      },
      attributesTopic: `${base}/next_grid_event/attributes`,
      attributes: (v) => {
        const event = nextEventOf(v);
        if (!event) return '{}';
        return JSON.stringify({
          title: event.title,
          start: iso(event.start),
          end: iso(event.end),
          active: event.start <= v.now,
          effect: effectText(event.effect, agent.config.site.currency),
        });
      },
    });
  if (agent.model.capacity) {
    const kw = (key: string, name: string, value: (v: HaView) => number | undefined): EntitySpec => ({
      key,
      platform: 'sensor',
      availability: 'agent',
      options: {
        name,
        device_class: 'power',
        unit_of_measurement: 'kW',
        state_class: 'measurement',
        suggested_display_precision: 2,
      },
      stateTopic: `${base}/${key}`,
      state: (v) => {
        const w = value(v);
        return num(w === undefined ? undefined : w / 1000, 3);
      },
    });
    entities.push(
      kw('month_peak', "This month's peak", (v) => v.state.capacity?.peakW),
      kw('window_average', 'Current window average', (v) => {
        const c = v.state.capacity;
        if (!c || c.countedTo === undefined || c.countedTo <= c.windowStartAt) return undefined;
        return c.importedWh / ((c.countedTo - c.windowStartAt) / 3_600_000);
      }),
    );
  }
  return entities;
}

/** The agent's device: prices, hashprice, break-even per miner, surplus, control switches, zones. */
export function agentDevice(
  agent: AgentView<Config> & AgentControls,
  ids: HaIds,
  version: string,
): DeviceSpec {
  const base = `${ids.baseTopic}/agent`;
  const cur = agent.config.site.currency;
  const miners = agent.model.miners;
  const entities: EntitySpec[] = [
    price(
      'import_price',
      'Import price',
      `${cur}/kWh`,
      (v) => num(priceOf(v, 'price.import'), 5),
      `${base}/import_price`,
    ),
  ];
  if (agent.config.prices.export)
    entities.push(
      price(
        'export_price',
        'Export price',
        `${cur}/kWh`,
        (v) => num(priceOf(v, 'price.export'), 5),
        `${base}/export_price`,
      ),
    );
  if (miners.some((m) => m.revenueKey === 'hashprice'))
    entities.push(
      price(
        'hashprice',
        'Hashprice',
        `${cur}/TH/day`,
        (v) => num(scalarOf(v, 'hashprice'), 6),
        `${base}/hashprice`,
      ),
    );
  if (miners.some((m) => m.revenueKey === 'hashprice.xmr'))
    entities.push(
      price(
        'hashprice_xmr',
        'Hashprice RandomX',
        `${cur}/TH/day`,
        (v) => num(scalarOf(v, 'hashprice.xmr'), 6),
        `${base}/hashprice_xmr`,
      ),
    );
  for (const miner of miners)
    entities.push(
      price(
        `breakeven_${slug(miner.id)}`,
        `Break-even ${miner.name}`,
        `${cur}/kWh`,
        (v) => num(breakEvenOf(v, miner), 5),
        `${base}/breakeven/${miner.id}`,
      ),
    );
  if (feedsSurplus(agent))
    entities.push({
      key: 'surplus',
      platform: 'sensor',
      availability: 'agent',
      options: {
        name: 'Site surplus',
        device_class: 'power',
        unit_of_measurement: 'W',
        state_class: 'measurement',
        suggested_display_precision: 0,
      },
      stateTopic: `${base}/surplus`,
      state: (v) => num(surplusOf(v), 0),
    });
  entities.push(...gridEntities(agent, base));
  entities.push(
    {
      key: 'problem',
      platform: 'binary_sensor',
      availability: 'agent',
      options: { name: 'Problem', device_class: 'problem', entity_category: 'diagnostic' },
      stateTopic: `${base}/problem`,
      state: () => onOff(Object.keys(agent.problems()).length > 0),
      attributesTopic: `${base}/problem/attributes`,
      attributes: () => JSON.stringify(agent.problems()),
    },
    switchEntity(
      'enabled',
      'Control',
      `${base}/enabled`,
      (v) => onOff(v.state.enabled),
      (on) => agent.setEnabled(on),
    ),
    switchEntity(
      'dry_run',
      'Dry run',
      `${base}/dry_run`,
      () => onOff(agent.isDryRun()),
      (on) => agent.setDryRun(on),
    ),
    ...zoneEntities(agent, ids),
  );
  return {
    nodeId: ids.agentDeviceId,
    device: {
      identifiers: [ids.agentDeviceId],
      name: ids.ns === 'hashheat' ? 'hashheat' : `hashheat ${ids.ns}`,
      manufacturer: 'hashheat',
      model: 'hashheat agent',
      sw_version: version,
    },
    entities,
  };
}
