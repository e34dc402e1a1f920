import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import type { Clock, MinerAdapter } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import type { HomeAssistantClient } from '../../homeassistant/client.js';
import { ENTITY_ID, isNoData, observedAt } from '../../homeassistant/entity-state.js';
import { defineMiner } from '../../plugin.js';
import { haScalar } from '../../sources/homeassistant/ha-scalar.js';
import { type SwitchDevice, type SwitchState, switchedMiner, unusableDevice } from './switch-device.js';
import { switchMinerBaseSchema } from './switch-schema.js';

const entityId = z.string().regex(ENTITY_ID, 'an entity id such as switch.miner_plug');

/** The HA switch's own keys, shared by the miner and the follower target. */
export const haSwitchFields = {
  entity: entityId.describe('the switch entity (switch.*, input_boolean.*, light.* …) powering the device'),
  powerEntity: entityId.optional().describe('a power sensor for the device (W or kW, from its HA unit)'),
  powerMaxAgeSeconds: z
    .number()
    .positive()
    .default(300)
    .describe('older power readings are not reported (s)'),
};

const schema = switchMinerBaseSchema
  .extend({ type: z.literal('homeassistant-switch'), ...haSwitchFields })
  .strict();

/** What the HA switch device needs. */
interface HaSwitchOptions {
  entity: string;
  powerEntity?: string | undefined;
  powerMaxAgeSeconds: number;
  timeoutMs: number;
}

const POLL_MS = 100;

/**
 * A switch entity in Home Assistant (REST, reference/homeassistant.md §4.3): `POST
 * /api/services/<domain>/turn_on|turn_off`, state read back with `GET /api/states/<entity>`.
 * HA's `unavailable` means HA cannot reach the plug: UNREACHABLE.
 */
export function haSwitchDevice(
  ha: HomeAssistantClient,
  options: HaSwitchOptions,
  deps: { clock: Clock },
): SwitchDevice {
  const label = `homeassistant ${options.entity}`;
  const domain = options.entity.split('.')[0]!;
  const sleep = (ms: number) => new Promise<void>((resolve) => deps.clock.setTimeout(resolve, ms));

  async function relay(): Promise<boolean> {
    const state = await ha.getState(options.entity);
    if (state.state === 'on') return true;
    if (state.state === 'off') return false;
    if (isNoData(state.state))
      throw new DeviceError('UNREACHABLE', `${label} is ${state.state || 'empty'} in Home Assistant`);
    throw new DeviceError(
      'BAD_RESPONSE',
      `${label}: unexpected state ${JSON.stringify(state.state.slice(0, 40))}`,
    );
  }

  /** Measured power, or undefined when absent, unusable or too old (never fails the read). */
  async function powerW(): Promise<number | undefined> {
    if (!options.powerEntity) return undefined;
    try {
      const state = await ha.getState(options.powerEntity);
      const parsed = haScalar(state, { signal: 'powerW', scale: 1, invert: false });
      const at = observedAt(state);
      if (!parsed.ok || parsed.value < 0) return undefined;
      if (at !== undefined && deps.clock.now() - at > options.powerMaxAgeSeconds * 1000) return undefined;
      return parsed.value;
    } catch {
      return undefined;
    }
  }

  return {
    label,
    meters: options.powerEntity !== undefined,
    async read(): Promise<SwitchState> {
      const [on, power] = await Promise.all([relay(), powerW()]);
      return power === undefined ? { on } : { on, powerW: power };
    },
    async set(on) {
      await ha.callService(domain, on ? 'turn_on' : 'turn_off', { entity_id: options.entity });
      // HA may update the state after the call returns (device round trip): wait for it, bounded.
      const until = deps.clock.now() + options.timeoutMs;
      while ((await relay()) !== on && deps.clock.now() < until) await sleep(POLL_MS);
    },
    close: async () => undefined,
  };
}

/** The HA switch a config describes, or a device that fails with UNSUPPORTED without a `homeassistant` section. */
export function haSwitchFromConfig(config: HaSwitchOptions, deps: AdapterDeps): SwitchDevice {
  return deps.homeassistant
    ? haSwitchDevice(deps.homeassistant, config, deps)
    : unusableDevice(
        `homeassistant ${config.entity}`,
        new DeviceError('UNSUPPORTED', `${config.entity} needs the homeassistant section`, false),
      );
}

/** A miner powered through any Home Assistant switch entity: off and one running level. */
export const haSwitchMiner = defineMiner({
  type: 'homeassistant-switch',
  description: 'a miner switched by a Home Assistant switch entity (REST), optional power sensor',
  schema,
  create(config, deps): MinerAdapter {
    return switchedMiner(
      haSwitchFromConfig(config, deps),
      { id: config.id, family: 'homeassistant-switch', level: config.levels[0]! },
      deps,
    );
  },
});
