import { describe, expect, it } from 'vitest';
import { simulatedMiner } from '../../../adapters/miners/simulated/simulated.js';
import { DeviceError } from '../../../src/errors.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';

const levels = [
  { id: 'low', powerW: 80, ths: 4 },
  { id: 'high', powerW: 140, ths: 6 },
];

function make(failure: Record<string, unknown> = {}) {
  const { deps } = testAdapterDeps();
  const config = simulatedMiner.schema.parse({
    id: 'sim',
    type: 'simulated',
    zone: 'living',
    levels,
    failure,
  });
  return { adapter: simulatedMiner.create(config as never, deps), deps };
}

runMinerContract({
  family: 'simulated',
  faults: [],
  async setup() {
    return { adapter: make().adapter, emulator: { setFault() {}, async close() {} }, timeoutMs: 100 };
  },
});

describe('simulated miner', () => {
  it('heats its zone in the simulated world', async () => {
    const { adapter, deps } = make();
    await adapter.apply(adapter.levels()[2]!);
    expect(deps.sim.heatIntoZoneW('living')).toBe(140);
    expect((await adapter.status()).chipTempC).toBeCloseTo(75);
  });

  it('injects unreachability and refused commands', async () => {
    const down = make({ unreachable: true }).adapter;
    await expect(down.status()).rejects.toBeInstanceOf(DeviceError);
    const stubborn = make({ refuseApply: true }).adapter;
    expect((await stubborn.apply(stubborn.levels()[1]!)).accepted).toBe(false);
  });

  it('fails every Nth call', async () => {
    const { adapter } = make({ failEveryNthCall: 2 });
    await adapter.status();
    await expect(adapter.status()).rejects.toMatchObject({ code: 'UNREACHABLE' });
    await expect(adapter.status()).resolves.toMatchObject({ reachable: true });
  });
});
