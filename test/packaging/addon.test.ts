import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../config/loader.js';

// The Home Assistant add-on (homeassistant-addon/hashheat): run.sh reads the MQTT broker from the
// Supervisor with bashio::services (as home-assistant/addons zwave/rootfs/etc/cont-init.d/mqtt.sh does)
// and options-to-config.mjs turns /data/options.json into a hashheat config. Docker and the Supervisor
// cannot run here, so bashio is a stub with the same function names and answers, and `hashheat` is a
// script recording its arguments; the written config then goes through the real config loader.
const ADDON = resolve('homeassistant-addon/hashheat');

function sandbox(mqttAvailable: boolean, overrides: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hashheat-addon-'));
  // bashio's documented functions: services.available <name>; services <name> <key>; log.info/warning.
  writeFileSync(
    join(dir, 'bashio.sh'),
    `bashio::services.available() { ${mqttAvailable ? 'return 0' : 'return 1'}; }
bashio::services() {
  case "$2" in host) echo core-mosquitto ;; port) echo 1883 ;; ssl) echo false ;;
    username) echo addons ;; password) echo 's3cret' ;; esac
}
bashio::log.info() { echo "INFO: $*" >&2; }
bashio::log.warning() { echo "WARNING: $*" >&2; }
`,
  );
  const bin = join(dir, 'hashheat');
  writeFileSync(
    bin,
    `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\necho "$HASHHEAT_MQTT_PASSWORD" > "${dir}/password"\n`,
  );
  chmodSync(bin, 0o755);
  // The manifest's own default options, plus a miner (the defaults have none: the user adds theirs).
  const manifest = parse(readFileSync(join(ADDON, 'config.yaml'), 'utf8')) as {
    options: Record<string, unknown>;
  };
  const options = {
    ...manifest.options,
    tariff: 'energy-charts',
    bidding_zone: 'AT',
    charges_per_kwh: 0.15,
    tax_rate: 0.2,
    pv_power_entity: 'sensor.inverter_power',
    miners: [
      { id: 'nano', type: 'avalon', host: '10.0.0.50', port: 4028, zone: 'living' },
      { id: 'gamma', type: 'bitaxe', host: '10.0.0.31', name: 'Bitaxe Gamma' },
    ],
    ...overrides,
  };
  writeFileSync(join(dir, 'options.json'), JSON.stringify(options));
  const run = spawnSync('bash', [join(ADDON, 'run.sh')], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      BASHIO_LIB: join(dir, 'bashio.sh'),
      ADDON_OPTIONS: join(dir, 'options.json'),
      ADDON_CONFIG: join(dir, 'hashheat.yaml'),
      HASHHEAT_BIN: bin,
    },
  });
  return { dir, run, text: () => readFileSync(join(dir, 'hashheat.yaml'), 'utf8') };
}

describe('Home Assistant add-on run.sh', () => {
  it('writes a config the real loader accepts, with the Supervisor’s MQTT broker, then runs the agent on it', () => {
    const { dir, run, text } = sandbox(true);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('MQTT broker from the Supervisor: core-mosquitto:1883');
    expect(readFileSync(join(dir, 'args'), 'utf8').split('\n')).toEqual([
      'run',
      '--config',
      join(dir, 'hashheat.yaml'),
      '',
    ]);
    // The password reaches the agent through the environment, never through the file.
    expect(text()).not.toContain('s3cret');
    expect(readFileSync(join(dir, 'password'), 'utf8').trim()).toBe('s3cret');
    const config = parseConfig(text(), { HASHHEAT_MQTT_PASSWORD: 's3cret', SUPERVISOR_TOKEN: 'tok' });
    expect(config.mqtt).toMatchObject({
      url: 'mqtt://core-mosquitto:1883',
      username: 'addons',
      password: 's3cret',
    });
    expect(config.site).toMatchObject({ timeZone: 'Europe/Berlin', currency: 'EUR' });
    expect(config.agent).toMatchObject({ dataDir: '/data/state', dryRun: true });
    expect(config.prices.import).toMatchObject({
      type: 'energy-charts',
      zone: 'AT',
      charges: 0.15,
      tax: 0.2,
    });
    expect(config.miners.map((m) => [m.id, m.type])).toEqual([
      ['nano', 'avalon'],
      ['gamma', 'bitaxe'],
    ]);
    expect(config.homeassistant).toMatchObject({ url: 'http://supervisor/core', token: 'tok' });
    expect(config.signals.map((s) => ('signal' in s ? s.signal : s.type))).toEqual([
      'pv.powerW',
      'zone.living.tempC',
    ]);
    expect(config.zones[0]).toMatchObject({
      id: 'living',
      targetC: 21,
      maxC: 23,
      heater: { type: 'heat-pump', cop: 3 },
    });
  });

  it('without the MQTT service warns and writes a config without a broker', () => {
    const { run, text } = sandbox(false);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('WARNING: No MQTT service');
    const config = parseConfig(text(), { SUPERVISOR_TOKEN: 'tok' });
    expect(config.mqtt).toBeUndefined();
  });

  it('passes a token tariff’s token from the options', () => {
    const { run, text } = sandbox(true, {
      tariff: 'entsoe',
      bidding_zone: 'FR',
      tariff_token: 'entsoe-token',
    });
    expect(run.status, run.stderr).toBe(0);
    const config = parseConfig(text(), { HASHHEAT_MQTT_PASSWORD: 's3cret', SUPERVISOR_TOKEN: 'tok' });
    expect(config.prices.import).toMatchObject({ type: 'entsoe', zone: 'FR', token: 'entsoe-token' });
  });
});

describe('Docker image scripts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hashheat-docker-'));
  const bin = join(dir, 'hashheat');
  writeFileSync(bin, `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\n`);
  chmodSync(bin, 0o755);
  const entrypoint = (args: string[], config: string) =>
    spawnSync('sh', [resolve('packaging/docker-entrypoint.sh'), ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HASHHEAT_BIN: bin, HASHHEAT_CONFIG: config },
    });
  const args = () => readFileSync(join(dir, 'args'), 'utf8').trim().split('\n');

  it('entrypoint: no arguments run the agent on /config, other commands pass through', () => {
    const config = join(dir, 'hashheat.yaml');
    writeFileSync(config, 'site: {}\n');
    expect(entrypoint([], config).status).toBe(0);
    expect(args()).toEqual(['run', '--config', config]);
    expect(entrypoint(['check'], config).status).toBe(0);
    expect(args()).toEqual(['check', '--config', config]);
    expect(entrypoint(['init', '--out', '/config/hashheat.yaml'], config).status).toBe(0);
    expect(args()).toEqual(['init', '--out', '/config/hashheat.yaml']);
  });

  it('entrypoint: a missing config ends with exit 2 and says how to write one', () => {
    const result = entrypoint(['run'], join(dir, 'missing.yaml'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('docker compose run --rm hashheat init --out');
  });

  // Not under CI's faketime pass: libfaketime shifts the times stat() reports but not the ones touch sets,
  // so a file dated 10 minutes back would read as half a year ahead.
  it.skipIf(process.env.FAKETIME !== undefined)(
    'healthcheck: healthy while state.json is fresh, unhealthy when old or missing',
    () => {
      const data = mkdtempSync(join(tmpdir(), 'hashheat-health-'));
      const check = () =>
        spawnSync('node', [resolve('packaging/healthcheck.mjs')], {
          encoding: 'utf8',
          env: { PATH: process.env.PATH, HASHHEAT_DATA_DIR: data, HASHHEAT_HEALTH_MAX_AGE_S: '300' },
        });
      expect(check().status).toBe(1);
      writeFileSync(join(data, 'state.json'), '{}');
      expect(check().status).toBe(0);
      const old = new Date(Date.now() - 600_000);
      execFileSync('touch', ['-d', old.toISOString(), join(data, 'state.json')]);
      const stale = check();
      expect(stale.status).toBe(1);
      expect(stale.stderr).toMatch(/last written 6\d\d s ago/);
    },
  );
});
