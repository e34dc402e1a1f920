import type { Logger } from 'pino';
import { parseConfig } from '../../config/loader.js';
import type { Config } from '../../config/schema.js';
import { type Agent, createAgent } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { connectMqtt } from '../../src/mqtt/connection.js';
import type { Clock } from '../../src/ports.js';
import { tempDataDir } from '../fakes/agent-config.js';
import type { BrokerKind } from '../fakes/broker.js';

/**
 * One shard of a two-agent test site: 4 simulated miners of 1 and 2 kW on a 10 kW site limit, no
 * guards, near-free power. `extra` adds to the shard's sections: price lines (after `import`), a
 * `signals` list, keys of its `fleet` section, and whole sections (e.g. `zones`).
 */
export function fleetShardConfig(
  url: string,
  shard: string,
  extra: { site?: string; prices?: string; signals?: string; fleet?: string; sections?: string } = {},
) {
  const miners = [0, 1, 2, 3]
    .map(
      (i) =>
        `  - { id: ${shard}-m${i}, type: simulated, levels: [{ id: low, powerW: 1000, ths: ${50 + i} }, { id: high, powerW: 2000, ths: ${90 + i} }] }`,
    )
    .join('\n');
  return parseConfig(
    `
site: { timeZone: Europe/Berlin, currency: EUR, maxPowerW: 10000 }
agent: { dataDir: ${JSON.stringify(tempDataDir())}, onExit: off }
guards: { minOnSeconds: 0, minOffSeconds: 0, minDwellSeconds: 0, hysteresisPerHour: 0, enableDelaySeconds: 0, disableDelaySeconds: 0 }
prices:
  import: { type: fixed, perKWh: 0.05 }
${extra.prices ?? ''}revenue:
  hashprice: { type: static, perThsDay: 0.034 }
${extra.signals ? `signals:\n${extra.signals}` : ''}mqtt: { url: "${url}", clientId: agent-${shard}, baseTopic: hh-${shard} }
fleet: { site: ${extra.site ?? 'test-site'}, shard: ${shard}, ${extra.fleet ?? 'offerTtlSeconds: 90'} }
${extra.sections ?? ''}miners:
${miners}
`,
    {},
  );
}

/**
 * Starts a shard's agent on a manual scheduler. aedes speaks MQTT 3.1.1 only, so there the agent gets
 * a 3.1.1 fleet connection of its own, handed to `onClose` to close after the agent; on mosquitto
 * the agent makes its MQTT 5 one.
 */
export async function startShardAgent(
  config: Config,
  kind: BrokerKind,
  deps: { clock: Clock; logger: Logger },
  onClose: (close: () => Promise<unknown>) => void,
): Promise<Agent> {
  const fleetBus = kind === 'aedes' ? connectMqtt(config.mqtt!, deps, 'fleet', 4) : undefined;
  if (fleetBus) onClose(() => fleetBus.close());
  const agent = await createAgent(config, {
    ...deps,
    scheduler: manualScheduler,
    ...(fleetBus ? { fleetBus } : {}),
  });
  await agent.start();
  return agent;
}
