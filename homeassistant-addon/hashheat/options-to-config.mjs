// Turns the add-on options (/data/options.json, shaped by config.yaml's `schema`) and the MQTT broker
// from the Supervisor (HASHHEAT_MQTT_* set by run.sh) into a hashheat config. JSON is valid YAML, so
// the file is written as JSON. The MQTT password stays a ${ENV} reference (run.sh exports it); the tariff
// token and miner passwords come from the options, which the Supervisor keeps in /data as well.
// Usage: node options-to-config.mjs <options.json> <hashheat.yaml>
import { readFileSync, writeFileSync } from 'node:fs';

const env = process.env;
const drop = (object) =>
  Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== ''));

function tariff(o) {
  const market = { charges: o.charges_per_kwh, tax: o.tax_rate };
  switch (o.tariff) {
    case 'fixed':
      return { type: 'fixed', perKWh: o.price_per_kwh ?? 0.3 };
    case 'energy-charts':
      return drop({ type: 'energy-charts', zone: o.bidding_zone ?? 'DE-LU', ...market });
    case 'awattar':
      return drop({
        type: 'awattar',
        country: (o.bidding_zone ?? 'de').toLowerCase() === 'at' ? 'at' : 'de',
        ...market,
      });
    case 'entsoe':
      return drop({
        type: 'entsoe',
        token: o.tariff_token,
        zone: o.bidding_zone ?? 'DE-LU',
        ...market,
      });
    case 'tibber':
      return drop({ type: 'tibber', token: o.tariff_token });
    default:
      throw new Error(`tariff: unknown "${o.tariff}"`);
  }
}

function heater(zone) {
  if (zone.heater === 'heat-pump') return { type: 'heat-pump', cop: zone.heater_cop ?? 3 };
  if (zone.heater === 'gas') return { type: 'gas', perKWh: zone.gas_per_kwh ?? 0.1, efficiency: 0.92 };
  return { type: zone.heater ?? 'none' };
}

/** Home Assistant entities read over the Supervisor's proxy of HA's REST/WebSocket API. */
function signals(o) {
  // REST polling: the Supervisor proxies HA's REST API at http://supervisor/core/api/….
  const entity = (signal, id) => (id ? [{ type: 'homeassistant', signal, entity: id, mode: 'rest' }] : []);
  return [
    ...entity('grid.powerW', o.grid_power_entity),
    ...entity('pv.powerW', o.pv_power_entity),
    ...(o.zones ?? []).flatMap((z) => entity(`zone.${z.id}.tempC`, z.temperature_entity)),
  ];
}

function mqtt() {
  if (!env.HASHHEAT_MQTT_HOST) return undefined;
  const scheme = env.HASHHEAT_MQTT_SSL === 'true' ? 'mqtts' : 'mqtt';
  return drop({
    url: `${scheme}://${env.HASHHEAT_MQTT_HOST}:${env.HASHHEAT_MQTT_PORT || 1883}`,
    username: env.HASHHEAT_MQTT_USERNAME,
    password: env.HASHHEAT_MQTT_PASSWORD ? '${HASHHEAT_MQTT_PASSWORD}' : undefined,
  });
}

/** The hashheat config for the options. */
function toConfig(o) {
  const list = signals(o);
  return drop({
    site: { timeZone: o.time_zone, currency: o.currency },
    agent: { dataDir: '/data/state', dryRun: o.dry_run === true, logLevel: o.log_level ?? 'info' },
    prices: drop({
      import: tariff(o),
      export: o.feed_in_per_kwh === undefined ? undefined : { type: 'fixed', perKWh: o.feed_in_per_kwh },
    }),
    revenue: { hashprice: { type: o.hashprice_source ?? 'mempool' } },
    zones: (o.zones ?? []).map((z) => ({ id: z.id, targetC: z.target_c, maxC: z.max_c, heater: heater(z) })),
    ...(list.length > 0
      ? { homeassistant: { url: 'http://supervisor/core', token: '${SUPERVISOR_TOKEN}' }, signals: list }
      : {}),
    miners: (o.miners ?? []).map((m) =>
      drop({
        id: m.id,
        name: m.name,
        type: m.type,
        host: m.host,
        port: m.port,
        password: m.password,
        zone: m.zone,
      }),
    ),
    mqtt: mqtt(),
  });
}

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node options-to-config.mjs <options.json> <hashheat.yaml>');
  process.exit(2);
}
const config = toConfig(JSON.parse(readFileSync(input, 'utf8')));
const header = '# Written by the hashheat add-on from its options; edits are overwritten.';
writeFileSync(output, `${header}\n${JSON.stringify(config, null, 2)}\n`);
