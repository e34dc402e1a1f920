import { describe, expect, it } from 'vitest';
import { DiscoveryChecker } from './discovery-checker.js';

type Obj = Record<string, unknown>;
const TOPIC = 'homeassistant/device/mineragent_s19-ab12cd/config';
const OPTIONS = {
  discoveryPrefix: 'homeassistant',
  baseTopic: 'mineragent',
  agentDeviceId: 'mineragent_agent-01',
};

/** The reference's §6.2 example: a known-good device payload. */
function goodMiner(): Obj {
  const t = 'mineragent/agent-01/s19-ab12cd';
  return {
    device: {
      identifiers: ['mineragent_s19-ab12cd'],
      name: 'Miner S19 Garage',
      manufacturer: 'Bitmain',
      model: 'Antminer S19',
      sw_version: '2024.1',
      via_device: 'mineragent_agent-01',
    },
    origin: { name: 'miner-agent', sw_version: '0.3.0', support_url: 'https://example.invalid' },
    availability: [{ topic: 'mineragent/agent-01/availability' }, { topic: `${t}/availability` }],
    availability_mode: 'all',
    components: {
      mining: {
        platform: 'switch',
        unique_id: 'mineragent_s19-ab12cd_mining',
        name: null,
        default_entity_id: 'switch.miner_s19_garage',
        command_topic: `${t}/mining/set`,
        state_topic: `${t}/mining/state`,
      },
      power: {
        platform: 'sensor',
        unique_id: 'mineragent_s19-ab12cd_power',
        name: 'Power',
        device_class: 'power',
        unit_of_measurement: 'W',
        state_class: 'measurement',
        state_topic: `${t}/power/state`,
      },
      energy: {
        platform: 'sensor',
        unique_id: 'mineragent_s19-ab12cd_energy',
        name: 'Energy',
        device_class: 'energy',
        unit_of_measurement: 'kWh',
        state_class: 'total_increasing',
        state_topic: `${t}/energy/state`,
      },
      hashrate: {
        platform: 'sensor',
        unique_id: 'mineragent_s19-ab12cd_hashrate',
        name: 'Hashrate',
        unit_of_measurement: 'TH/s',
        state_class: 'measurement',
        state_topic: `${t}/hashrate/state`,
      },
      power_limit: {
        platform: 'number',
        unique_id: 'mineragent_s19-ab12cd_power_limit',
        name: 'Power limit',
        device_class: 'power',
        unit_of_measurement: 'W',
        min: 500,
        max: 3250,
        step: 50,
        mode: 'box',
        entity_category: 'config',
        command_topic: `${t}/power_limit/set`,
        state_topic: `${t}/power_limit/state`,
      },
    },
  };
}

function check(payload: unknown, topic = TOPIC, retained = true) {
  const checker = new DiscoveryChecker(OPTIONS);
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { checker, findings: checker.checkConfig(topic, text, retained) };
}

function mutated(fn: (p: Obj & { components: Record<string, Obj>; device: Obj; origin: Obj }) => void): Obj {
  const payload = goodMiner() as Obj & { components: Record<string, Obj>; device: Obj; origin: Obj };
  fn(payload);
  return payload;
}

describe('DiscoveryChecker: known-good payloads', () => {
  it('accepts the reference example (§6.2) without any finding', () => {
    expect(check(goodMiner()).findings).toEqual([]);
  });

  it("accepts the HA docs' abbreviated device example, warning only about the abbreviations", () => {
    const checker = new DiscoveryChecker({ discoveryPrefix: 'homeassistant', baseTopic: 'sensorBedroom' });
    const docs = {
      dev: { ids: 'ea334450945afc', name: 'Kitchen', mf: 'Bla electronics', mdl: 'xya', sw: '1.0' },
      o: { name: 'bla2mqtt', sw: '2.1', url: 'https://bla2mqtt.example.com/support' },
      cmps: {
        some_unique_component_id1: {
          p: 'sensor',
          device_class: 'temperature',
          unit_of_measurement: '°C',
          value_template: '{{ value_json.temperature}}',
          unique_id: 'temp01ae_t',
        },
      },
      state_topic: 'sensorBedroom/state',
      qos: 2,
    };
    const findings = checker.checkConfig(
      'homeassistant/device/ea334450945afc/config',
      JSON.stringify(docs),
      true,
    );
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.rule === 'payload.abbreviated' && f.level === 'W')).toBe(true);
  });

  it('accepts an empty retained payload (removal)', () => {
    expect(check('').findings).toEqual([]);
  });
});

describe('DiscoveryChecker: one known-bad payload per rule', () => {
  const cases: [string, unknown, string?][] = [
    ['topic.format', goodMiner(), 'homeassistant/device/bad node/config'],
    ['topic.format', goodMiner(), 'homeassistant/gadget/x/config'],
    ['topic.format', goodMiner(), 'homeassistant/sensor/a/b/c/config'],
    ['payload.json', '{"device": '],
    ['payload.json', '[1,2]'],
    ['payload.both-forms', mutated((p) => Object.assign(p, { dev: p.device }))],
    ['device.tilde', mutated((p) => Object.assign(p, { '~': 'mineragent' }))],
    ['device.root-keys', mutated((p) => Object.assign(p, { name: 'x' }))],
    ['device.required', mutated((p) => delete (p as Obj).origin)],
    ['component.platform', mutated((p) => Object.assign(p.components.power!, { platform: 'gauge' }))],
    ['unique-id.required', mutated((p) => delete p.components.power!.unique_id)],
    [
      'unique-id.duplicate',
      mutated((p) => Object.assign(p.components.energy!, { unique_id: 'mineragent_s19-ab12cd_power' })),
    ],
    ['origin.keys', mutated((p) => Object.assign(p.origin, { version: '1' }))],
    ['origin.name', mutated((p) => Object.assign(p.origin, { name: 3 }))],
    ['origin.support-url', mutated((p) => Object.assign(p.origin, { support_url: 'ftp://x' }))],
    ['device.keys', mutated((p) => Object.assign(p.device, { ip: '10.0.0.2' }))],
    ['device.identity', mutated((p) => Object.assign(p.device, { identifiers: [] }))],
    ['device.connections', mutated((p) => Object.assign(p.device, { connections: [['mac']] }))],
    [
      'device.configuration-url',
      mutated((p) => Object.assign(p.device, { configuration_url: 'javascript:x' })),
    ],
    ['device.name', mutated((p) => delete p.device.name)],
    ['device.via-device', mutated((p) => delete p.device.via_device)],
    [
      'name.repeats-device',
      mutated((p) => Object.assign(p.components.power!, { name: 'Miner S19 Garage power' })),
    ],
    ['availability.exclusive', mutated((p) => Object.assign(p, { availability_topic: 'mineragent/x' }))],
    [
      'availability.item-keys',
      mutated((p) => Object.assign(p, { availability: [{ topic: 'mineragent/a', qos: 1 }] })),
    ],
    ['availability.mode', mutated((p) => Object.assign(p, { availability_mode: 'most' }))],
    ['availability.topic', mutated((p) => Object.assign(p, { availability: [{ topic: '' }] }))],
    [
      'topic.command-wildcard',
      mutated((p) => Object.assign(p.components.mining!, { command_topic: 'mineragent/+/set' })),
    ],
    ['topic.wildcard', mutated((p) => Object.assign(p.components.power!, { state_topic: 'mineragent/#' }))],
    ['topic.under-base', mutated((p) => Object.assign(p.components.power!, { state_topic: 'other/power' }))],
    [
      'topic.value',
      mutated((p) => Object.assign(p.components.power!, { state_topic: 'mineragent/a\u0001b' })),
    ],
    ['qos', mutated((p) => Object.assign(p.components.power!, { qos: 3 }))],
    ['type.boolean', mutated((p) => Object.assign(p.components.power!, { enabled_by_default: 'true' }))],
    ['type.number', mutated((p) => Object.assign(p.components.power_limit!, { max: '3250' }))],
    ['entity-category', mutated((p) => Object.assign(p.components.power!, { entity_category: 'config' }))],
    ['icon', mutated((p) => Object.assign(p.components.power!, { icon: 'pickaxe' }))],
    [
      'default-entity-id.format',
      mutated((p) => Object.assign(p.components.power!, { default_entity_id: 'miner_power' })),
    ],
    [
      'default-entity-id.format',
      mutated((p) => Object.assign(p.components.power!, { default_entity_id: 'sensor.miner__power' })),
    ],
    [
      'default-entity-id.format',
      mutated((p) => Object.assign(p.components.power!, { default_entity_id: 'switch.miner_power' })),
    ],
    ['object-id.deprecated', mutated((p) => Object.assign(p.components.power!, { object_id: 'power' }))],
    ['name.missing', mutated((p) => delete p.components.mining!.name)],
    ['platform.state-topic', mutated((p) => delete p.components.power!.state_topic)],
    ['platform.command-topic', mutated((p) => delete p.components.mining!.command_topic)],
    ['platform.optimistic', mutated((p) => delete p.components.mining!.state_topic)],
    [
      'sensor.device-class',
      mutated((p) => Object.assign(p.components.hashrate!, { device_class: 'hashrate' })),
    ],
    ['sensor.state-class', mutated((p) => Object.assign(p.components.hashrate!, { state_class: 'average' }))],
    ['sensor.unit', mutated((p) => Object.assign(p.components.energy!, { unit_of_measurement: 'KWh' }))],
    ['sensor.unit', mutated((p) => Object.assign(p.components.power!, { unit_of_measurement: 'A' }))],
    [
      'sensor.unit-empty',
      mutated((p) => Object.assign(p.components.hashrate!, { unit_of_measurement: ' ' })),
    ],
    ['sensor.options', mutated((p) => Object.assign(p.components.hashrate!, { options: ['a'] }))],
    [
      'sensor.last-reset',
      mutated((p) => Object.assign(p.components.energy!, { last_reset_value_template: '{{ 0 }}' })),
    ],
    [
      'sensor.measurement-angle',
      mutated((p) => Object.assign(p.components.hashrate!, { state_class: 'measurement_angle' })),
    ],
    [
      'sensor.state-class-fit',
      mutated((p) => Object.assign(p.components.energy!, { state_class: 'measurement' })),
    ],
    [
      'sensor.monetary',
      mutated((p) =>
        Object.assign(p.components.hashrate!, {
          device_class: 'monetary',
          unit_of_measurement: 'EUR/kWh',
          state_class: 'total',
        }),
      ),
    ],
    [
      'sensor.state-class-fit',
      mutated((p) =>
        Object.assign(p.components.hashrate!, { device_class: 'monetary', unit_of_measurement: 'EUR' }),
      ),
    ],
    ['sensor.micro', mutated((p) => Object.assign(p.components.hashrate!, { unit_of_measurement: 'µs' }))],
    ['number.range', mutated((p) => Object.assign(p.components.power_limit!, { min: 3250 }))],
    ['number.step', mutated((p) => Object.assign(p.components.power_limit!, { step: 0 }))],
    ['number.mode', mutated((p) => Object.assign(p.components.power_limit!, { mode: 'dial' }))],
    ['number.unit', mutated((p) => Object.assign(p.components.power_limit!, { unit_of_measurement: 'kWh' }))],
    [
      'select.options',
      mutated((p) =>
        Object.assign(p.components, {
          mode: {
            platform: 'select',
            unique_id: 'u_mode',
            name: 'Mode',
            options: [],
            command_topic: 'mineragent/m/set',
            state_topic: 'mineragent/m',
          },
        }),
      ),
    ],
    [
      'select.options',
      mutated((p) =>
        Object.assign(p.components, {
          mode: {
            platform: 'select',
            unique_id: 'u_mode',
            name: 'Mode',
            options: ['a', 'a'],
            command_topic: 'mineragent/m/set',
            state_topic: 'mineragent/m',
          },
        }),
      ),
    ],
    [
      'binary-sensor.device-class',
      mutated((p) =>
        Object.assign(p.components, {
          run: {
            platform: 'binary_sensor',
            unique_id: 'u_run',
            name: 'Run',
            device_class: 'mining',
            state_topic: 'mineragent/r',
          },
        }),
      ),
    ],
    ['switch.device-class', mutated((p) => Object.assign(p.components.mining!, { device_class: 'miner' }))],
  ];

  it.each(cases)('%s', (rule, payload, topic) => {
    const { findings } = check(payload, topic ?? TOPIC);
    expect(findings.map((f) => f.rule)).toContain(rule);
  });

  it('flags a discovery payload that is not retained', () => {
    expect(check(goodMiner(), TOPIC, false).findings.map((f) => f.rule)).toEqual(['topic.retained']);
  });

  it('flags a unique id moved to another discovery topic', () => {
    const { checker } = check(goodMiner());
    const moved = checker.checkConfig('homeassistant/device/other/config', JSON.stringify(goodMiner()), true);
    expect(moved.map((f) => f.rule)).toContain('unique-id.moved');
  });

  it('flags a base topic equal to the discovery prefix', () => {
    const checker = new DiscoveryChecker({ discoveryPrefix: 'homeassistant', baseTopic: 'homeassistant' });
    expect(checker.findings.map((f) => f.rule)).toEqual(['topic.base-is-prefix']);
  });
});

describe('DiscoveryChecker: runtime states', () => {
  const t = 'mineragent/agent-01/s19-ab12cd';
  const checker = new DiscoveryChecker(OPTIONS);
  const payload = mutated((p) =>
    Object.assign(p.components, {
      mode: {
        platform: 'select',
        unique_id: 'u_mode',
        name: 'Mode',
        options: ['auto', 'off'],
        command_topic: `${t}/mode/set`,
        state_topic: `${t}/mode`,
      },
      reason: {
        platform: 'sensor',
        unique_id: 'u_reason',
        name: 'Reason',
        state_topic: `${t}/reason`,
        json_attributes_topic: `${t}/reason/attributes`,
      },
    }),
  );
  checker.checkConfig(TOPIC, JSON.stringify(payload), true);
  const rulesOf = (topic: string, state: string) => checker.checkState(topic, state).map((f) => f.rule);

  it.each([
    [`${t}/power/state`, '1234.5', []],
    [`${t}/power/state`, 'None', []],
    [`${t}/power/state`, 'unavailable', ['state.numeric']],
    [`${t}/mode`, 'auto', []],
    [`${t}/mode`, 'turbo', ['state.option']],
    [`${t}/mining/state`, 'ON', []],
    [`${t}/mining/state`, 'true', ['state.on-off']],
    [`${t}/reason`, 'x'.repeat(256), ['state.length']],
    [`${t}/reason/attributes`, '{"ledger":[]}', []],
    [`${t}/reason/attributes`, '[1]', ['state.attributes']],
    [`${t}/reason/attributes`, JSON.stringify({ x: 'y'.repeat(17_000) }), ['state.attributes-size']],
  ])('%s ← %s', (topic, state, rules) => {
    expect(rulesOf(topic, state)).toEqual(rules);
  });
});
