import { z } from 'zod';
import { minerBaseSchema } from '../../../config/common.js';
import { OFF } from '../../../src/core/model.js';
import type { Level, MinerStatus } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { MinerAdapter } from '../../../src/ports.js';
import { defineMiner } from '../../plugin.js';

const schema = minerBaseSchema.extend({
  type: z.literal('simulated'),
  levels: minerBaseSchema.shape.levels.unwrap().describe('running levels (off is implicit)'),
  idleChipTempC: z.number().default(35).describe('chip temperature when off (°C)'),
  fullChipTempC: z.number().default(75).describe('chip temperature at the top level (°C)'),
  failure: z
    .object({
      unreachable: z.boolean().default(false).describe('every call fails with UNREACHABLE'),
      refuseApply: z.boolean().default(false).describe('apply is acknowledged but ignored'),
      failEveryNthCall: z.number().int().nonnegative().default(0).describe('every Nth call fails; 0 = never'),
    })
    .strict()
    .prefault({})
    .describe('failure injection for tests and demos'),
});

/** A miner that exists only in memory: levels, power, hashrate, chip temperature, failure injection. */
export const simulatedMiner = defineMiner({
  type: 'simulated',
  description: 'an in-memory miner for the demo and tests',
  schema,
  create(config, deps): MinerAdapter {
    const levels: Level[] = [OFF, ...[...config.levels].sort((a, b) => a.powerW - b.powerW)];
    const topW = levels[levels.length - 1]!.powerW || 1;
    let current: Level = OFF;
    let calls = 0;
    const check = () => {
      calls += 1;
      const nth = config.failure.failEveryNthCall;
      if (config.failure.unreachable || (nth > 0 && calls % nth === 0)) {
        throw new DeviceError('UNREACHABLE', `simulated miner ${config.id} does not answer`);
      }
    };
    // A power-target miner (`continuous`) runs at any power within its range, like a Braiins OS target.
    const running = levels.filter((l) => l.id !== OFF.id);
    const minW = config.continuous?.minW ?? running[0]?.powerW ?? 0;
    const maxW = config.continuous?.maxW ?? topW;
    const target = (level: Level): Level | undefined =>
      config.continuous && level.powerW >= minW && level.powerW <= maxW ? { ...level } : undefined;
    return {
      id: config.id,
      family: 'simulated',
      capabilities: { softStop: true, throttle: levels.length > 2, reportsPower: true },
      levels: () => levels,
      async status(): Promise<MinerStatus> {
        check();
        const share = current.powerW / topW;
        return {
          reachable: true,
          running: current.id !== 'off',
          levelId: current.id,
          powerW: current.powerW,
          ths: current.ths,
          chipTempC: config.idleChipTempC + share * (config.fullChipTempC - config.idleChipTempC),
          at: deps.clock.now(),
        };
      },
      async apply(level) {
        check();
        if (!config.failure.refuseApply)
          current = levels.find((l) => l.id === level.id) ?? target(level) ?? current;
        deps.sim.setMinerPower(config.id, config.zone, current.powerW);
        const accepted = current.id === level.id;
        return accepted ? { accepted } : { accepted, detail: `still at ${current.id}` };
      },
      async describe() {
        return { family: 'simulated', model: 'simulated miner', firmware: 'hashheat' };
      },
      async close() {},
    };
  },
});
