// Rule tables of Home Assistant's MQTT discovery, transcribed from shared/reference/homeassistant.md
// (HA core dev, 2026.9): components, abbreviations, device/origin keys, device classes, units.

/** HA's SUPPORTED_COMPONENTS (core mqtt/const.py). */
// biome-ignore format: a compact table
export const SUPPORTED_COMPONENTS = new Set([
  'alarm_control_panel', 'binary_sensor', 'button', 'camera', 'climate', 'cover', 'date', 'datetime',
  'device_automation', 'device_tracker', 'event', 'fan', 'humidifier', 'image', 'infrared', 'lawn_mower',
  'light', 'lock', 'notify', 'number', 'scene', 'siren', 'select', 'sensor', 'switch', 'tag', 'text', 'time',
  'update', 'vacuum', 'valve', 'water_heater',
]);

/** Root keys a device-based payload may have besides device, origin, components (SHARED_OPTIONS). */
// biome-ignore format: a compact table
export const SHARED_OPTIONS = new Set([
  'availability', 'availability_topic', 'availability_mode', 'availability_template', 'payload_available',
  'payload_not_available', 'state_topic', 'command_topic', 'qos', 'encoding', 'message_expiry_interval',
]);

/** Abbreviations of entity-level keys (a subset: those a payload of ours could plausibly use). */
// biome-ignore format: a compact table
export const ABBREVIATIONS: Record<string, string> = {
  avty: 'availability', avty_mode: 'availability_mode', avty_t: 'availability_topic',
  avty_tpl: 'availability_template', cmd_t: 'command_topic', cmd_tpl: 'command_template', cmps: 'components',
  def_ent_id: 'default_entity_id', dev: 'device', dev_cla: 'device_class', e: 'encoding',
  en: 'enabled_by_default', ent_cat: 'entity_category', ent_pic: 'entity_picture', exp_aft: 'expire_after',
  frc_upd: 'force_update', ic: 'icon', json_attr_t: 'json_attributes_topic',
  json_attr_tpl: 'json_attributes_template', o: 'origin', obj_id: 'object_id', opt: 'optimistic',
  ops: 'options', p: 'platform', pl_avail: 'payload_available', pl_not_avail: 'payload_not_available',
  pl_off: 'payload_off', pl_on: 'payload_on', pl_prs: 'payload_press', pl_rst: 'payload_reset',
  ret: 'retain', stat_cla: 'state_class', stat_off: 'state_off', stat_on: 'state_on', stat_t: 'state_topic',
  sug_dsp_prc: 'suggested_display_precision', uniq_id: 'unique_id', unit_of_meas: 'unit_of_measurement',
  val_tpl: 'value_template',
};

/** Abbreviations inside `device`. */
// biome-ignore format: a compact table
export const DEVICE_ABBREVIATIONS: Record<string, string> = {
  ids: 'identifiers', cns: 'connections', mf: 'manufacturer', mdl: 'model', mdl_id: 'model_id',
  hw: 'hw_version', sw: 'sw_version', sn: 'serial_number', sa: 'suggested_area', cu: 'configuration_url',
};

/** Abbreviations inside `origin`. */
// biome-ignore format: a compact table
export const ORIGIN_ABBREVIATIONS: Record<string, string> = { sw: 'sw_version', url: 'support_url' };

/** Abbreviations inside an availability item. */
// biome-ignore format: a compact table
export const AVAILABILITY_ABBREVIATIONS: Record<string, string> = {
  t: 'topic', pl_avail: 'payload_available', pl_not_avail: 'payload_not_available',
  val_tpl: 'value_template',
};

/** Keys of the device block (MQTT_ENTITY_DEVICE_INFO_SCHEMA); nothing else is allowed. */
// biome-ignore format: a compact table
export const DEVICE_KEYS = new Set([
  'identifiers', 'connections', 'name', 'manufacturer', 'model', 'model_id', 'serial_number', 'hw_version',
  'sw_version', 'suggested_area', 'via_device', 'via_hub', 'configuration_url',
]);

/** Keys of the origin block. */
// biome-ignore format: a compact table
export const ORIGIN_KEYS = new Set(['name', 'sw_version', 'support_url']);

/** Keys of an availability item. */
// biome-ignore format: a compact table
export const AVAILABILITY_KEYS = new Set([
  'topic', 'payload_available', 'payload_not_available', 'value_template',
]);

/** SensorDeviceClass values. */
// biome-ignore format: a compact table
export const SENSOR_DEVICE_CLASSES = new Set([
  'absolute_humidity', 'apparent_power', 'aqi', 'area', 'atmospheric_pressure', 'battery',
  'blood_glucose_concentration', 'carbon_dioxide', 'carbon_monoxide', 'conductivity', 'current', 'data_rate',
  'data_size', 'date', 'distance', 'duration', 'energy', 'energy_distance', 'energy_storage', 'enum',
  'frequency', 'gas', 'humidity', 'illuminance', 'irradiance', 'moisture', 'monetary', 'nitrogen_dioxide',
  'nitrogen_monoxide', 'nitrous_oxide', 'ozone', 'ph', 'pm1', 'pm10', 'pm25', 'pm4', 'power', 'power_factor',
  'precipitation', 'precipitation_intensity', 'pressure', 'reactive_energy', 'reactive_power',
  'signal_strength', 'sound_pressure', 'speed', 'sulphur_dioxide', 'temperature', 'temperature_delta',
  'timestamp', 'uptime', 'volatile_organic_compounds', 'volatile_organic_compounds_parts', 'voltage',
  'volume', 'volume_flow_rate', 'volume_storage', 'water', 'weight', 'wind_direction', 'wind_speed',
]);

/** Device classes with no numeric state. */
// biome-ignore format: a compact table
export const NON_NUMERIC_CLASSES = new Set(['date', 'enum', 'timestamp', 'uptime']);

/** SensorStateClass values. */
// biome-ignore format: a compact table
export const STATE_CLASSES = new Set(['measurement', 'measurement_angle', 'total', 'total_increasing']);

const ENERGY_UNITS = [
  'J',
  'kJ',
  'MJ',
  'GJ',
  'mWh',
  'Wh',
  'kWh',
  'MWh',
  'GWh',
  'TWh',
  'cal',
  'kcal',
  'Mcal',
  'Gcal',
];
const TEMPERATURE_UNITS = ['°C', '°F', 'K'];

/** Units HA accepts per device class (exact strings); classes not listed are not unit-checked here. */
// biome-ignore format: a compact table
export const DEVICE_CLASS_UNITS: Record<string, readonly string[]> = {
  power: ['mW', 'W', 'kW', 'MW', 'GW', 'TW'], energy: ENERGY_UNITS, energy_storage: ENERGY_UNITS,
  temperature: TEMPERATURE_UNITS, temperature_delta: TEMPERATURE_UNITS, duration: ['d', 'h', 'min', 's',
  'ms', 'μs'], frequency: ['mHz', 'Hz', 'kHz', 'MHz', 'GHz'], voltage: ['V', 'mV', 'μV', 'kV', 'MV'],
  current: ['A', 'mA', 'μA'], signal_strength: ['dB', 'dBm'], data_rate: [ 'bit/s', 'kbit/s', 'Mbit/s',
  'Gbit/s', 'B/s', 'kB/s', 'MB/s', 'GB/s', 'KiB/s', 'MiB/s', 'GiB/s', ],
};

/** State classes that fit a device class (project policy: a misfit is an error). */
// biome-ignore format: a compact table
export const DEVICE_CLASS_STATE_CLASSES: Record<string, readonly string[]> = {
  power: ['measurement'], energy: ['total', 'total_increasing'], energy_storage: ['measurement'],
  temperature: ['measurement'], temperature_delta: ['measurement'], monetary: ['total'],
  duration: ['measurement', 'total', 'total_increasing'], frequency: ['measurement'],
  voltage: ['measurement'], current: ['measurement'], data_rate: ['measurement'],
  signal_strength: ['measurement'], timestamp: [], enum: [], uptime: [],
};

/** binary_sensor device classes. */
// biome-ignore format: a compact table
export const BINARY_SENSOR_CLASSES = new Set([
  'battery', 'battery_charging', 'carbon_monoxide', 'cold', 'connectivity', 'door', 'garage_door', 'gas',
  'heat', 'light', 'lock', 'moisture', 'motion', 'moving', 'occupancy', 'opening', 'plug', 'power',
  'presence', 'problem', 'running', 'safety', 'smoke', 'sound', 'tamper', 'update', 'vibration', 'window',
]);

/** Platforms that take their name from the device class when `name` is left out. */
// biome-ignore format: a compact table
export const NAME_FROM_DEVICE_CLASS = new Set(['binary_sensor', 'button', 'number', 'sensor']);

/** Platforms that need a command topic / a state topic. */
export const NEEDS_COMMAND_TOPIC = new Set(['switch', 'number', 'select', 'text', 'button']);
export const NEEDS_STATE_TOPIC = new Set(['sensor', 'binary_sensor']);

/** Keys whose values must be JSON numbers / booleans. */
export const NUMBER_KEYS = [
  'min',
  'max',
  'step',
  'suggested_display_precision',
  'expire_after',
  'off_delay',
  'qos',
];
export const BOOLEAN_KEYS = [
  'enabled_by_default',
  'visible_by_default',
  'force_update',
  'optimistic',
  'retain',
];
