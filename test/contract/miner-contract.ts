import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeviceError, type DeviceErrorCode } from '../../src/errors.js';
import type { MinerAdapter } from '../../src/ports.js';

/** Faults every emulator can inject. */
export type Fault = 'none' | 'no-answer' | 'slow' | 'garbage' | 'reset' | 'auth';

/** Control over a running emulator. */
export interface EmulatorHandle {
  setFault(fault: Fault): void;
  close(): Promise<void>;
}

/** One adapter family under the contract: how to start its emulator and an adapter pointed at it. */
export interface ContractSubject {
  family: string;
  /** Start an emulator on 127.0.0.1 and an adapter pointed at it with a short timeout (≤ 500 ms). */
  setup(): Promise<{ adapter: MinerAdapter; emulator: EmulatorHandle; timeoutMs: number }>;
  /** Faults the family supports; `auth` only where the protocol has authentication. */
  faults: Fault[];
}

const EXPECTED: Record<Exclude<Fault, 'none'>, DeviceErrorCode[]> = {
  'no-answer': ['TIMEOUT', 'UNREACHABLE'],
  slow: ['TIMEOUT'],
  garbage: ['BAD_RESPONSE'],
  reset: ['UNREACHABLE'],
  auth: ['AUTH'],
};

async function expectDeviceError(promise: Promise<unknown>, codes: DeviceErrorCode[]): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should have failed').toBeInstanceOf(DeviceError);
  expect(codes).toContain((error as DeviceError).code);
}

/** The shared contract every miner adapter + emulator pair must pass. */
export function runMinerContract(subject: ContractSubject): void {
  describe(`miner contract: ${subject.family}`, () => {
    let adapter: MinerAdapter;
    let emulator: EmulatorHandle;
    let timeoutMs: number;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);

    beforeAll(async () => {
      process.on('unhandledRejection', onUnhandled);
      ({ adapter, emulator, timeoutMs } = await subject.setup());
    });
    afterEach(() => emulator.setFault('none'));
    afterAll(async () => {
      await adapter?.close();
      await emulator?.close();
      process.off('unhandledRejection', onUnhandled);
      expect(unhandled).toEqual([]);
    });

    it('declares levels: off first, sorted by power, unique ids', () => {
      const levels = adapter.levels();
      expect(levels[0]?.id).toBe('off');
      expect(levels.length).toBeGreaterThanOrEqual(2);
      expect(new Set(levels.map((l) => l.id)).size).toBe(levels.length);
      for (let i = 1; i < levels.length; i++)
        expect(levels[i]!.powerW).toBeGreaterThanOrEqual(levels[i - 1]!.powerW);
    });

    it('reports a status with sane units', async () => {
      const status = await adapter.status();
      expect(status.reachable).toBe(true);
      expect(typeof status.running).toBe('boolean');
      expect(Number.isFinite(status.at)).toBe(true);
      if (status.powerW !== undefined) expect(status.powerW).toBeGreaterThanOrEqual(0);
      if (status.ths !== undefined) expect(status.ths).toBeGreaterThanOrEqual(0);
      if (status.ths !== undefined) expect(status.ths).toBeLessThan(2000);
      if (status.chipTempC !== undefined) expect(status.chipTempC).toBeGreaterThan(-30);
      if (status.chipTempC !== undefined) expect(status.chipTempC).toBeLessThan(150);
    });

    it('applies every level and reads it back', async () => {
      for (const level of [...adapter.levels()].reverse()) {
        const result = await adapter.apply(level);
        expect(result.accepted, `apply ${level.id}: ${result.detail ?? ''}`).toBe(true);
        const status = await adapter.status();
        if (level.id === 'off') expect(status.running).toBe(false);
        else {
          expect(status.running).toBe(true);
          expect(status.levelId).toBe(level.id);
        }
      }
    });

    it('applies idempotently', async () => {
      const level = adapter.levels()[1]!;
      expect((await adapter.apply(level)).accepted).toBe(true);
      expect((await adapter.apply(level)).accepted).toBe(true);
      expect((await adapter.status()).levelId).toBe(level.id);
    });

    for (const fault of subject.faults) {
      if (fault === 'none') continue;
      it(`fails with a typed error on "${fault}" within the timeout, then recovers`, async () => {
        emulator.setFault(fault);
        const started = performance.now();
        await expectDeviceError(adapter.status(), EXPECTED[fault]);
        expect(performance.now() - started).toBeLessThan(timeoutMs * 3 + 500);
        emulator.setFault('none');
        const status = await adapter.status();
        expect(status.reachable).toBe(true);
      });
    }
  });
}
