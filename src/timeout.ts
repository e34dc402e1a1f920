import { DeviceError } from './errors.js';
import type { Clock } from './ports.js';

/** Rejects with a TIMEOUT DeviceError when `promise` takes longer than `ms` on `clock`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, clock: Clock, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handle = clock.setTimeout(
      () => reject(new DeviceError('TIMEOUT', `${what} took longer than ${ms} ms`)),
      ms,
    );
    promise.then(
      (value) => {
        clock.clearTimeout(handle);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(handle);
        reject(error);
      },
    );
  });
}

/**
 * `promise`'s value, or `undefined` when it has not settled within `ms` on `clock` (it goes on
 * regardless): unlike `withTimeout`, running late is no error.
 */
export function within<T>(promise: Promise<T>, ms: number, clock: Clock): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const handle = clock.setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clock.clearTimeout(handle);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(handle);
        reject(error);
      },
    );
  });
}
