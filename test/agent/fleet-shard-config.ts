import { parseConfig } from '../../config/loader.js';
import { tempDataDir } from '../fakes/agent-config.js';

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
