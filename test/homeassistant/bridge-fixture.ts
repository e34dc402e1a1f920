import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../config/loader.js';
import type { MqttConfig } from '../../config/mqtt.js';
import type { Config } from '../../config/schema.js';
import { type Agent, createAgent } from '../../src/agent/agent.js';
import { systemClock } from '../../src/agent/clock.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { type HomeAssistantBridge, startHomeAssistantBridge } from '../../src/homeassistant/bridge.js';
import { connectMqtt } from '../../src/mqtt/connection.js';
import type { Clock } from '../../src/ports.js';
import type { TestBroker } from '../fakes/broker.js';
import { captureLogger } from '../fakes/logger.js';
import { type MqttObserver, observe } from '../fakes/mqtt-observer.js';
import { DiscoveryChecker } from './discovery-checker.js';

/** Two simulated miners: a heater in the living room and a garage miner. */
export const TWO_MINERS = `
  - id: nano
    name: Nano 3S
    type: simulated
    zone: living
    levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }]
  - id: garage
    name: S19 Garage
    type: simulated
    levels: [{ id: p700, powerW: 700, ths: 26 }, { id: p1000, powerW: 1000, ths: 36 }]`;

/** A config around simulated miners, talking to `brokerUrl`. */
export function haConfig(options: {
  brokerUrl: string;
  dataDir: string;
  miners?: string;
  extra?: string;
  /** More keys of the `site` section, e.g. `maxPowerW: 3000`. */
  siteExtra?: string;
  reconnectMinMs?: number;
}): Config {
  return parseConfig(
    `
site: { timeZone: Europe/Berlin, currency: EUR${options.siteExtra ? `, ${options.siteExtra}` : ''} }
agent: { dataDir: ${JSON.stringify(options.dataDir)} }
guards: { minOnSeconds: 0, minOffSeconds: 0, minDwellSeconds: 0, hysteresisPerHour: 0, enableDelaySeconds: 0, disableDelaySeconds: 0 }
prices:
  import: { type: fixed, perKWh: 0.30 }
  export: { type: fixed, perKWh: 0.08 }
revenue:
  hashprice: { type: static, perThsDay: 0.034 }
zones:
  - { id: living, name: Living room, targetC: 21, maxC: 23, heater: { type: resistive } }
signals:
  - { type: static, signal: zone.living.tempC, value: 19, intervalSeconds: 100000 }
  - { type: static, signal: grid.powerW, value: -500, intervalSeconds: 100000 }
miners:${options.miners ?? TWO_MINERS}
mqtt: { url: ${JSON.stringify(options.brokerUrl)}, reconnectMinMs: ${options.reconnectMinMs ?? 100}, reconnectMaxMs: 1000 }
${options.extra ?? ''}
`,
    {},
  );
}

/** A running agent + bridge against a real broker, and Home Assistant's side of it. */
export interface Harness {
  config: Config & { mqtt: MqttConfig };
  agent: Agent;
  bridge: HomeAssistantBridge;
  /** Sees everything under `homeassistant/#` and `hashheat/#`; every payload goes through the checker. */
  ha: MqttObserver;
  checker: DiscoveryChecker;
  log: ReturnType<typeof captureLogger>;
  stop(): Promise<void>;
}

/** A fresh data directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hashheat-ha-'));
}

/** Starts the agent and bridge on `broker` and a checking HA observer; waits until discovery arrived. */
export async function startHarness(
  broker: TestBroker,
  options: {
    dataDir?: string;
    miners?: string;
    extra?: string;
    siteExtra?: string;
    /** The config has a `fleet` section: its offers go over a 3.1.1 connection of their own (aedes has no MQTT 5). */
    fleetBus?: boolean;
    clock?: Clock;
    reconnectMinMs?: number;
    /** Timers of the agent's MQTT reconnects (e.g. `recordingTimers()`); wall time when absent. */
    mqttTimers?: Clock;
  } = {},
): Promise<Harness> {
  const config = haConfig({
    brokerUrl: broker.url,
    dataDir: options.dataDir ?? tempDir(),
    ...options,
  }) as Harness['config'];
  const checker = new DiscoveryChecker({
    discoveryPrefix: 'homeassistant',
    baseTopic: 'hashheat',
    agentDeviceId: 'hashheat_agent',
  });
  const ha = await observe(broker.url, ['homeassistant/#', 'hashheat/#']);
  ha.client.on('message', (topic, payload) => {
    // Our own test commands and HA's birth message are not the agent's output.
    if (topic.endsWith('/set') || topic === 'homeassistant/status') return;
    // Live deliveries never carry the retain flag (MQTT 3.1.1 §3.3.1.3); retention is checked separately.
    checker.checkMessage(topic, payload, true);
  });
  const log = captureLogger();
  const clock = options.clock ?? systemClock;
  // With timers of its own, the agent's connection is made here (as createAgent would) and handed in.
  const mqtt = options.mqttTimers
    ? connectMqtt(config.mqtt, { clock, timers: options.mqttTimers, logger: log.logger })
    : undefined;
  const fleetBus = options.fleetBus
    ? connectMqtt(config.mqtt, { clock, logger: log.logger }, 'fleet', 4)
    : undefined;
  const agent = await createAgent(config, {
    clock,
    logger: log.logger,
    scheduler: manualScheduler,
    ...(mqtt ? { mqtt } : {}),
    ...(fleetBus ? { fleetBus } : {}),
  });
  await agent.start();
  const bridge = startHomeAssistantBridge(agent, agent.mqtt!, config, { clock, logger: log.logger });
  await ha.waitFor('homeassistant/device/hashheat_agent/config');
  return {
    config,
    agent,
    bridge,
    ha,
    checker,
    log,
    async stop() {
      bridge.stop();
      await agent.stop({ applyOnExit: false });
      await mqtt?.close();
      await fleetBus?.close();
      await ha.close();
    },
  };
}
