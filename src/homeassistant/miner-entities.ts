import type { Config } from '../../config/schema.js';
import type { MinerModel } from '../core/model.js';
import type { AgentControls, AgentView } from '../ports.js';
import { commandText, parseOption } from './commands.js';
import type { CommandOutcome, DeviceSpec, EntitySpec } from './entity.js';
import { num, onOff, roundedJson, stateText, UNKNOWN } from './format.js';
import { type HaIds, minerAvailabilityTopic, minerDeviceId, minerTopic } from './ids.js';
import { decisionOf, drawOf, levelOf, modeOf } from './view.js';

/** What a miner reported about itself (`describe()`), for the device block. */
export interface MinerIdentity {
  model?: string;
  firmware?: string;
  serial?: string;
}

function sensor(
  key: string,
  topic: string,
  options: Record<string, unknown>,
  state: EntitySpec['state'],
): EntitySpec {
  return { key, platform: 'sensor', availability: 'device', options, stateTopic: `${topic}/${key}`, state };
}

function measurements(miner: MinerModel, topic: string): EntitySpec[] {
  const levelIds = miner.levels.map((l) => l.id);
  return [
    sensor(
      'power',
      topic,
      {
        name: 'Power',
        device_class: 'power',
        unit_of_measurement: 'W',
        state_class: 'measurement',
        suggested_display_precision: 0,
      },
      (v) => num(drawOf(v, miner).powerW, 1),
    ),
    sensor(
      'hashrate',
      topic,
      {
        name: 'Hashrate',
        unit_of_measurement: 'TH/s',
        state_class: 'measurement',
        suggested_display_precision: 2,
        icon: 'mdi:pickaxe',
      },
      (v) => num(drawOf(v, miner).ths, 3),
    ),
    sensor(
      'chip_temperature',
      topic,
      {
        name: 'Chip temperature',
        device_class: 'temperature',
        unit_of_measurement: '°C',
        state_class: 'measurement',
        suggested_display_precision: 1,
      },
      (v) => num(v.statuses[miner.id]?.chipTempC, 1),
    ),
    {
      key: 'running',
      platform: 'binary_sensor',
      availability: 'device',
      options: { name: 'Mining', device_class: 'running' },
      stateTopic: `${topic}/running`,
      state: (v) => (v.statuses[miner.id] ? onOff(v.statuses[miner.id]!.running) : UNKNOWN),
    },
    sensor(
      'level',
      topic,
      // A power-target miner's levels are open-ended (`w700`), so no enum there.
      miner.continuous
        ? { name: 'Level', icon: 'mdi:speedometer' }
        : { name: 'Level', device_class: 'enum', options: levelIds, icon: 'mdi:speedometer' },
      (v) => levelOf(v, miner),
    ),
  ];
}

function decisionEntities(
  agent: AgentView<Config> & AgentControls,
  miner: MinerModel,
  topic: string,
): EntitySpec[] {
  const cur = agent.config.site.currency;
  const options = ['auto', ...miner.levels.map((l) => l.id)];
  return [
    {
      ...sensor(
        'net_value',
        topic,
        {
          name: 'Net value',
          unit_of_measurement: `${cur}/h`,
          state_class: 'measurement',
          suggested_display_precision: 4,
        },
        (v) => {
          const d = decisionOf(v, miner.id);
          return num(d?.ledger.find((r) => r.levelId === d.levelId)?.netPerHour, 6);
        },
      ),
      availability: 'agent',
    },
    {
      ...sensor('reason', topic, { name: 'Decision', icon: 'mdi:scale-balance' }, (v) => {
        const d = decisionOf(v, miner.id);
        return d ? stateText(d.reason) : 'waiting for the first decision';
      }),
      availability: 'agent',
      attributesTopic: `${topic}/reason/attributes`,
      // The full ledger, and the planner's next start/stop and planned runs when the planner is on.
      attributes: (v) => {
        const plan = v.record?.plans?.[miner.id];
        return roundedJson({ ...(decisionOf(v, miner.id) ?? {}), ...(plan ? { plan } : {}) });
      },
    },
    {
      key: 'mode',
      platform: 'select',
      availability: 'agent',
      options: { name: 'Mode', options, icon: 'mdi:tune' },
      stateTopic: `${topic}/mode`,
      state: (v) => modeOf(v, miner),
      command: {
        topic: `${topic}/mode/set`,
        apply(payload): CommandOutcome {
          const text = commandText(payload);
          const mode = text.ok ? parseOption(text.value, options) : text;
          if (!mode.ok) return mode;
          const override =
            mode.value === 'auto' ? undefined : { levelId: mode.value, source: 'homeassistant' };
          agent.setOverride(miner.id, override);
          return { ok: true };
        },
      },
    },
    {
      ...sensor(
        'energy',
        topic,
        {
          name: 'Energy',
          device_class: 'energy',
          unit_of_measurement: 'kWh',
          state_class: 'total_increasing',
          suggested_display_precision: 3,
        },
        (v) => num(v.state.counters[miner.id]?.energyKWh ?? 0, 4),
      ),
      availability: 'agent',
    },
    {
      ...sensor(
        'revenue',
        topic,
        {
          name: 'Mining revenue',
          device_class: 'monetary',
          unit_of_measurement: cur,
          state_class: 'total',
          suggested_display_precision: 4,
        },
        (v) => num(v.state.counters[miner.id]?.revenue ?? 0, 6),
      ),
      availability: 'agent',
    },
  ];
}

/** A miner's device: measurements (shown while it is reachable), its decision, mode and totals. */
export function minerDevice(
  agent: AgentView<Config> & AgentControls,
  ids: HaIds,
  miner: MinerModel,
  identity: MinerIdentity,
): DeviceSpec {
  const topic = minerTopic(ids, miner.id);
  const family = agent.miners.get(miner.id)?.adapter.family ?? 'miner';
  const deviceId = minerDeviceId(ids, miner.id);
  return {
    nodeId: deviceId,
    minerId: miner.id,
    device: {
      identifiers: [deviceId],
      name: miner.name,
      model: identity.model ?? family,
      ...(identity.firmware ? { sw_version: identity.firmware } : {}),
      ...(identity.serial ? { serial_number: identity.serial } : {}),
      via_device: ids.agentDeviceId,
    },
    availabilityTopic: minerAvailabilityTopic(ids, miner.id),
    entities: [...measurements(miner, topic), ...decisionEntities(agent, miner, topic)],
  };
}
